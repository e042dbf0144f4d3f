package reconciler

import (
	"context"
	"errors"
	"fmt"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// NeverSent is the note of a transaction a worker finalizes as failed
// because its journal shows nothing was sent.
const NeverSent = "never sent: the process that began it stopped before the sending step; " +
	"its caller saw an error and may have retried under a new reference, so it is not sent now"

// neverSentClass is the class of a transaction finalized as never sent:
// it did not happen, and a new try is a new transaction under a new
// reference.
func neverSentClass() codebook.Class {
	return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference,
		Fault: codebook.FaultUnknown, Category: codebook.CategoryUnknown}
}

// resolve decides what becomes of one claimed transaction, logs the
// decision and returns the state it is left in.
//
// A transaction still created has had nothing sent under its reference:
// the engine writes the sending step, durably, before every send, and a
// claim fences the writer that began it, so it can send nothing now. Its
// caller was never told success; it saw an error (or its process died),
// and may already have retried under a new reference. Sending it now
// could be that purchase's second charge, so it is finalized as failed,
// never sent (NeverSent), without a send or a lookup.
//
// A transaction of an operation without a Resolver is left alone, held for
// Options.Leave: nothing is guessed about a call the worker cannot look up.
// Any other is handed to its Resolver.
func (w *Worker) resolve(ctx context.Context, rec journal.Record) journal.State {
	r, ok := w.resolvers[rec.Entry.Operation]
	switch {
	case !ok:
		return w.leave(ctx, rec)
	case rec.Step.State == journal.StateCreated && rec.Step.Attempt == 0:
		return w.neverSent(ctx, rec)
	}
	return w.delegate(ctx, r, rec)
}

// leave holds a transaction without a Resolver for Options.Leave.
func (w *Worker) leave(ctx context.Context, rec journal.Record) journal.State {
	step := rec.Step
	step.Release = w.o.Leave
	step.Note = fmt.Sprintf("reconciler: no resolver for operation %q: left for %s", rec.Entry.Operation, w.o.Leave)
	err := w.store.Record(ctx, rec.Entry.Reference, rec.Generation, step)
	w.log(rec, "left: unknown operation", rec.Step.State, rec.Generation, err)
	return rec.Step.State
}

// neverSent finalizes a created transaction as failed, without sending.
func (w *Worker) neverSent(ctx context.Context, rec journal.Record) journal.State {
	err := w.store.Record(ctx, rec.Entry.Reference, rec.Generation, journal.Step{
		State: journal.StateFailed, Class: neverSentClass(), Note: NeverSent,
	})
	after := journal.StateFailed
	if err != nil {
		after = rec.Step.State
	}
	w.log(rec, "failed: never sent", after, rec.Generation, err)
	return after
}

// delegate hands a transaction to its Resolver, bounded by the claim's
// hold, and reads back the state it left.
func (w *Worker) delegate(ctx context.Context, r Resolver, rec journal.Record) journal.State {
	ref := rec.Entry.Reference
	if cur, err := w.store.Get(ctx, ref); err != nil || cur.Generation != rec.Generation {
		// Taken over since the claim (a slow worker whose hold lapsed).
		w.log(rec, "skipped: taken over by a newer writer", cur.Step.State, cur.Generation, errors.Join(codebook.ErrJournalFenced, err))
		return cur.Step.State
	}
	rctx, cancel := context.WithTimeout(ctx, w.o.Hold)
	err := r.Resolve(rctx, w.store, rec)
	cancel()
	cur, gerr := w.store.Get(ctx, ref)
	if gerr != nil {
		w.log(rec, "resumed: state unreadable", rec.Step.State, rec.Generation, errors.Join(err, gerr))
		return rec.Step.State
	}
	w.log(rec, "resumed", cur.Step.State, cur.Generation, err)
	return cur.Step.State
}

// log writes one decision: never the request's bytes.
func (w *Worker) log(rec journal.Record, decision string, after journal.State, gen int64, err error) {
	args := []any{
		"ref", rec.Entry.Reference, "operation", rec.Entry.Operation,
		"before", rec.Step.State.String(), "after", after.String(),
		"generation", gen, "owner", w.o.Owner,
	}
	if err != nil {
		args = append(args, "err", err.Error())
	}
	w.o.Logger.Info("reconciler: "+decision, args...)
}
