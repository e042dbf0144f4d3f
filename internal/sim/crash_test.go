package sim

import (
	"testing"
	"time"
)

// crashN is the number of schedules the crash walk runs in CI; each is
// crashed before and after every journal write it makes.
const crashN = 2000

// TestCrashAtEveryJournalStep: for random schedules of the contract-wide
// family (every freedom of the provider), the process dies right before
// and right after each journal write in turn (Begin, sending, answered,
// uncertain, the final step); a restarted process claims the row once its
// hold has lapsed and resumes it with Execute under its reference, as a
// reconciler does. No order is charged twice, none is reported failed (or
// not sent) while charged, nor success while uncharged; the row agrees
// with what was reported and a crashed row is always claimable.
func TestCrashAtEveryJournalStep(t *testing.T) {
	n := setting(t, 0, "CODEBOOK_SIM_CRASH_N", crashN)
	f := family(t, "contract-wide")
	start := time.Now()
	s := CrashWalk(f, DefaultBound(), 1, n, 2, false)
	t.Logf("crash walk: %d schedules, %d runs with a crash and resume: %s in %s",
		n, s.Schedules-n, summary(s), time.Since(start).Round(time.Millisecond))
	if s.Schedules < 5*n {
		t.Errorf("%d runs for %d schedules: fewer than Begin, one sending and a final write crashed before and after each", s.Schedules, n)
	}
	if s.Outcomes[Success] == 0 || s.Outcomes[Failed] == 0 || s.Outcomes[Flagged] == 0 || s.Outcomes[NotSent] == 0 {
		t.Errorf("the walk missed an outcome: %s", summary(s))
	}
	reportCrashViolations(t, s)
}

// TestCrashControlNaiveRestart: the control of the crash walk. A process
// that, restarted after a crash, ignores its journal and places the order
// again under a new reference charges orders twice, and the walk catches
// it.
func TestCrashControlNaiveRestart(t *testing.T) {
	s := CrashWalk(family(t, "contract-wide"), DefaultBound(), 1, 200, 2, true)
	t.Logf("naive restart: %s", summary(s))
	if s.Violations[DoubleChargeDedupe]+s.Violations[DoubleChargeLagging]+s.Violations[DoubleChargeNoDedupe] == 0 {
		t.Errorf("a restart under a new reference charged nothing twice: the crash walk lost its teeth: %s", summary(s))
	}
}

// reportCrashViolations fails t with each first violation and its replay.
func reportCrashViolations(t *testing.T, s Stats) {
	t.Helper()
	for _, r := range s.First {
		t.Errorf("violation %v\n  found:  %s\n  replay: go test ./internal/sim -run TestReplay -sim.replay=%s", r.Violations, r, r.Replay())
	}
}

// TestCrashPointNames: a crash executor's name, as a replay line prints
// it, names the same crash point.
func TestCrashPointNames(t *testing.T) {
	for _, at := range []CrashPoint{{K: 1}, {K: 3, After: true}, {K: 12, After: true, NaiveRestart: true}} {
		ex, err := ExecutorNamed(at.String())
		if err != nil || ex.Name != at.String() {
			t.Errorf("ExecutorNamed(%q) = %q, %v", at.String(), ex.Name, err)
		}
	}
	if _, err := ExecutorNamed("crash-0-after"); err == nil {
		t.Error("crash-0-after is no crash point, yet it was accepted")
	}
}
