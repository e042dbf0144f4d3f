package journaltest

import (
	"errors"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

func testBeginRecordsCreated(t *testing.T, e *env) {
	en := Entry("ref-1", `{"amount":100}`, time.Minute)
	now := e.clock.Now()
	if gen := e.begin(t, en); gen != 1 {
		t.Errorf("first Begin's generation = %d, want 1", gen)
	}
	r := e.get(t, "ref-1")
	sameEntry(t, r.Entry, en)
	if r.Step != (journal.Step{State: journal.StateCreated, Class: codebook.Unknown()}) {
		t.Errorf("step after Begin = %+v, want created with the unknown class", r.Step)
	}
	if r.Generation != 1 || r.Owner != "" {
		t.Errorf("generation, owner = %d, %q; want 1, \"\"", r.Generation, r.Owner)
	}
	sameTime(t, "Created", r.Created, now)
	sameTime(t, "Updated", r.Updated, now)
	sameTime(t, "HeldUntil", r.HeldUntil, now.Add(time.Minute))
}

func testStepsUntilFinal(t *testing.T, e *env) {
	for _, final := range []journal.State{journal.StateSucceeded, journal.StateFailed} {
		ref := "ref-" + final.String()
		created := e.clock.Now()
		gen := e.begin(t, Entry(ref, "body "+ref, time.Minute))
		answered := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
		steps := []journal.Step{
			{State: journal.StateSending, Attempt: 1, Class: codebook.Unknown()},
			{State: journal.StateUncertain, Class: codebook.Unknown(), Note: "timeout"},
			{State: journal.StateSending, Attempt: 2, Class: codebook.Unknown()},
			{State: journal.StateAnswered, Attempt: 2, Class: answered},
			{State: journal.StateFlagged, Class: codebook.Unknown(), Note: "needs reconciliation"},
			{State: final, Class: codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}},
		}
		for _, s := range steps {
			now := e.clock.Advance(time.Second)
			e.record(t, ref, gen, s)
			r := e.get(t, ref)
			if r.Step != s {
				t.Errorf("%s: step = %+v, want %+v", ref, r.Step, s)
			}
			sameTime(t, ref+" Updated", r.Updated, now)
			sameTime(t, ref+" Created", r.Created, created)
			if r.Generation != gen {
				t.Errorf("%s: a step changed the generation to %d", ref, r.Generation)
			}
		}
		err := e.Record(e.ctx, ref, gen, journal.Step{State: journal.StateSending, Attempt: 3})
		if !errors.Is(err, codebook.ErrJournalFinal) {
			t.Errorf("%s: Record after %s = %v, want ErrJournalFinal", ref, final, err)
		}
		err = e.Record(e.ctx, ref, gen-1, journal.Step{State: journal.StateSending, Attempt: 3})
		if !errors.Is(err, codebook.ErrJournalFinal) {
			t.Errorf("%s: Record by an older writer after %s = %v, want ErrJournalFinal (final before fenced)", ref, final, err)
		}
		if _, err := e.Begin(e.ctx, Entry(ref, "body "+ref, time.Minute)); !errors.Is(err, codebook.ErrJournalFinal) {
			t.Errorf("%s: Begin after %s = %v, want ErrJournalFinal", ref, final, err)
		}
		if r := e.get(t, ref); r.Step.State != final || r.Generation != gen {
			t.Errorf("%s: refused writes changed the record: %+v", ref, r)
		}
	}
}

func testRefusesBad(t *testing.T, e *env) {
	if _, err := e.Begin(e.ctx, Entry("", "x", 0)); err == nil {
		t.Error("Begin without a reference succeeded")
	}
	bad := Entry("ref-bad", "x", 0)
	bad.Fingerprint = journal.FingerprintOf([]byte("y"))
	if _, err := e.Begin(e.ctx, bad); err == nil {
		t.Error("Begin with a fingerprint that is not the request's succeeded")
	}
	if _, err := e.Get(e.ctx, "ref-bad"); !errors.Is(err, codebook.ErrJournalUnknown) {
		t.Errorf("a refused Begin left a record: Get = %v", err)
	}
	gen := e.begin(t, Entry("ref-ok", "x", 0))
	for _, st := range []journal.State{0, journal.StateFlagged + 1, 200} {
		if err := e.Record(e.ctx, "ref-ok", gen, journal.Step{State: st}); err == nil {
			t.Errorf("Record of state %d succeeded", st)
		}
	}
	if r := e.get(t, "ref-ok"); r.Step.State != journal.StateCreated {
		t.Errorf("a refused step was written: %s", r.Step.State)
	}
}

