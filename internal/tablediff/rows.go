package tablediff

import (
	"strconv"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

// compareRows returns the changes between two versions of one row.
func compareRows(provider, table string, o, n *model.Entry) []Change {
	base := Change{Provider: provider, Table: table, Row: rowKey(n), OldPos: pos(o.Pos), NewPos: pos(n.Pos)}
	var out []Change
	add := func(kind Kind, old, new, why string) {
		c := base
		c.Kind, c.Old, c.New, c.Why, c.Breaking = kind, old, new, why, why != ""
		out = append(out, c)
	}
	if o.Message != n.Message {
		add(MessageChanged, o.Message, n.Message, "renamed: callers and Classify that match the old message no longer do")
	}
	if o.Name != n.Name {
		add(NameChanged, o.Name, n.Name, "the row's Go constant is renamed")
	}
	if o.HTTP != n.HTTP {
		add(StatusChanged, status(o.HTTP), status(n.HTTP), "")
	}
	oc, nc := o.Class, n.Class
	if oc.Outcome != nc.Outcome {
		add(OutcomeChanged, oc.Outcome.String(), nc.Outcome.String(), outcomeRisk(oc.Outcome, nc.Outcome))
	}
	if oc.Retry != nc.Retry {
		add(RetryChanged, oc.Retry.String(), nc.Retry.String(), retryRisk(oc.Retry, nc.Retry))
	}
	if o.RetryAfter != n.RetryAfter {
		why := ""
		if n.RetryAfter < o.RetryAfter {
			why = "callers resend sooner than before"
		}
		add(DelayChanged, o.RetryAfter.String(), n.RetryAfter.String(), why)
	}
	if oc.Fault != nc.Fault {
		add(FaultChanged, oc.Fault.String(), nc.Fault.String(), "")
	}
	if oc.Category != nc.Category {
		add(CategoryChanged, oc.Category.String(), nc.Category.String(),
			"errors.Is against the old category no longer matches this row")
	}
	return out
}

func status(n int) string {
	if n == 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// outcomeRisk says why an outcome change is less safe, or "" when it is
// not: a move to failed invites a resend (a second charge when money
// moved); a move from uncertain or pending to success ends the lookup
// that would have found a failure.
func outcomeRisk(o, n codebook.Outcome) string {
	switch {
	case n == codebook.OutcomeFailed:
		return o.String() + " to failed: callers may resend what may have gone through"
	case n == codebook.OutcomeSuccess && (o == codebook.OutcomeUncertain || o == codebook.OutcomePending):
		return o.String() + " to success: callers stop reconciling a transaction that is not known to be final"
	}
	return ""
}

// retryRank orders retry policies from the most cautious to the one that
// resends most readily.
func retryRank(r codebook.Retry) int {
	switch r {
	case codebook.RetryReconcile:
		return 0
	case codebook.RetryNever, codebook.RetryAfterFix:
		return 1
	case codebook.RetryNewReference:
		return 2
	case codebook.RetryAfterDelay:
		return 3
	}
	return 4 // backoff
}

// retryRisk says why a retry change is less safe, or "" when it is not.
func retryRisk(o, n codebook.Retry) string {
	if retryRank(n) <= retryRank(o) {
		return ""
	}
	if o == codebook.RetryReconcile {
		return "reconcile to " + n.String() + ": callers no longer look the transaction up before acting"
	}
	return o.String() + " to " + n.String() + ": callers resend more readily than before"
}
