package journaltest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// seed begins refs a..f a second apart (f first, so that creation order
// and name order differ), finishes b, and holds e for an hour.
func seed(t *testing.T, e *env) map[string]int64 {
	gens := map[string]int64{}
	for _, ref := range []string{"f", "a", "b", "c", "d", "e"} {
		hold := time.Duration(0)
		if ref == "e" {
			hold = time.Hour
		}
		gens[ref] = e.begin(t, Entry(ref, "body "+ref, hold))
		e.clock.Advance(time.Second)
	}
	e.record(t, "b", gens["b"], journal.Step{State: journal.StateSucceeded})
	e.record(t, "c", gens["c"], journal.Step{State: journal.StateUncertain})
	return gens
}

func testClaim(t *testing.T, e *env) {
	gens := seed(t, e)
	if got := e.claim(t, "nobody", 0, time.Minute); len(got) != 0 {
		t.Errorf("Claim of at most 0 = %v", refs(got))
	}
	now := e.clock.Now()
	got := e.claim(t, "r1", 2, time.Minute)
	if want := []string{"f", "a"}; !slices.Equal(refs(got), want) {
		t.Fatalf("first Claim = %v, want %v (oldest lapsed unresolved first, at most 2)", refs(got), want)
	}
	for _, r := range got {
		ref := r.Entry.Reference
		if r.Generation != gens[ref]+1 || r.Owner != "r1" {
			t.Errorf("claimed %s: generation %d owner %q, want %d and r1", ref, r.Generation, r.Owner, gens[ref]+1)
		}
		sameTime(t, "claimed "+ref+" HeldUntil", r.HeldUntil, now.Add(time.Minute))
		sameEntry(t, r.Entry, Entry(ref, "body "+ref, 0))
		if stored := e.get(t, ref); stored.Generation != r.Generation || stored.Owner != "r1" || !stored.HeldUntil.Equal(r.HeldUntil) {
			t.Errorf("claimed %s is stored as %+v, returned as %+v", ref, stored, r)
		}
		err := e.Record(e.ctx, ref, gens[ref], journal.Step{State: journal.StateSucceeded})
		if !errors.Is(err, codebook.ErrJournalFenced) {
			t.Errorf("the writer that lost %s to a claim: Record = %v, want ErrJournalFenced", ref, err)
		}
	}
	got = e.claim(t, "r2", 10, time.Minute)
	if want := []string{"c", "d"}; !slices.Equal(refs(got), want) {
		t.Fatalf("second Claim = %v, want %v (not the claimed, final or held ones)", refs(got), want)
	}
	if c := got[0]; c.Step.State != journal.StateUncertain {
		t.Errorf("claimed c's step = %s, want uncertain", c.Step.State)
	}
	// The claimer writes with its generation; a final row is never claimed again.
	e.record(t, "c", got[0].Generation, journal.Step{State: journal.StateFailed})
	e.clock.Advance(time.Hour)
	got = e.claim(t, "r3", 10, time.Minute)
	if want := []string{"f", "a", "d", "e"}; !slices.Equal(refs(got), want) {
		t.Fatalf("Claim after every hold lapsed = %v, want %v", refs(got), want)
	}
	if got[0].Generation != gens["f"]+2 {
		t.Errorf("a second claim of f: generation %d, want %d", got[0].Generation, gens["f"]+2)
	}
}

func testClaimHeld(t *testing.T, e *env) {
	e.begin(t, Entry("x", "x", 0))
	first := e.claim(t, "r1", 1, time.Minute)
	if len(first) != 1 {
		t.Fatalf("Claim of a lapsed row = %v", refs(first))
	}
	e.clock.Advance(time.Minute - time.Millisecond)
	if got := e.claim(t, "r2", 1, time.Minute); len(got) != 0 {
		t.Fatalf("a claimed row was claimed again before its hold lapsed: %v", refs(got))
	}
	e.clock.Advance(time.Millisecond)
	again := e.claim(t, "r2", 1, time.Minute)
	if len(again) != 1 || again[0].Owner != "r2" || again[0].Generation != first[0].Generation+1 {
		t.Fatalf("Claim after the hold lapsed = %+v, want x for r2 with generation %d", again, first[0].Generation+1)
	}
	if err := e.Record(e.ctx, "x", first[0].Generation, journal.Step{State: journal.StateSucceeded}); !errors.Is(err, codebook.ErrJournalFenced) {
		t.Errorf("the reconciler whose lease lapsed: Record = %v, want ErrJournalFenced", err)
	}
}

