package sim

import (
	"context"
	"fmt"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// Control is a deliberately broken executor and the invariant the
// simulation must catch it breaking: each invariant has one, so that a
// simulation that finds nothing is known to be able to find something.
type Control struct {
	Executor
	// Breaks is the invariants any of which the control must be caught
	// violating.
	Breaks []Invariant
	// Hole is the item of issue 9 the control brings back, if any.
	Hole string
}

// Controls returns the broken executors.
func Controls() []Control {
	return []Control{
		{Executor{"failure-after-lost-is-final", failureAfterLostIsFinal}, []Invariant{FailedWhileCharged}, "1"},
		{Executor{"one-not-found-resends", oneNotFoundResends}, []Invariant{DoubleChargeNoDedupe}, "5"},
		{Executor{"reads-first-record", readsFirstRecord}, []Invariant{SuccessWhileUncharged, FailedWhileCharged}, "3"},
		{Executor{"5xx-not-found-is-absent", fiveXXNotFoundIsAbsent}, []Invariant{DoubleChargeNoDedupe}, "3"},
		{Executor{"resend-on-timeout", resendOnTimeout}, []Invariant{DoubleChargeNoDedupe}, ""},
		{Executor{"failed-on-timeout", failedOnTimeout}, []Invariant{FailedWhileCharged}, ""},
		{Executor{"waits-past-deadline", waitsPastDeadline}, []Invariant{NotSettledByDeadline}, ""},
		{Executor{"trusts-lagging-dedupe", trustsLaggingDedupe}, []Invariant{DoubleChargeLagging}, ""},
		{Executor{"new-reference-on-timeout", newReferenceOnTimeout}, []Invariant{DoubleChargeDedupe}, "6"},
		{Executor{"unsent-by-error-type", unsentByErrorType}, []Invariant{DoubleChargeNoDedupe, FailedWhileCharged}, "2"},
		{Executor{"uncounted-transport-resend", uncountedTransportResend}, []Invariant{FailedWhileCharged}, "4"},
	}
}

// ref returns the control's reference: the given one, or a fixed one.
func (env *Env) ref() string {
	if env.Tx.Reference != "" {
		return env.Tx.Reference
	}
	return "order-ctl"
}

// send sends once and returns the answer's class; an error without a
// class is uncertain.
func (env *Env) send(ctx context.Context, ref string) codebook.Class {
	body, _ := env.Tx.Body(ref)
	_, c, err := env.Tx.Send(ctx, ref, body)
	if err != nil || c == nil {
		return codebook.Unknown()
	}
	return c.Classification()
}

// lookup looks ref up with the transaction's reader.
func (env *Env) lookup(ctx context.Context, ref string) engine.Looked[LookupBody] {
	lk, err := env.Tx.Lookup(ctx, ref)
	if err != nil {
		return engine.Looked[LookupBody]{}
	}
	return lk
}

// outcomeOfClass is what a final class reports.
func outcomeOfClass(c codebook.Class) Outcome {
	switch c.Outcome {
	case codebook.OutcomeSuccess:
		return Success
	case codebook.OutcomeFailed:
		return Failed
	}
	return Flagged
}

// failureAfterLostIsFinal is the engine before issue 9's item 1 (and 5):
// after an unknown outcome one lookup; not found, it resends, and takes
// the resend's failure answer as final.
func failureAfterLostIsFinal(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	for n := 1; n <= 3; n++ {
		c := env.send(ctx, ref)
		if c.Outcome != codebook.OutcomeUncertain {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
		if r, settled := lookupSettles(ctx, env, ref, n); settled {
			return r
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// lookupSettles looks ref up after send n: our record found reports its
// outcome, an answer other than not-found flags the order, and a not-found
// settles nothing.
func lookupSettles(ctx context.Context, env *Env, ref string, n int) (Reported, bool) {
	lk := env.lookup(ctx, ref)
	switch {
	case lk.State == engine.LookupFound:
		return Reported{Outcome: outcomeOfClass(lk.Class), Attempts: n}, true
	case lk.State != engine.LookupNotFound:
		return Reported{Outcome: Flagged, Attempts: n}, true
	}
	return Reported{}, false
}

// oneNotFoundResends proves absence with a single not-found answer right
// after the send (NotFoundGrace 0), and resends whether or not the
// provider deduplicates; it otherwise never takes a failure after doubt
// as final.
func oneNotFoundResends(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	for n := 1; n <= 3; n++ {
		c := env.send(ctx, ref)
		if n == 1 && c.Outcome.IsFinal() || c.Outcome == codebook.OutcomeSuccess {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
		if r, settled := lookupSettles(ctx, env, ref, n); settled {
			return r
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// readsFirstRecord is the real engine with a lookup that reads the first
// record of the answer, whoever's it is.
func readsFirstRecord(ctx context.Context, env *Env) Reported {
	p := env.Provider
	env.Tx.Lookup = func(_ context.Context, ref string) (engine.Looked[LookupBody], error) {
		a := p.LookupAnswer(ref)
		switch {
		case a.Err != nil || a.Status == 0:
			return engine.Looked[LookupBody]{}, a.Err
		case len(a.Value.Data) == 0 && a.Class.Category == codebook.CategoryNotFound:
			return engine.Looked[LookupBody]{State: engine.LookupNotFound}, nil
		case len(a.Value.Data) == 0:
			return engine.Looked[LookupBody]{}, nil
		}
		return engine.Looked[LookupBody]{State: engine.LookupFound, Class: engine.StatusClass(Rule().Statuses[a.Value.Data[0].State])}, nil
	}
	return runEngine(ctx, env)
}

// fiveXXNotFoundIsAbsent is the real engine with a lookup that takes a
// not-found message as not-found whatever the status (a 503 included).
func fiveXXNotFoundIsAbsent(ctx context.Context, env *Env) Reported {
	p := env.Provider
	env.Tx.Lookup = func(_ context.Context, ref string) (engine.Looked[LookupBody], error) {
		a := p.LookupAnswer(ref)
		if a.Status >= 500 && a.Class.Category == codebook.CategoryNotFound {
			return engine.Looked[LookupBody]{State: engine.LookupNotFound}, nil
		}
		return engine.InterpretLookup(Rule(), a)
	}
	return runEngine(ctx, env)
}

// resendOnTimeout resends an unknown outcome at once, without a lookup.
func resendOnTimeout(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	for n := 1; n <= 3; n++ {
		c := env.send(ctx, ref)
		if c.Outcome == codebook.OutcomeSuccess || c.Outcome == codebook.OutcomePending {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// failedOnTimeout reports an unknown outcome as failed.
func failedOnTimeout(ctx context.Context, env *Env) Reported {
	c := env.send(ctx, env.ref())
	if c.Outcome == codebook.OutcomeUncertain {
		return Reported{Outcome: Failed, Attempts: 1}
	}
	return Reported{Outcome: outcomeOfClass(c), Attempts: 1}
}

// waitsPastDeadline, after an unknown outcome, polls until a lookup
// finds the transaction, however long it takes.
func waitsPastDeadline(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	c := env.send(ctx, ref)
	if c.Outcome != codebook.OutcomeUncertain {
		return Reported{Outcome: outcomeOfClass(c), Attempts: 1}
	}
	for env.Clock.Now().Before(epoch.Add(2 * Deadline)) {
		if lk := env.lookup(ctx, ref); lk.State == engine.LookupFound {
			return Reported{Outcome: outcomeOfClass(lk.Class), Attempts: 1}
		}
		env.Clock.Advance(5 * time.Second)
	}
	return Reported{Outcome: Flagged, Attempts: 1}
}

// trustsLaggingDedupe resends an unknown outcome at once when the
// provider says it deduplicates, trusting its duplicate check to be
// immediate; otherwise it flags.
func trustsLaggingDedupe(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	for n := 1; n <= 3; n++ {
		c := env.send(ctx, ref)
		if c.Outcome == codebook.OutcomeSuccess || c.Outcome == codebook.OutcomePending {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
		if !env.Tx.Deduplicated || c.Category == codebook.CategoryDuplicate {
			return Reported{Outcome: Flagged, Attempts: n}
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// newReferenceOnTimeout resends an unknown outcome at once as a new
// transaction under a new reference, without proving the old one failed.
func newReferenceOnTimeout(ctx context.Context, env *Env) Reported {
	for n := 1; n <= 3; n++ {
		c := env.send(ctx, fmt.Sprintf("order-ctl-%d", n))
		if c.Outcome.IsFinal() || c.Outcome == codebook.OutcomePending {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// unsentByErrorType is the real engine behind a transport that decides
// "not sent" from the error alone: every error without an answer is
// reported as nothing written.
func unsentByErrorType(ctx context.Context, env *Env) Reported {
	send := env.Tx.Send
	env.Tx.Send = func(ctx context.Context, ref string, body []byte) (codebook.Answer, codebook.Classified, error) {
		a, c, err := send(context.WithoutCancel(context.Background()), ref, body)
		switch {
		case err != nil && c == nil:
			engine.NoteUnsent(ctx)
		case env.Provider.writes > 0:
			engine.NoteWritten(ctx)
		}
		return a, c, err
	}
	return runEngine(ctx, env)
}

// uncountedTransportResend is the real engine behind a transport that
// resends a request by itself and tells the engine of one write only.
func uncountedTransportResend(ctx context.Context, env *Env) Reported {
	send := env.Tx.Send
	env.Tx.Send = func(ctx context.Context, ref string, body []byte) (codebook.Answer, codebook.Classified, error) {
		a, c, err := send(context.Background(), ref, body)
		if env.Provider.writes > 0 {
			engine.NoteWritten(ctx)
		} else {
			engine.NoteUnsent(ctx)
		}
		return a, c, err
	}
	return runEngine(ctx, env)
}
