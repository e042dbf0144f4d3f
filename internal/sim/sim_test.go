package sim

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

var (
	replayFlag = flag.String("sim.replay", "", "replay one schedule, executor/family/seed/vector, as a failure prints it")
	nFlag      = flag.Int("sim.n", 0, "random schedules of the contract family (default $CODEBOOK_SIM_N, else 100000)")
	faultsFlag = flag.Int("sim.faults", 0, "fault bound of the exhaustive exploration (default $CODEBOOK_SIM_FAULTS, else 3)")
)

// setting returns the flag's value, else the environment variable's,
// else def.
func setting(t *testing.T, flagValue int, env string, def int) int {
	t.Helper()
	if flagValue > 0 {
		return flagValue
	}
	if s := os.Getenv(env); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("%s=%q: give a positive number", env, s)
		}
		return n
	}
	return def
}

// bound returns the exhaustive bound of this run.
func bound(t *testing.T) Bound {
	b := DefaultBound()
	b.Faults = setting(t, *faultsFlag, "CODEBOOK_SIM_FAULTS", DefaultBound().Faults)
	return b
}

// family returns the family called name.
func family(t *testing.T, name string) Family {
	t.Helper()
	f, err := FamilyNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// summary formats s for the log and the README.
func summary(s Stats) string {
	return fmt.Sprintf("%d schedules; outcomes success %d, failed %d, flagged %d, not-sent %d; sends asked per order %.3f (on the wire %.3f); violations %v",
		s.Schedules, s.Outcomes[Success], s.Outcomes[Failed], s.Outcomes[Flagged], s.Outcomes[NotSent],
		s.SendsPerOrder(), float64(s.WireSends)/float64(max(1, s.Schedules)), violations(s))
}

// violations lists the non-zero violation counts.
func violations(s Stats) map[string]int {
	m := map[string]int{}
	for i, n := range s.Violations {
		if n > 0 {
			m[Invariant(i).String()] = n
		}
	}
	return m
}

// reportViolations fails t with every first violation of s, shrunk, and
// the command that replays it.
func reportViolations(t *testing.T, f Family, ex Executor, b Bound, s Stats) {
	t.Helper()
	for _, r := range s.First {
		small := Shrink(f, ex, b, r, r.Violations[0])
		t.Errorf("violation %v\n  found:  %s\n  shrunk: %s\n  replay: go test ./internal/sim -run TestReplay -sim.replay=%s",
			r.Violations, r, small, small.Replay())
	}
}

// TestExhaustive walks every schedule of the contract family within the
// bound (three sends, five lookups, at most DefaultBound's Faults faults
// per order) and finds no violation.
func TestExhaustive(t *testing.T) {
	f, b := family(t, "contract"), bound(t)
	start := time.Now()
	s := ExploreParallel(f, Engine(), b, 1, 2)
	t.Logf("exhaustive %+v: %s in %s", b, summary(s), time.Since(start).Round(time.Millisecond))
	if s.Schedules < 300_000 {
		t.Errorf("only %d schedules explored (389,692 at the default bound): the bound or the model lost its choices", s.Schedules)
	}
	live(t, s)
	reportViolations(t, f, Engine(), b, s)
}

// live fails t when the engine was safe only by doing nothing: an
// engine that flags every order breaks no invariant, so some orders must
// end in each final outcome and some must be sent again, after their
// absence was proven, following an unknown outcome.
func live(t *testing.T, s Stats) {
	t.Helper()
	if err := liveness(s); err != nil {
		t.Error(err)
	}
}

// liveness is live's check.
func liveness(s Stats) error {
	if s.Outcomes[Success] == 0 || s.Outcomes[Failed] == 0 || s.Doubtful == 0 {
		return fmt.Errorf("the engine settled nothing by itself: %s; resent after an unknown outcome: %d", summary(s), s.Doubtful)
	}
	return nil
}

// TestLivenessCatchesDoingNothing checks that an executor that flags
// every order, which breaks no invariant, fails the liveness check.
func TestLivenessCatchesDoingNothing(t *testing.T) {
	flagAll := Executor{Name: "flag-all", Run: func(context.Context, *Env) Reported { return Reported{Outcome: Flagged} }}
	s := Random(family(t, "contract"), flagAll, DefaultBound(), 1, 1000)
	if s.Violated() > 0 || liveness(s) == nil {
		t.Errorf("flag-all: %s; want no violation and a liveness failure", summary(s))
	}
}

// TestNominal checks that a schedule where nothing goes wrong (every
// choice 0) succeeds with one send and one charge.
func TestNominal(t *testing.T) {
	r := Replay(Schedule{Executor: Engine(), Family: family(t, "contract"), Seed: 1}, DefaultBound())
	if r.Reported.Outcome != Success || r.Reported.Attempts != 1 || r.Charges != 1 || len(r.Violations) > 0 {
		t.Errorf("nominal schedule: %s; want success after one send, one charge", r)
	}
}

// TestRandom runs random schedules of the contract-wide family (100,000
// by default, CODEBOOK_SIM_N for more) and finds no violation.
func TestRandom(t *testing.T) { randomNoViolation(t, "contract-wide", "random") }

// randomNoViolation runs random schedules of family name (100,000 by
// default, CODEBOOK_SIM_N for more), all of them, live and without a
// violation; label starts the log line.
func randomNoViolation(t *testing.T, name, label string) {
	f := family(t, name)
	n := setting(t, *nFlag, "CODEBOOK_SIM_N", 100_000)
	start := time.Now()
	s := RandomParallel(f, Engine(), DefaultBound(), 1, n, 2)
	t.Logf("%s: %s; resent after an unknown outcome: %d; in %s", label, summary(s), s.Doubtful, time.Since(start).Round(time.Millisecond))
	if s.Schedules != n {
		t.Errorf("ran %d schedules, want %d", s.Schedules, n)
	}
	live(t, s)
	reportViolations(t, f, Engine(), DefaultBound(), s)
}

// TestLongSettle runs a settle longer than the deadline (Clickatell's 2
// min under the default 1 min Deadline): safe, but no order is ever sent
// again after an unknown outcome, since absence cannot be proven in time.
func TestLongSettle(t *testing.T) {
	f := family(t, "contract-long-settle")
	s := RandomParallel(f, Engine(), DefaultBound(), 1, 20_000, 2)
	t.Logf("random: %s; resent after an unknown outcome: %d", summary(s), s.Doubtful)
	reportViolations(t, f, Engine(), DefaultBound(), s)
}

// TestBrokenContract shows that the invariants break when the provider
// (a lookup or a commit slower than the declared settle) or the transport
// (a resend below the engine to a provider whose duplicate check is not
// immediate) breaks its contract: the engine relies on both, and the
// contract family, which keeps them, shows no violation.
func TestBrokenContract(t *testing.T) { brokenContract(t, Families(), "exhaustive", true) }

// brokenContract explores every family of fs that breaks the contract,
// to 2 faults, and fails when one shows no violation; shrink logs the
// shrunk replay of each violation found first. label starts the log line.
func brokenContract(t *testing.T, fs []Family, label string, shrink bool) {
	for _, f := range fs {
		if !f.Violates {
			continue
		}
		t.Run(f.Name, func(t *testing.T) {
			b := DefaultBound()
			b.Faults = 2
			s := ExploreParallel(f, Engine(), b, 1, 2)
			t.Logf("%s %+v: %s", label, b, summary(s))
			if s.Violated() == 0 {
				t.Fatalf("no violation in family %s, which breaks the contract: the model lost a freedom", f.Name)
			}
			if !shrink {
				return
			}
			for _, r := range s.First {
				small := Shrink(f, Engine(), b, r, r.Violations[0])
				t.Logf("%v: go test ./internal/sim -run TestReplay -sim.replay=%s", small.Violations, small.Replay())
			}
		})
	}
}

// TestControls checks that each deliberately broken executor is caught
// breaking the invariant it was written to break, exhaustively and at
// random, and that its shrunk schedule replays the violation.
func TestControls(t *testing.T) { controlsCaught(t, "contract", Controls()) }

// controlsCaught checks that each control of cs is caught breaking the
// invariant it was written to break in family name, exhaustively (to 2
// faults) and at random, and that its shrunk schedule, no longer than the
// one found, replays the violation.
func controlsCaught(t *testing.T, name string, cs []Control) {
	f := family(t, name)
	b := DefaultBound()
	b.Faults = 2
	for _, c := range cs {
		t.Run(c.Name, func(t *testing.T) {
			e := ExploreParallel(f, c.Executor, b, 1, 2)
			r := Random(f, c.Executor, DefaultBound(), 1, 4000)
			t.Logf("| %s | %s | %v | %d of %d | %d of %d |", c.Name, c.Hole, c.Breaks, count(e, c.Breaks), e.Schedules, count(r, c.Breaks), r.Schedules)
			for _, s := range []Stats{e, r} {
				first, ok := firstOf(s, c.Breaks)
				if !ok {
					t.Fatalf("control %s (hole %q) not caught breaking %v: %s", c.Name, c.Hole, c.Breaks, summary(s))
				}
				small := Shrink(f, c.Executor, DefaultBound(), first, breaks(first, c.Breaks))
				again := Replay(Schedule{Executor: c.Executor, Family: f, Seed: small.Seed, Vector: small.Vector}, DefaultBound())
				if !again.Has(breaks(first, c.Breaks)) || len(small.Vector) > len(first.Vector) {
					t.Errorf("shrunk %s does not replay %v (found %s)", small, breaks(first, c.Breaks), first)
				}
				t.Logf("caught: go test ./internal/sim -run TestReplay -sim.replay=%s", small.Replay())
			}
		})
	}
}

// count returns the schedules of s that broke one of want (an upper
// bound when a schedule broke several).
func count(s Stats, want []Invariant) int {
	n := 0
	for _, i := range want {
		n += s.Violations[i]
	}
	return n
}

// firstOf returns the first schedule of s that breaks one of want.
func firstOf(s Stats, want []Invariant) (Result, bool) {
	for _, r := range s.First {
		for _, i := range want {
			if r.Has(i) {
				return r, true
			}
		}
	}
	return Result{}, false
}

// breaks returns the first of want that r breaks.
func breaks(r Result, want []Invariant) Invariant {
	for _, i := range want {
		if r.Has(i) {
			return i
		}
	}
	return want[0]
}

// TestReplay replays -sim.replay and fails when it violates an
// invariant; without it, it checks that a schedule replays to the same
// result from its vector.
func TestReplay(t *testing.T) {
	if *replayFlag != "" {
		s, err := ParseReplay(*replayFlag)
		if err != nil {
			t.Fatal(err)
		}
		r := Replay(s, DefaultBound())
		t.Logf("%s", r)
		if len(r.Violations) > 0 {
			t.Errorf("violates %v", r.Violations)
		}
		return
	}
	f := family(t, "contract-wide")
	for seed := uint64(1); seed <= 200; seed++ {
		rec := &recorder{rng: newRand(seed)}
		r := Run(f, Engine(), seed, rec, DefaultBound())
		r.Vector = rec.made
		line := r.Replay()
		s, err := ParseReplay(line)
		if err != nil {
			t.Fatal(err)
		}
		again := Replay(s, DefaultBound())
		same := again.Reported.Outcome == r.Reported.Outcome && again.Reported.Attempts == r.Reported.Attempts &&
			again.Reported.WaitOutcome == r.Reported.WaitOutcome && again.Charges == r.Charges
		if !same || again.Duration != r.Duration || again.Vector.String() != r.Vector.String() {
			t.Fatalf("replay of %s differs:\n%s\n%s", line, r, again)
		}
	}
}
