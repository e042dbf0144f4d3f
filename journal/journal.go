package journal

import (
	"context"
	"fmt"
	"time"

	"github.com/codebookgen/codebook"
)

// State is where a transaction stands in its journal. Each state
// is written durably before the step it names is taken; a step whose
// state could not be written is not taken.
//
//	created → sending (attempt n) → answered (class) or uncertain → … →
//	succeeded, failed, or flagged
//
// Only succeeded and failed are final. Every other state is unresolved: a
// reconciler takes it up once its writer's hold has lapsed.
type State uint8

// Journal states, in the order a transaction normally passes them.
const (
	// StateCreated: the reference, the body's fingerprint and the
	// request are recorded; nothing has been sent under the reference by
	// this writer.
	StateCreated State = iota + 1
	// StateSending: attempt Step.Attempt is about to be sent; it
	// may be on the wire.
	StateSending
	// StateAnswered: the last send was answered with Step.Class,
	// which is known (a refusal taken as it is, or pending) but not final.
	StateAnswered
	// StateUncertain: the outcome is unknown: a send may have been acted
	// on and no lookup has settled it yet.
	StateUncertain
	// StateSucceeded: final; the provider did it.
	StateSucceeded
	// StateFailed: final; the provider did not do it and will not.
	StateFailed
	// StateFlagged: the engine proved nothing was recorded under the
	// reference but may not send it again by itself
	// (ErrNeedsReconciliation): a person or a reconciler decides.
	StateFlagged
)

// String returns the state's name, as journals store it.
func (s State) String() string {
	switch s {
	case StateCreated:
		return "created"
	case StateSending:
		return "sending"
	case StateAnswered:
		return "answered"
	case StateUncertain:
		return "uncertain"
	case StateSucceeded:
		return "succeeded"
	case StateFailed:
		return "failed"
	case StateFlagged:
		return "flagged"
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Final reports whether the state is succeeded or failed.
func (s State) Final() bool { return s == StateSucceeded || s == StateFailed }

// ParseState returns the state named name (String's output).
func ParseState(name string) (State, error) {
	for s := StateCreated; s <= StateFlagged; s++ {
		if s.String() == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("codebook: %q is not a journal state (created, sending, answered, uncertain, succeeded, failed, flagged)", name)
}

// Entry is what a journal records of a transaction when it begins,
// before anything is sent: enough for a reconciler in another process to
// look it up and, where the safety rules allow, send the same bytes again.
type Entry struct {
	// Reference is the idempotency reference; it identifies the entry.
	Reference string
	// Operation names the call (the OpenAPI operationId, such as
	// "topUp"), so that a reconciler knows how to send and look it up.
	Operation string
	// Fingerprint is the SHA-256 of Request.
	Fingerprint Fingerprint
	// Request is the body sent under Reference, byte for byte. It never
	// holds a credential: the generated clients send those in headers.
	Request []byte
	// Hold is how long the writer holds the transaction from Begin: no
	// reconciler takes it up before then. The engine sets it to its
	// deadline for the Execute plus a margin.
	Hold time.Duration
}

// Step is one step of a transaction, written before it is taken.
type Step struct {
	State State
	// Attempt is the send's number (1 for the first) for sending and
	// answered; 0 otherwise.
	Attempt int
	// Class is what is known of the outcome at this step: the answer's
	// class, the looked-up status's, or Unknown().
	Class codebook.Class
	// Note says why, in words: the cause's text (never a body or a
	// credential), such as ErrNeedsReconciliation's.
	Note string
	// Release, on the last step of an Execute that ends unresolved
	// (pending, uncertain, flagged), is how soon a reconciler may take the
	// transaction up; zero keeps the writer's hold.
	Release time.Duration
}

// Journal records each step of a transaction durably before the engine
// takes it. Execute begins every transaction with Begin and writes every
// step with Record, passing the generation Begin returned; an error from
// either stops the engine before the step (nothing is sent after a
// failed write). Memory is the in-memory implementation; the
// journal/sqlite and journal/postgres packages are durable ones.
type Journal interface {
	// Begin records e as created and returns the writer's generation. A
	// reference already recorded with the same fingerprint and not final
	// is taken over (a resume after a crash, or a reconciler): the
	// generation grows, and the steps of older generations are refused
	// with ErrJournalFenced from then on. A reference recorded with
	// another fingerprint gives ErrReferenceReused; a final one
	// ErrJournalFinal.
	Begin(ctx context.Context, e Entry) (generation int64, err error)
	// Record writes step s of the transaction ref for the writer of
	// generation gen. A newer generation, or a final state already
	// recorded, refuses it with ErrJournalFenced or ErrJournalFinal.
	Record(ctx context.Context, ref string, gen int64, s Step) error
}

// Record is a transaction as a journal holds it: the entry, the
// last step written, and who holds it.
type Record struct {
	Entry Entry
	// Step is the last step written (created, with Attempt 0, after
	// Begin).
	Step Step
	// Generation is the current writer's; Owner names a reconciler that
	// claimed the transaction ("" for an Execute's own Begin).
	Generation int64
	Owner      string
	// Created is when Begin first recorded the entry, Updated when the
	// last step was written, HeldUntil when the current hold lapses.
	Created, Updated, HeldUntil time.Time
}

// Stats is what a journal holds, for monitoring: counts by state,
// and the creation time of the oldest unresolved transaction (zero when
// none is).
type Stats struct {
	Counts           map[State]int
	OldestUnresolved time.Time
}

// checkEntry refuses an entry a journal could not act on later.
func checkEntry(e Entry) error {
	if e.Reference == "" {
		return fmt.Errorf("codebook: a journal entry needs a reference")
	}
	if FingerprintOf(e.Request) != e.Fingerprint {
		return fmt.Errorf("codebook: journal entry %s: the fingerprint is not the request's SHA-256", e.Reference)
	}
	return nil
}

// checkStep refuses a step that is not one of the journal states.
func checkStep(s Step) error {
	if s.State < StateCreated || s.State > StateFlagged {
		return fmt.Errorf("codebook: %s is not a journal state", s.State)
	}
	return nil
}

// takeOver checks that a Begin for e may take over the record r holds.
// Journal implementations share these rules.
func takeOver(r *Record, e Entry) error {
	switch {
	case r.Entry.Fingerprint != e.Fingerprint:
		return codebook.ErrReferenceReused
	case r.Step.State.Final():
		return codebook.ErrJournalFinal
	}
	return nil
}

// mayRecord checks that the writer of generation gen may write a step.
func mayRecord(r *Record, gen int64) error {
	switch {
	case r.Step.State.Final():
		return codebook.ErrJournalFinal
	case gen != r.Generation:
		return codebook.ErrJournalFenced
	}
	return nil
}
