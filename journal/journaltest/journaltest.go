// Package journaltest is the conformance suite every codebook journal
// runs: journal.Memory, journal/sqlite and journal/postgres. Run
// checks the state machine, generations and fencing, holds and releases,
// Claim, Get, Stats, storage of every class, and concurrent use, against
// a clock the suite moves itself (no test waits on the wall clock).
package journaltest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/reconciler"
)

// Store is the method set of a journal that a reconciler uses: the
// journal.Journal the engine writes through, plus Claim, Get and Stats.
type Store = reconciler.Store

// Opener returns a new, empty store whose clock is now. It closes the
// store with t.Cleanup.
type Opener func(t *testing.T, now func() time.Time) Store

// Run runs the conformance suite against the stores open makes, one
// fresh store per subtest.
func Run(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		run  func(*testing.T, *env)
	}{
		{"BeginRecordsCreated", testBeginRecordsCreated},
		{"StepsUntilFinal", testStepsUntilFinal},
		{"RefusesBadEntriesAndSteps", testRefusesBad},
		{"TakeoverFencesTheOldWriter", testTakeover},
		{"UnknownReference", testUnknown},
		{"HoldAndRelease", testHoldAndRelease},
		{"ClaimOldestLapsedUnresolved", testClaim},
		{"ClaimedRowIsHeld", testClaimHeld},
		{"GetReturnsCopies", testCopies},
		{"Stats", testStats},
		{"ClassRoundTrips", testClassRoundTrips},
		{"OddNotesAreWritten", testOddNotes},
		{"ConcurrentBeginsOfOneReference", testConcurrentBegins},
		{"ConcurrentWritersAndClaimers", testConcurrentClaims},
	} {
		t.Run(c.name, func(t *testing.T) {
			clk := NewClock(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
			c.run(t, &env{Store: open(t, clk.Now), clock: clk, ctx: context.Background()})
		})
	}
}

// env is one subtest's store, clock and context.
type env struct {
	Store
	clock *Clock
	ctx   context.Context
}

// Clock is a clock the suite moves by hand; it is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a clock stopped at start.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock d forward and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Entry returns a valid entry for ref whose request is body.
func Entry(ref, body string, hold time.Duration) journal.Entry {
	return journal.Entry{
		Reference:   ref,
		Operation:   "topUp",
		Fingerprint: journal.FingerprintOf([]byte(body)),
		Request:     []byte(body),
		Hold:        hold,
	}
}

func (e *env) begin(t *testing.T, en journal.Entry) int64 {
	t.Helper()
	gen, err := e.Begin(e.ctx, en)
	if err != nil {
		t.Fatalf("Begin(%s): %v", en.Reference, err)
	}
	return gen
}

func (e *env) record(t *testing.T, ref string, gen int64, s journal.Step) {
	t.Helper()
	if err := e.Record(e.ctx, ref, gen, s); err != nil {
		t.Fatalf("Record(%s, gen %d, %s): %v", ref, gen, s.State, err)
	}
}

func (e *env) get(t *testing.T, ref string) journal.Record {
	t.Helper()
	r, err := e.Get(e.ctx, ref)
	if err != nil {
		t.Fatalf("Get(%s): %v", ref, err)
	}
	return r
}

func (e *env) claim(t *testing.T, owner string, max int, hold time.Duration) []journal.Record {
	t.Helper()
	rs, err := e.Claim(e.ctx, owner, max, hold)
	if err != nil {
		t.Fatalf("Claim(%s, %d): %v", owner, max, err)
	}
	return rs
}

func refs(rs []journal.Record) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Entry.Reference
	}
	return out
}

func sameTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func sameEntry(t *testing.T, got, want journal.Entry) {
	t.Helper()
	if got.Reference != want.Reference || got.Operation != want.Operation || got.Fingerprint != want.Fingerprint ||
		string(got.Request) != string(want.Request) || got.Hold != want.Hold {
		t.Errorf("entry = %+v, want %+v", got, want)
	}
}
