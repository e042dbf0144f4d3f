package webhook

import (
	"context"
	"errors"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// Journal is the part of a journal the receiver uses: codebook's
// journal.Memory, journal/sqlite and journal/postgres all fit.
type Journal interface {
	Get(ctx context.Context, ref string) (journal.Record, error)
	Record(ctx context.Context, ref string, gen int64, s journal.Step) error
}

// LookupFunc looks a transaction up by reference, as the engine does: a
// failure event is journaled only when a lookup confirms it. FromLookup
// adapts a generated Transaction's Lookup.
type LookupFunc func(ctx context.Context, ref string) (engine.LookupState, codebook.Class, error)

// FromLookup adapts an engine lookup (a generated Transaction's Lookup).
func FromLookup[L any](f engine.LookupFunc[L]) LookupFunc {
	return func(ctx context.Context, ref string) (engine.LookupState, codebook.Class, error) {
		lk, err := f(ctx, ref)
		if err != nil {
			return engine.LookupInconclusive, codebook.Unknown(), err
		}
		return lk.State, lk.Class, nil
	}
}

// Settlement is what a delivery did to the journal.
type Settlement uint8

// Settlements.
const (
	// NotJournaled: no journal is configured.
	NotJournaled Settlement = iota
	// Unjournaled: the journal has no transaction under the reference
	// (made outside the engine, or by another service).
	Unjournaled
	// Unresolved: the event is not final (pending, processing, or a status
	// the format does not know); the journal is left as it is.
	Unresolved
	// Settled: the event made the transaction final in the journal.
	Settled
	// AlreadyFinal: the journal holds the same final outcome already (a
	// redelivery, or the engine got there first).
	AlreadyFinal
	// Superseded: the journal holds a final outcome and the event says
	// something else (a late pending, a failure after a completion): it
	// changes nothing and the handler is not called.
	Superseded
	// Unconfirmed: a failure no lookup confirmed (none configured, or it
	// did not find the transaction failed): nothing is written, and the
	// event is handed over as uncertain, for the reconciler to settle.
	Unconfirmed
)

// String names the settlement.
func (s Settlement) String() string {
	names := [...]string{"not journaled", "unjournaled", "unresolved", "settled", "already final", "superseded", "unconfirmed"}
	if int(s) < len(names) {
		return names[s]
	}
	return "settlement?"
}

// maxFenced is how often settle reads the row again after a newer writer
// took it over between its Get and its Record.
const maxFenced = 3

// settle applies ev to the journal (see SAFETY.md, rule H): a success is
// written as succeeded; a failure only when lookup finds our record failed
// (or succeeded, which then wins); nothing else is written, and nothing is
// ever written over a final state. ev's Outcome may change (an unconfirmed
// failure becomes uncertain; a contradicted one the lookup's outcome).
func settle(ctx context.Context, j Journal, lookup LookupFunc, ev *Event) (Settlement, error) {
	step, ok := finalStep(ctx, lookup, ev)
	if !ok && ev.Outcome == codebook.OutcomeFailed {
		ev.Outcome = codebook.OutcomeUncertain // unconfirmed: never handed over as failed
		if j != nil {
			return unconfirmed(ctx, j, ev)
		}
	}
	if j == nil {
		return NotJournaled, nil
	}
	for range maxFenced {
		rec, err := j.Get(ctx, ev.Reference)
		switch {
		case errors.Is(err, codebook.ErrJournalUnknown):
			return Unjournaled, nil
		case err != nil:
			return 0, err
		case rec.Step.State.Final():
			return against(rec.Step.State, ev.Outcome), nil
		case !ok:
			return Unresolved, nil
		}
		err = j.Record(ctx, ev.Reference, rec.Generation, step)
		if err == nil {
			return Settled, nil
		}
		if !errors.Is(err, codebook.ErrJournalFenced) && !errors.Is(err, codebook.ErrJournalFinal) {
			return 0, err
		}
	}
	return 0, codebook.ErrJournalFenced
}

// finalStep is the final step ev justifies, if any: a success as it is, a
// failure as the lookup confirms it (a lookup finding it succeeded turns ev
// into a success).
func finalStep(ctx context.Context, lookup LookupFunc, ev *Event) (journal.Step, bool) {
	switch ev.Outcome {
	case codebook.OutcomeSuccess:
		return journal.Step{State: journal.StateSucceeded, Class: engine.StatusClass(codebook.OutcomeSuccess),
			Note: "webhook " + ev.Type}, true
	case codebook.OutcomeFailed:
	default:
		return journal.Step{}, false
	}
	if lookup == nil {
		return journal.Step{}, false
	}
	state, class, err := lookup(ctx, ev.Reference)
	if err != nil || state != engine.LookupFound {
		return journal.Step{}, false // unconfirmed: the reconciler settles it
	}
	switch class.Outcome {
	case codebook.OutcomeSuccess:
		ev.Outcome = codebook.OutcomeSuccess
		return journal.Step{State: journal.StateSucceeded, Class: class,
			Note: "webhook " + ev.Type + " contradicted by the lookup: succeeded"}, true
	case codebook.OutcomeFailed:
		return journal.Step{State: journal.StateFailed, Class: class,
			Note: "webhook " + ev.Type + " confirmed by the lookup"}, true
	}
	return journal.Step{}, false
}

// unconfirmed settles a failure no lookup confirmed: nothing is written;
// against a final row it is a repeat or superseded, like any event.
func unconfirmed(ctx context.Context, j Journal, ev *Event) (Settlement, error) {
	rec, err := j.Get(ctx, ev.Reference)
	switch {
	case errors.Is(err, codebook.ErrJournalUnknown):
		return Unjournaled, nil
	case err != nil:
		return 0, err
	case rec.Step.State == journal.StateFailed:
		ev.Outcome = codebook.OutcomeFailed // the journal knows it failed
		return AlreadyFinal, nil
	case rec.Step.State.Final():
		return Superseded, nil
	}
	return Unconfirmed, nil
}

// against compares an event's outcome with a final journal state.
func against(s journal.State, o codebook.Outcome) Settlement {
	if (s == journal.StateSucceeded && o == codebook.OutcomeSuccess) || (s == journal.StateFailed && o == codebook.OutcomeFailed) {
		return AlreadyFinal
	}
	return Superseded
}
