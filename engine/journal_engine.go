package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// How the engine writes to a Journal.
const (
	// journalHoldMargin is added to an Execute's deadline for the hold of
	// its Begin: time for the last call to return and the final step to
	// be written before a reconciler may take the transaction up.
	journalHoldMargin = 30 * time.Second
	// journalWriteTimeout is how long after an Execute's deadline its
	// journal writes may still take. Writes do not share the caller's
	// cancellation: the final step is written even when the deadline has
	// passed.
	journalWriteTimeout = 10 * time.Second
)

// journaled is the journal's side of one Execute.
type journaled struct {
	ctx     context.Context // of every write: see journalContext
	gen     int64           // the generation Begin returned
	sending bool            // a sending step was written: the row may be sent
	doubt   bool            // the uncertain step of the doubt was written
}

// journalContext is ctx without its cancellation, for journal writes:
// bounded by ctx's deadline, when it has one, plus journalWriteTimeout.
// One Execute makes one, so that a write costs no timer.
func journalContext(ctx context.Context) (context.Context, context.CancelFunc) {
	end, ok := ctx.Deadline()
	if !ok {
		end = time.Now()
	}
	return context.WithDeadline(context.WithoutCancel(ctx), end.Add(journalWriteTimeout))
}

// begin records the transaction in the journal before anything is sent;
// ctx is the journal context of the run.
func (r *run[S, L]) begin(ctx context.Context) error {
	r.jr.ctx = ctx
	gen, err := r.tx.Journal.Begin(ctx, journal.Entry{
		Reference:   r.s.Reference,
		Operation:   r.tx.Operation,
		Fingerprint: r.s.Fingerprint,
		Request:     r.body,
		Hold:        r.end.Sub(r.e.clock.Now()) + journalHoldMargin,
	})
	if err != nil {
		return fmt.Errorf("codebook: journal begin: %w: %w", codebook.ErrNotSent, err)
	}
	r.jr.gen = gen
	return nil
}

// record writes step st of the run.
func (r *run[S, L]) record(st journal.Step) error {
	if err := r.tx.Journal.Record(r.jr.ctx, r.s.Reference, r.jr.gen, st); err != nil {
		return fmt.Errorf("codebook: journal %s: %w", st.State, err)
	}
	if st.State == journal.StateSending {
		r.jr.sending = true
	}
	return nil
}

// noteDoubt writes the uncertain step once, when doubt begins.
func (r *run[S, L]) noteDoubt() error {
	if r.jr.doubt {
		return nil
	}
	if err := r.record(journal.Step{State: journal.StateUncertain, Class: codebook.Unknown()}); err != nil {
		return err
	}
	r.jr.doubt = true
	return nil
}

// unjournaled ends a run whose next step could not be written, so was
// not taken; last is the answer before it. Nothing sent: ErrNotSent;
// otherwise uncertain, never failed. A writer fenced off (or finding the
// row final) is uncertain even when it sent nothing: the transaction is
// another writer's now, which may send it, so the caller must not place
// the order again; it reconciles it by reference.
func (r *run[S, L]) unjournaled(last verdict, err error) error {
	if !r.wrote && !errors.Is(err, codebook.ErrJournalFenced) && !errors.Is(err, codebook.ErrJournalFinal) {
		return fmt.Errorf("codebook: %w: %w", codebook.ErrNotSent, err)
	}
	return r.unsettled(last.class, err)
}

// finish writes the final step of the run that ends with err, and returns
// the error Execute reports: err, unless the write failed for a failure,
// which a reconciler may still act on, so it is reported uncertain.
func (r *run[S, L]) finish(err error) error {
	if errors.Is(err, codebook.ErrJournalFenced) || errors.Is(err, codebook.ErrJournalFinal) {
		return err // another writer holds the transaction: write nothing more
	}
	st := r.finalStep(err)
	werr := r.record(st)
	switch {
	case werr == nil || err == nil:
		return err
	case st.State == journal.StateFailed && (r.jr.sending || r.wrote):
		return r.unsettled(codebook.Unknown(), errors.Join(werr, sentError{err}))
	}
	var te *TransactionError
	if errors.As(err, &te) {
		te.Cause = errors.Join(te.Cause, werr)
		return err
	}
	return errors.Join(err, werr)
}

// finalStep is the step that records how a run ending with err left the
// transaction: succeeded; failed (a final failure, or nothing sent);
// flagged (ErrNeedsReconciliation); answered pending; or uncertain. An
// unresolved step carries Release: how soon a reconciler may take it up.
func (r *run[S, L]) finalStep(err error) journal.Step {
	var te *TransactionError
	switch {
	case err == nil:
		return journal.Step{State: journal.StateSucceeded, Class: r.s.Class}
	case !errors.As(err, &te) && !r.wrote:
		return journal.Step{State: journal.StateFailed, Class: notSentClass(), Note: "not sent"}
	case te == nil:
		return journal.Step{State: journal.StateUncertain, Class: codebook.Unknown(), Note: "stopped", Release: r.e.p.MaxDelay}
	}
	return outcomeStep(te, r.s.Attempts, r.e.p)
}

// outcomeStep is the step recording te, the error of Execute or Wait,
// after attempt sends.
func outcomeStep(te *TransactionError, attempt int, p Policy) journal.Step {
	st := journal.Step{Class: te.Class, Note: te.Class.Outcome.String() + " [" + te.Class.String() + "]"}
	switch {
	case te.Class.Outcome == codebook.OutcomeFailed:
		st.State = journal.StateFailed
	case errors.Is(te, codebook.ErrNeedsReconciliation):
		st.State, st.Note, st.Release = journal.StateFlagged, string(codebook.ErrNeedsReconciliation), p.MaxWait
	case te.Class.Outcome == codebook.OutcomePending:
		st.State, st.Attempt, st.Release = journal.StateAnswered, attempt, p.PollInitial
	default:
		st.State, st.Release = journal.StateUncertain, p.MaxDelay
	}
	return st
}

// WaitJournal is Wait for the writer that holds ref in j under generation
// gen (the one a reconciler's Claim or an Execute's Begin returned): it
// records what Wait found as the transaction's step. Succeeded and failed
// are final; a pending or uncertain end is recorded unresolved, with a
// Release as Execute's. A failed write leaves a success nil and a pending
// or uncertain outcome as it is, its error joined; a failure whose write
// failed is reported uncertain, because the row stays unresolved.
func WaitJournal[L any](ctx context.Context, e *Engine, ref string, lookup LookupFunc[L], j journal.Journal, gen int64) (Looked[L], error) {
	lk, err := Wait(ctx, e, ref, lookup)
	var te *TransactionError
	st := journal.Step{State: journal.StateSucceeded, Class: lk.Class}
	if errors.As(err, &te) {
		st = outcomeStep(te, 0, e.p)
	}
	jctx, cancel := journalContext(ctx)
	defer cancel()
	werr := j.Record(jctx, ref, gen, st)
	if werr == nil || te == nil {
		return lk, err
	}
	c := te.Class
	if c.Outcome.IsFinal() {
		c = codebook.Unknown()
	}
	return lk, &TransactionError{Reference: ref, Class: c, Cause: errors.Join(fmt.Errorf("codebook: journal %s: %w", st.State, werr), te.Cause)}
}
