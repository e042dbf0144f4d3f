package sim

import (
	"context"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// TestV2Exhaustive walks every schedule of v2-contract within the bound
// and finds no violation.
func TestV2Exhaustive(t *testing.T) {
	f, b := family(t, "v2-contract"), bound(t)
	start := time.Now()
	s := ExploreParallel(f, Engine(), b, 1, 2)
	t.Logf("v2 exhaustive %+v: %s; resent after an unknown outcome: %d; in %s", b, summary(s), s.Doubtful, time.Since(start).Round(time.Millisecond))
	if s.Schedules < 100_000 {
		t.Errorf("only %d schedules explored: the bound or the V2 model lost its choices", s.Schedules)
	}
	live(t, s)
	reportViolations(t, f, Engine(), b, s)
}

// TestV2Random runs random schedules of v2-contract-wide and finds no
// violation.
func TestV2Random(t *testing.T) { randomNoViolation(t, "v2-contract-wide", "v2 random") }

// TestV2Nominal checks that a V2 schedule where nothing goes wrong (201
// pending, then processing, then completed) ends in success with one send
// and one charge: Execute flags the pending top-up and Wait settles it.
func TestV2Nominal(t *testing.T) {
	r := Replay(Schedule{Executor: Engine(), Family: family(t, "v2-contract"), Seed: 1}, DefaultBound())
	final := r.Reported.Outcome
	if r.Reported.Waited {
		final = r.Reported.WaitOutcome
	}
	if final != Success || r.Reported.Attempts != 1 || r.Charges != 1 || len(r.Violations) > 0 {
		t.Errorf("nominal V2 schedule: %s; want success after one send, one charge", r)
	}
}

// TestV2BrokenContract shows that the V2 families that break the settle or
// the transport contract do break the invariants.
func TestV2BrokenContract(t *testing.T) { brokenContract(t, V2Families(), "v2 exhaustive", false) }

// TestV2Controls checks that each V2 control is caught, exhaustively and
// at random, and that its shrunk schedule replays the violation.
func TestV2Controls(t *testing.T) { controlsCaught(t, "v2-contract", ControlsV2()) }

// fixed is a Chooser that answers from a list, then 0.
type fixed struct{ v []int }

func (f *fixed) Choose(n int) int {
	if len(f.v) == 0 {
		return 0
	}
	c := f.v[0]
	f.v = f.v[1:]
	return c % n
}

// v2Provider returns a V2 provider of cfg on a fresh clock whose every
// choice is nominal.
func v2Provider(cfg Config) (*Provider, *Clock) {
	cfg.V2, cfg.EmptyList = true, true
	clock := NewClock()
	return newProvider(cfg, clock, &fixed{}, Bound{}), clock
}

// TestV2KeyDedupe checks the V2 duplicate check: it reads the key, not
// the reference (a new key under the same reference charges again; the
// same key is answered 409 duplicate), and forgets a key after its window.
func TestV2KeyDedupe(t *testing.T) {
	ctx := context.Background()
	p, _ := v2Provider(Config{})
	body, _ := BodyV2("order-1")
	if _, c, err := p.Send(ctx, "order-1", body); err != nil || c.Classification() != classPending {
		t.Fatalf("first send: %v %v; want 201 pending", c, err)
	}
	if _, c, _ := p.Send(ctx, "order-1", body); c.Classification() != classDuplicate {
		t.Errorf("same key again: %v; want 409 duplicate", c.Classification())
	}
	if p.orderCharges() != 1 {
		t.Errorf("charges after a resend with the same key: %d, want 1", p.orderCharges())
	}
	other := []byte(`{"reference":"order-1","idempotency_key":"another"}`)
	if _, c, _ := p.Send(ctx, "order-1", other); c.Classification() != classPending || p.orderCharges() != 2 {
		t.Errorf("a new key under the same reference: %v, charges %d; want a second charge (V2 dedupes by key)", c.Classification(), p.orderCharges())
	}

	w, clock := v2Provider(Config{KeyWindow: 30 * time.Second})
	w.Send(ctx, "order-1", body)
	clock.Advance(31 * time.Second)
	if _, c, _ := w.Send(ctx, "order-1", body); c.Classification() == classDuplicate || w.orderCharges() != 2 {
		t.Errorf("after the key window: %v, charges %d; want the key forgotten", c.Classification(), w.orderCharges())
	}
}

// TestV2LookupStatuses checks the V2 lookup: a list read by reference,
// pending, then processing, then completed; empty (found nothing) before
// the top-up.
func TestV2LookupStatuses(t *testing.T) {
	ctx := context.Background()
	p, clock := v2Provider(Config{})
	if lk, err := p.Lookup(ctx, "order-1"); err != nil || lk.State != engine.LookupNotFound {
		t.Fatalf("lookup before the top-up: %+v %v; want not found (an empty list)", lk, err)
	}
	body, _ := BodyV2("order-1")
	p.Send(ctx, "order-1", body)
	var seen []string
	for range 4 {
		a := p.LookupAnswer("order-1")
		for _, r := range a.Value.Data {
			seen = append(seen, r.Status)
		}
		clock.Advance(600 * time.Millisecond)
	}
	want := []string{"pending", "pending", "processing", "completed"} // at 0.2, 0.9, 1.6 and 2.3 s of a 2 s charge
	if len(seen) != len(want) {
		t.Fatalf("statuses %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("statuses %v, want %v", seen, want)
		}
	}
	lk, err := p.Lookup(ctx, "order-1")
	if err != nil || lk.State != engine.LookupFound || lk.Class.Outcome != codebook.OutcomeSuccess {
		t.Errorf("completed record read as %+v %v; want found, success", lk, err)
	}
}

// TestV2PartialMatchIsNotOurs checks that a lookup padded with a record
// whose reference only begins with ours, and other customers' records,
// proves nothing by them.
func TestV2PartialMatchIsNotOurs(t *testing.T) {
	cfg := Config{V2: true, EmptyList: true}
	p := newProvider(cfg, NewClock(), &fixed{v: []int{lookupOthers}}, Bound{Lookups: 1})
	a := p.LookupAnswer("order-1")
	if len(a.Value.Data) == 0 || a.Value.Data[len(a.Value.Data)-1].Reference != "order-1-2" {
		t.Fatalf("records %+v; want other references, the last one order-1-2", a.Value.Data)
	}
	lk, err := engine.InterpretLookup(RuleV2(), a)
	if lk.State == engine.LookupFound || lk.State == engine.LookupNotFound {
		t.Errorf("records of other references only read as %+v (%v); want inconclusive (rule L)", lk, err)
	}
}