func testCopies(t *testing.T, e *env) {
	en := Entry("c", "request", 0)
	e.begin(t, en)
	en.Request[0] = 'X' // the caller's slice, after Begin
	r := e.get(t, "c")
	r.Entry.Request[0] = 'Y'
	if got := e.get(t, "c"); string(got.Entry.Request) != "request" {
		t.Errorf("stored request = %q after changing the caller's and Get's slices, want %q", got.Entry.Request, "request")
	}
	for _, c := range e.claim(t, "r", 1, time.Minute) {
		c.Entry.Request[0] = 'Z'
	}
	if got := e.get(t, "c"); string(got.Entry.Request) != "request" {
		t.Errorf("stored request = %q after changing Claim's slice", got.Entry.Request)
	}
}

func testStats(t *testing.T, e *env) {
	st, err := e.Stats(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if countsTotal(st) != 0 || !st.OldestUnresolved.IsZero() {
		t.Errorf("Stats of an empty journal = %+v", st)
	}
	start := e.clock.Now()
	seed(t, e) // f a b c d e, b succeeded, c uncertain
	st, err = e.Stats(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[journal.State]int{journal.StateCreated: 4, journal.StateSucceeded: 1, journal.StateUncertain: 1}
	for s := journal.StateCreated; s <= journal.StateFlagged; s++ {
		if st.Counts[s] != want[s] {
			t.Errorf("Counts[%s] = %d, want %d", s, st.Counts[s], want[s])
		}
	}
	sameTime(t, "OldestUnresolved", st.OldestUnresolved, start) // f
	r := e.get(t, "f")
	e.record(t, "f", r.Generation, journal.Step{State: journal.StateFailed})
	st, err = e.Stats(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameTime(t, "OldestUnresolved once f is final", st.OldestUnresolved, start.Add(time.Second)) // a
	if st.Counts[journal.StateFailed] != 1 || st.Counts[journal.StateCreated] != 3 {
		t.Errorf("Counts once f failed = %v", st.Counts)
	}
}

func countsTotal(st journal.Stats) int {
	n := 0
	for _, c := range st.Counts {
		n += c
	}
	return n
}

// testClassRoundTrips stores every value of every class field and reads
// it back exactly, with the step's other fields.
func testClassRoundTrips(t *testing.T, e *env) {
	var classes []codebook.Class
	for _, name := range codebook.OutcomeNames() {
		o, _ := codebook.ParseOutcome(name)
		classes = append(classes, codebook.Class{Outcome: o, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth})
	}
	for _, name := range codebook.RetryNames() {
		r, _ := codebook.ParseRetry(name)
		classes = append(classes, codebook.Class{Outcome: codebook.OutcomeFailed, Retry: r})
	}
	for _, name := range codebook.FaultNames() {
		f, _ := codebook.ParseFault(name)
		classes = append(classes, codebook.Class{Outcome: codebook.OutcomePending, Fault: f})
	}
	for _, name := range codebook.CategoryNames() {
		c, _ := codebook.ParseCategory(name)
		classes = append(classes, codebook.Class{Retry: codebook.RetryAfterDelay, Category: c})
	}
	gen := e.begin(t, Entry("cls", "cls", 0))
	for i, c := range classes {
		s := journal.Step{
			State: journal.StateAnswered, Attempt: i + 1, Class: c,
			Note: fmt.Sprintf("note %d: «ü» 'quoted' \"twice\"\n", i), Release: time.Duration(i) * time.Millisecond,
		}
		e.record(t, "cls", gen, s)
		if got := e.get(t, "cls").Step; got != s {
			t.Errorf("step %d read back as %+v (class %s), want %+v (class %s)", i, got, got.Class, s, c)
		}
	}
}

// testOddNotes: a note carrying a provider's text may hold a NUL or bytes
// that are not UTF-8; the step is still written (a refused write would
// stop the engine), and reads back as written or with those bytes
// replaced by U+FFFD.
func testOddNotes(t *testing.T, e *env) {
	gen := e.begin(t, Entry("odd", "odd", 0))
	for _, note := range []string{"nul \x00 here", "latin-1 \xe9t\xe9", "cut \xe2\x82"} {
		s := journal.Step{State: journal.StateUncertain, Note: note}
		e.record(t, "odd", gen, s)
		got := e.get(t, "odd").Step.Note
		if clean := strings.ToValidUTF8(strings.ReplaceAll(note, "\x00", "\uFFFD"), "\uFFFD"); got != note && got != clean {
			t.Errorf("note %q read back as %q, want it as written or as %q", note, got, clean)
		}
	}
}
