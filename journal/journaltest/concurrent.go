package journaltest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// testConcurrentBegins: many Begins of one reference at once each get a
// generation of their own, and only the newest writer may write.
func testConcurrentBegins(t *testing.T, e *env) {
	const n = 16
	gens := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { gens[i], errs[i] = e.Begin(e.ctx, Entry("one", "one", 0)) })
	}
	wg.Wait()
	seen := map[int64]bool{}
	var newest int64
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("concurrent Begin %d: %v", i, errs[i])
		}
		if seen[gens[i]] {
			t.Errorf("two concurrent Begins got generation %d", gens[i])
		}
		seen[gens[i]] = true
		newest = max(newest, gens[i])
	}
	if r := e.get(t, "one"); r.Generation != newest || newest != n {
		t.Errorf("stored generation %d, newest handed out %d, want %d", r.Generation, newest, n)
	}
	for _, g := range gens {
		err := e.Record(e.ctx, "one", g, journal.Step{State: journal.StateSending, Attempt: 1})
		if (g == newest) != (err == nil) {
			t.Errorf("Record by generation %d (newest %d) = %v", g, newest, err)
		}
	}
}

// testConcurrentClaims runs writers (Begin, sending, succeeded) and
// reconcilers (Claim, then succeeded under the claimed generation) at
// once: every transaction is claimed by at most one reconciler while its
// hold lasts, a writer that lost its transaction is fenced (or finds it
// final), a reconciler
// that claimed one always may write it, and every one ends final.
func testConcurrentClaims(t *testing.T, e *env) {
	const writers, perWriter, claimers = 8, 12, 4
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		claimed = map[string]string{}
		fails   []string
		done    = make(chan struct{})
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fails = append(fails, fmt.Sprintf(format, args...))
	}
	var ww sync.WaitGroup
	for w := range writers {
		ww.Go(func() {
			for i := range perWriter {
				ref := fmt.Sprintf("w%d-%03d", w, i)
				gen, err := e.Begin(e.ctx, Entry(ref, "body "+ref, 0))
				if err != nil {
					fail("Begin(%s): %v", ref, err)
					continue
				}
				for _, s := range []journal.Step{{State: journal.StateSending, Attempt: 1}, {State: journal.StateSucceeded}} {
					if err := e.Record(e.ctx, ref, gen, s); err != nil {
						if !errors.Is(err, codebook.ErrJournalFenced) && !errors.Is(err, codebook.ErrJournalFinal) {
							fail("writer Record(%s, %s): %v, want nil, ErrJournalFenced or (the reconciler finished it) ErrJournalFinal", ref, s.State, err)
						}
						break
					}
				}
			}
		})
	}
	for c := range claimers {
		owner := fmt.Sprintf("reconciler-%d", c)
		wg.Go(func() {
			for last := false; !last; {
				select {
				case <-done:
					last = true // one more pass after the writers stop
				default:
				}
				rs, err := e.Claim(e.ctx, owner, 3, time.Hour)
				if err != nil {
					fail("Claim(%s): %v", owner, err)
					return
				}
				for _, r := range rs {
					ref := r.Entry.Reference
					mu.Lock()
					prev, dup := claimed[ref]
					claimed[ref] = owner
					mu.Unlock()
					if dup {
						fail("%s was claimed by %s and again by %s within its hold", ref, prev, owner)
					}
					if err := e.Record(e.ctx, ref, r.Generation, journal.Step{State: journal.StateSucceeded}); err != nil {
						fail("%s: Record(%s) under its claimed generation: %v", owner, ref, err)
					}
				}
			}
		})
	}
	ww.Wait()
	close(done)
	wg.Wait()
	for _, f := range fails {
		t.Error(f)
	}
	st, err := e.Stats(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Counts[journal.StateSucceeded]; got != writers*perWriter {
		t.Errorf("succeeded = %d, want %d (counts %v)", got, writers*perWriter, st.Counts)
	}
	if !st.OldestUnresolved.IsZero() {
		t.Errorf("an unresolved transaction is left: oldest %v", st.OldestUnresolved)
	}
	t.Logf("%d of %d transactions were claimed by a reconciler", len(claimed), writers*perWriter)
}
