package sim

import (
	"context"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// TestClock checks that Sleep advances the virtual time at once and
// stands still once the context is done.
func TestClock(t *testing.T) {
	c := NewClock()
	start := time.Now()
	if err := c.Sleep(context.Background(), time.Hour); err != nil {
		t.Fatal(err)
	}
	if got := c.Now().Sub(epoch); got != time.Hour {
		t.Errorf("virtual time advanced %s, want 1h", got)
	}
	if time.Since(start) > time.Second {
		t.Errorf("Sleep really slept %s", time.Since(start))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Hour); err == nil || c.Now().Sub(epoch) != time.Hour {
		t.Errorf("Sleep on a done context: err %v, time %s; want an error and 1h", err, c.Now().Sub(epoch))
	}
	var _ engine.Clock = c
}

// toy is a chooser client with two choice points, the second of which
// exists only on one branch of the first: the tree has 2 + 3 leaves.
func toy(ch Chooser) {
	if ch.Choose(3) == 2 {
		ch.Choose(2)
	}
}

// TestDepthFirst checks that the walk visits every leaf of a tree once.
func TestDepthFirst(t *testing.T) {
	seen := map[string]bool{}
	for prefix, ok := (Vector{}), true; ok; {
		rec := &recorder{prefix: prefix}
		toy(rec)
		if seen[rec.made.String()] {
			t.Fatalf("leaf %s visited twice", rec.made)
		}
		seen[rec.made.String()] = true
		prefix, _, ok = rec.next()
	}
	want := []string{"0", "1", "2.0", "2.1"}
	if len(seen) != len(want) {
		t.Fatalf("visited %v, want %v", seen, want)
	}
	for _, w := range want {
		if !seen[w] {
			t.Errorf("leaf %s not visited (visited %v)", w, seen)
		}
	}
}

// TestFaultBound checks that a spent fault budget leaves no alternative.
func TestFaultBound(t *testing.T) {
	rec := &recorder{prefix: Vector{1, 1, 1}, faults: 1}
	rec.configured()
	got := []int{rec.Choose(2), rec.Choose(2), rec.Choose(2)}
	if got[0] != 1 || got[1] != 0 || got[2] != 0 || rec.arity[1] != 1 {
		t.Errorf("choices %v arities %v: want 1, then 0 with no alternative", got, rec.arity)
	}
}

// TestParallelWalkSameSchedules checks that the parallel walk explores
// the same schedules as the sequential one.
func TestParallelWalkSameSchedules(t *testing.T) {
	f, _ := FamilyNamed("contract")
	b := Bound{Sends: 3, Lookups: 5, Faults: 1}
	one, two := Explore(f, Engine(), b, 1), ExploreParallel(f, Engine(), b, 1, 2)
	if one.Schedules != two.Schedules || one.Outcomes != two.Outcomes || one.Attempts != two.Attempts {
		t.Errorf("sequential %s\nparallel   %s", summary(one), summary(two))
	}
}

// ledgerOf returns a provider whose lookup answers accurately, with
// entries for ref in the given states.
func ledgerOf(t *testing.T, ref string, states ...string) *Provider {
	t.Helper()
	p := newProvider(Config{}, NewClock(), &recorder{}, Bound{})
	for _, s := range states {
		p.ledger = append(p.ledger, &entry{ref: ref, state: s, received: epoch, committed: epoch, pendingTil: epoch, charged: s == "SUCCESS"})
	}
	return p
}

// TestLookupModel checks that the model's answers, read by
// engine.InterpretLookup, say what the ledger holds, and that the
// freedoms that prove nothing are inconclusive.
func TestLookupModel(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		states []string
		choice int // the lookup's option
		want   engine.LookupState
		class  codebook.Outcome
	}{
		{"absent", nil, lookupAccurate, engine.LookupNotFound, 0},
		{"ours", []string{"SUCCESS"}, lookupAccurate, engine.LookupFound, codebook.OutcomeSuccess},
		{"ours failed", []string{"FAILED"}, lookupAccurate, engine.LookupFound, codebook.OutcomeFailed},
		{"two of ours", []string{"FAILED", "SUCCESS"}, lookupAccurate, engine.LookupInconclusive, 0},
		{"others only", nil, lookupOthers, engine.LookupInconclusive, 0},
		{"others then ours", []string{"FAILED"}, lookupOthers, engine.LookupFound, codebook.OutcomeFailed},
		{"audit trail", []string{"SUCCESS"}, lookupTwice, engine.LookupInconclusive, 0},
		{"5xx not found", nil, lookup5xx, engine.LookupInconclusive, 0},
		{"no data", []string{"SUCCESS"}, lookupNoData, engine.LookupInconclusive, 0},
	}
	for _, c := range cases {
		p := ledgerOf(t, "r", c.states...)
		p.ch, p.bound = &recorder{prefix: Vector{c.choice}}, Bound{Lookups: 1}
		lk, _ := p.Lookup(ctx, "r")
		if lk.State != c.want || lk.State == engine.LookupFound && lk.Class.Outcome != c.class {
			t.Errorf("%s: %s %s, want %s %s", c.name, lk.State, lk.Class.Outcome, c.want, c.class)
		}
	}
}

// TestLateCharge checks that a late answer's charge commits after the
// client gave up, and that the lookup does not see it before.
func TestLateCharge(t *testing.T) {
	p := newProvider(Config{LateDelay: 3 * time.Second}, NewClock(), &recorder{prefix: Vector{wireOnce, decideCharge, deliverLate}}, DefaultBound())
	_, _, err := p.Send(context.Background(), "r", nil)
	if err == nil || p.orderCharges() != 1 {
		t.Fatalf("late send: err %v, charges %d; want a timeout and one charge", err, p.orderCharges())
	}
	p.ch = &recorder{}
	if lk, _ := p.Lookup(context.Background(), "r"); lk.State != engine.LookupNotFound {
		t.Errorf("lookup right after the client gave up: %s, want not_found (the charge is still running)", lk.State)
	}
	p.clock.Advance(3 * time.Second)
	if lk, _ := p.Lookup(context.Background(), "r"); lk.State != engine.LookupFound {
		t.Errorf("lookup after the late delay: %s, want found", lk.State)
	}
}
