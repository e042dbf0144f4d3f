package sim

import (
	"github.com/codebookgen/codebook/journal"
)

// Invariant is one rule of money safety checked after every schedule.
type Invariant uint8

// The invariants.
const (
	// DoubleChargeNoDedupe: an order charged twice by a provider without
	// duplicate detection.
	DoubleChargeNoDedupe Invariant = iota
	// DoubleChargeLagging: an order charged twice by a provider whose
	// duplicate check lags.
	DoubleChargeLagging
	// DoubleChargeDedupe: an order charged twice by a provider whose
	// duplicate check is immediate.
	DoubleChargeDedupe
	// FailedWhileCharged: an order reported failed (or not sent) that was
	// charged, at any later time.
	FailedWhileCharged
	// SuccessWhileUncharged: an order reported success that was never
	// charged.
	SuccessWhileUncharged
	// NotSettledByDeadline: the executor did not return, final or flagged,
	// by its deadline (plus the one call it may be in), or never returned.
	NotSettledByDeadline
	// JournalDisagrees: the journal's row, when Execute returned, says
	// other than Execute reported (success is succeeded, failed or not
	// sent is failed or no row, flagged is unresolved), or a crash left a
	// row no reconciler could claim: the transaction would be lost.
	JournalDisagrees
	numInvariants
)

// String names the invariant.
func (i Invariant) String() string {
	return [...]string{
		"double-charge/no-dedupe", "double-charge/lagging-dedupe", "double-charge/immediate-dedupe",
		"failed-while-charged", "success-while-uncharged", "not-settled-by-deadline", "journal-disagrees",
	}[i]
}

// check returns the invariants r violates; livelock says the schedule
// made more calls than any run within the deadline can. The outcome of
// Execute and, when the order was waited for, of Wait are both checked.
func check(r Result, livelock bool) []Invariant {
	var v []Invariant
	add := func(i Invariant) {
		if !r.Has(i) && !has(v, i) {
			v = append(v, i)
		}
	}
	if r.Charges > 1 {
		add([...]Invariant{DoubleChargeDedupe, DoubleChargeLagging, DoubleChargeNoDedupe}[r.Config.Dedupe])
	}
	rep := r.Reported
	outcomes := []Outcome{rep.Outcome}
	if rep.Waited {
		outcomes = append(outcomes, rep.WaitOutcome)
	}
	for _, o := range outcomes {
		if (o == Failed || o == NotSent) && r.Charges > 0 {
			add(FailedWhileCharged)
		}
		if o == Success && r.Charges == 0 {
			add(SuccessWhileUncharged)
		}
	}
	if rep.Journaled && (rep.Lost || !journalAgrees(rep.Outcome, rep.Journal)) {
		add(JournalDisagrees)
	}
	late := rep.Returned > r.Config.deadline()+timeoutTime || rep.Waited && rep.WaitReturned > rep.Returned+MaxWait+lookupTime
	if livelock || late {
		add(NotSettledByDeadline)
	}
	return v
}

func has(v []Invariant, i Invariant) bool {
	for _, x := range v {
		if x == i {
			return true
		}
	}
	return false
}

// Has reports whether r violates i.
func (r Result) Has(i Invariant) bool { return has(r.Violations, i) }

// journalAgrees reports whether a row left in state s agrees with the
// outcome o Execute reported.
func journalAgrees(o Outcome, s journal.State) bool {
	switch o {
	case Success:
		return s == journal.StateSucceeded
	case Failed:
		return s == journal.StateFailed
	case NotSent:
		return s == journal.StateFailed || s == 0
	}
	return s != 0 && !s.Final()
}