func testTakeover(t *testing.T, e *env) {
	en := Entry("ref-t", `{"amount":5}`, time.Minute)
	old := e.begin(t, en)
	sending := journal.Step{State: journal.StateSending, Attempt: 1, Class: codebook.Unknown()}
	e.record(t, "ref-t", old, sending)
	created := e.get(t, "ref-t").Created

	now := e.clock.Advance(time.Hour)
	en.Operation, en.Hold = "topUpAgain", 2*time.Minute
	gen := e.begin(t, en)
	if gen <= old {
		t.Fatalf("takeover generation = %d, want more than %d", gen, old)
	}
	r := e.get(t, "ref-t")
	if r.Generation != gen || r.Owner != "" {
		t.Errorf("after takeover: generation %d owner %q, want %d and \"\"", r.Generation, r.Owner, gen)
	}
	if r.Step != sending {
		t.Errorf("takeover changed the last step to %+v: a resumed writer must still see %+v", r.Step, sending)
	}
	sameEntry(t, r.Entry, en)
	sameTime(t, "Created after takeover", r.Created, created)
	sameTime(t, "Updated after takeover", r.Updated, now)
	sameTime(t, "HeldUntil after takeover", r.HeldUntil, now.Add(2*time.Minute))

	if err := e.Record(e.ctx, "ref-t", old, journal.Step{State: journal.StateSucceeded}); !errors.Is(err, codebook.ErrJournalFenced) {
		t.Errorf("the old writer's Record = %v, want ErrJournalFenced", err)
	}
	if err := e.Record(e.ctx, "ref-t", gen+1, journal.Step{State: journal.StateSucceeded}); !errors.Is(err, codebook.ErrJournalFenced) {
		t.Errorf("a Record with a generation never handed out = %v, want ErrJournalFenced", err)
	}
	if r := e.get(t, "ref-t"); r.Step != sending {
		t.Errorf("a fenced Record was written: %+v", r.Step)
	}
	e.record(t, "ref-t", gen, journal.Step{State: journal.StateUncertain})

	other := Entry("ref-t", `{"amount":6}`, time.Minute)
	if _, err := e.Begin(e.ctx, other); !errors.Is(err, codebook.ErrReferenceReused) {
		t.Errorf("Begin with another body under the reference = %v, want ErrReferenceReused", err)
	}
	if r := e.get(t, "ref-t"); r.Generation != gen || r.Entry.Fingerprint != en.Fingerprint {
		t.Errorf("a refused Begin changed the record: generation %d", r.Generation)
	}
}

func testUnknown(t *testing.T, e *env) {
	if err := e.Record(e.ctx, "nobody", 1, journal.Step{State: journal.StateSending, Attempt: 1}); !errors.Is(err, codebook.ErrJournalUnknown) {
		t.Errorf("Record of an unknown reference = %v, want ErrJournalUnknown", err)
	}
	if _, err := e.Get(e.ctx, "nobody"); !errors.Is(err, codebook.ErrJournalUnknown) {
		t.Errorf("Get of an unknown reference = %v, want ErrJournalUnknown", err)
	}
}

func testHoldAndRelease(t *testing.T, e *env) {
	start := e.clock.Now()
	gen := e.begin(t, Entry("ref-h", "h", time.Minute))
	if got := e.claim(t, "r1", 10, time.Minute); len(got) != 0 {
		t.Fatalf("Claim took a transaction still held by its writer: %v", refs(got))
	}
	e.clock.Advance(59 * time.Second)
	if got := e.claim(t, "r1", 10, time.Minute); len(got) != 0 {
		t.Fatalf("Claim took a transaction 1s before its hold lapsed: %v", refs(got))
	}
	// A step without a release keeps the writer's hold.
	e.record(t, "ref-h", gen, journal.Step{State: journal.StateSending, Attempt: 1})
	sameTime(t, "HeldUntil after a step without release", e.get(t, "ref-h").HeldUntil, start.Add(time.Minute))
	// A release shortens (or lengthens) the hold from now.
	now := e.clock.Now()
	e.record(t, "ref-h", gen, journal.Step{State: journal.StateUncertain, Release: 10 * time.Second})
	r := e.get(t, "ref-h")
	sameTime(t, "HeldUntil after a release", r.HeldUntil, now.Add(10*time.Second))
	if r.Step.Release != 10*time.Second {
		t.Errorf("stored release = %s, want 10s", r.Step.Release)
	}
	e.clock.Advance(9 * time.Second)
	if got := e.claim(t, "r1", 10, time.Minute); len(got) != 0 {
		t.Fatalf("Claim took a transaction before its release: %v", refs(got))
	}
	e.clock.Advance(time.Second)
	if got := e.claim(t, "r1", 10, time.Minute); len(got) != 1 || got[0].Entry.Reference != "ref-h" {
		t.Fatalf("Claim when the release lapsed = %v, want [ref-h]", refs(got))
	}
}
