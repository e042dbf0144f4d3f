package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// LookupState is what a lookup proved about a transaction.
type LookupState uint8

// Lookup states. The zero value is the safe one: nothing proved.
const (
	// LookupInconclusive: the lookup failed or its answer proves nothing.
	LookupInconclusive LookupState = iota
	// LookupNotFound: the provider answered that it has no transaction
	// with the reference: it was never processed.
	LookupNotFound
	// LookupFound: the provider has the transaction; Looked.Class is its
	// status.
	LookupFound
)

// String returns the state's name.
func (s LookupState) String() string {
	switch s {
	case LookupInconclusive:
		return "inconclusive"
	case LookupNotFound:
		return "not_found"
	case LookupFound:
		return "found"
	}
	return fmt.Sprintf("LookupState(%d)", uint8(s))
}

// Looked is the answer of one lookup of a transaction by its reference.
type Looked[L any] struct {
	State LookupState
	Value L              // the provider's answer, as the adapter decoded it
	Class codebook.Class // when Found: the class of the transaction's status
}

// StatusClass returns the class of a looked-up transaction whose status
// means o (the x-codebook lookup statuses): success and failed are final,
// pending is to be waited for, anything else is uncertain.
func StatusClass(o codebook.Outcome) codebook.Class {
	switch o {
	case codebook.OutcomeSuccess:
		return codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	case codebook.OutcomePending:
		return codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	case codebook.OutcomeFailed:
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultUnknown, Category: codebook.CategoryDeclined}
	}
	return codebook.Unknown()
}

// LookupFunc looks a transaction up by its reference. An error makes the
// lookup inconclusive, whatever the Looked says.
type LookupFunc[L any] func(ctx context.Context, ref string) (Looked[L], error)

// DefaultSettle is the settle time of a Transaction that declares none:
// how long after a send ends the engine keeps taking "not found" as
// "not yet recorded" rather than "absent".
const DefaultSettle = time.Minute

// Transaction describes one money-moving call for Execute: how to build
// its body for a reference, send it, look it up and journal its steps.
// S is the type of the send's answer, L the lookup's.
type Transaction[S, L any] struct {
	// Reference is the idempotency reference (Click Airtime extRefId,
	// Clickatell clientTxnRef). Empty: Execute makes one with
	// NewReference. Set: the reference may have been sent before (by a
	// process that stopped), so Execute proves it absent before sending.
	Reference string
	// MaxReferenceLen is the provider's limit (x-codebook reference
	// max_length); 0 when undocumented.
	MaxReferenceLen int
	// Body returns the request body carrying ref. It is called before
	// every send: the bytes must be the same every time, or the send is
	// refused.
	Body func(ref string) ([]byte, error)
	// Send sends body, which carries ref, once. Its Classified is
	// normally the generated client's Result. A Send that does not go
	// through net/http calls NoteWritten for each request it puts on the
	// wire and NoteUnsent when it provably sent nothing.
	Send func(ctx context.Context, ref string, body []byte) (S, codebook.Classified, error)
	// Lookup looks the transaction up by reference (x-codebook lookup);
	// nil when the provider has none, in which case an uncertain answer is
	// never resent and is returned for reconciliation.
	Lookup LookupFunc[L]
	// Settle is the longest the provider may take, after a send ends on
	// the client's side, to record the transaction where Lookup sees it:
	// its processing time after the client gave up plus the lookup's lag
	// (x-codebook lookup.settle). Absence is proven only by two not-found
	// answers, the last one at least Settle after the last send ended.
	// Zero is DefaultSettle.
	Settle time.Duration
	// Deduplicated says the provider documents that it refuses a second
	// transaction with a reference it already has (x-codebook
	// reference.deduplicated), so that a resend of the same reference
	// cannot charge twice.
	Deduplicated bool
	// InFlight, for a provider that is not Deduplicated, asks whether it
	// has a transaction like this one still in progress (Clickatell's
	// In-Flight Transaction Check). It is consulted after absence was
	// proven and before any resend; a pending transaction or an error
	// stops the resend. Without it such a provider's transaction is never
	// resent after an unknown outcome: it is flagged for reconciliation.
	InFlight func(ctx context.Context, ref string) (pending bool, err error)
	// Journal records the transaction before each step the engine takes
	// (Begin before anything is sent, then sending, answered, uncertain
	// and the final step; see Execute). Required: journal.Memory for tests,
	// a durable journal (journal/sqlite, journal/postgres) in a service.
	Journal journal.Journal
	// Operation names the call in the journal (the OpenAPI operationId,
	// such as "topUp"), so that a reconciler knows how to resume it.
	Operation string
}

// Settled is what Execute learnt of a transaction.
type Settled[S, L any] struct {
	Reference   string
	Fingerprint journal.Fingerprint // of the body sent with Reference
	// Class is the transaction's class: from the last send's answer, or,
	// when ByLookup, from the lookup that found the transaction.
	Class    codebook.Class
	Sent     S    // the last send's answer
	Found    L    // the answer of the lookup that found the transaction
	ByLookup bool // Class comes from a lookup
	Attempts int  // sends made by the engine
	// WireSends counts the requests observed on the wire (net/http's
	// trace, NoteWritten). More than Attempts means a layer below the
	// engine sent a request again.
	WireSends int
	Lookups   int // lookups made
	// RetryAfter is the delay the last answer asked for, for a caller who
	// schedules the next try itself. With Class.Retry RetryNewReference
	// the next try is a new transaction under a new reference.
	RetryAfter time.Duration
}

// Final reports whether the outcome is known for good: success or failed.
// Anything else must be reconciled by Reference: with Wait, or later.
func (s Settled[S, L]) Final() bool { return s.Class.Outcome.IsFinal() }

// TransactionError is the error of Execute and Wait for every outcome but
// success. Its Class says what is known: failed (final), or pending or
// uncertain, to be reconciled by Reference; errors.Is matches the Class's
// Outcome and Category, and then the Cause (the provider's classified
// error, a transport error, ErrStopped, ErrNeedsReconciliation…).
type TransactionError struct {
	Reference string
	Class     codebook.Class
	Cause     error
}

// Error describes the outcome without any of the body.
func (e *TransactionError) Error() string {
	msg := fmt.Sprintf("codebook: transaction %s: %s [%s]", e.Reference, e.Class.Outcome, e.Class)
	if e.Reconcile() {
		msg += ", to be reconciled by reference"
	}
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

// Reconcile reports whether the outcome is not final: pending or
// uncertain. Such a transaction must never be counted as failed, nor sent
// again under another reference, before a lookup settles it.
func (e *TransactionError) Reconcile() bool { return !e.Class.Outcome.IsFinal() }

// Is matches the class's Outcome and Category.
func (e *TransactionError) Is(target error) bool {
	switch t := target.(type) {
	case codebook.Outcome:
		return e.Class.Outcome == t
	case codebook.Category:
		return e.Class.Category == t
	}
	return false
}

// Unwrap returns the cause.
func (e *TransactionError) Unwrap() error { return e.Cause }

// Execute runs one money-moving transaction to the most final outcome it
// can prove. The rules, each tied to its tests, are in SAFETY.md:
//
//  1. The reference is tx.Reference or a new one; the body is built for it
//     and the transaction begun in tx.Journal (reference, operation,
//     fingerprint, the body's bytes). Nothing is sent when any of these
//     fails (errors.Is(err, ErrNotSent)); a transaction already final in
//     the journal is never sent again (the error matches ErrNotSent and
//     ErrJournalFinal).
//  2. The body is sent. A success ends it. A pending answer is returned
//     (the error matches OutcomePending): Wait for it.
//  3. Until some send's outcome is unknown, the answers are taken as they
//     are: a request that provably put no byte on the wire, or that the
//     provider refused as not processed (retry backoff or after_delay), is
//     resent with the same reference and bytes after a backoff, or the
//     delay asked for; any other failure is final.
//  4. Once a send's outcome is unknown (a timeout, a reset, a 5xx, an
//     unreadable body, an undocumented code, a duplicate reference, a
//     request the transport sent twice), no answer settles the transaction
//     by itself any more, failures included: only a lookup does. Found,
//     its status is the outcome. Absent (two not-found answers, the last
//     one tx.Settle after the last send ended), a failure answer stands,
//     and otherwise the request is resent under the same reference, but
//     only when the provider refuses duplicates or tx.InFlight says
//     nothing is in progress; otherwise it is flagged
//     (ErrNeedsReconciliation). Inconclusive, it is returned uncertain.
//  5. Every step is journaled before it is taken: sending (attempt n)
//     before each send, answered (the class) before a refusal is resent,
//     uncertain when doubt begins, and the final step when Execute
//     returns (see journalStepOf). A step whose write fails is not taken:
//     no send follows a failed sending write, and the result is then
//     uncertain once anything may have been sent, never failed. A write
//     refused with ErrJournalFenced or ErrJournalFinal (another writer
//     took the transaction over) stops the run at once, uncertain even
//     when this run sent nothing: the other writer may send it. When the final
//     write fails, a success still returns nil and a pending or uncertain
//     outcome stays as it is (the row stays unresolved, so a reconciler
//     looks it up); a failure is returned uncertain instead, because a
//     reconciler may still act on the unresolved row.
//
// Sends are capped at MaxAttempts, every repetition draws on the retry
// budget, and one deadline covers it all. When the engine stops without
// knowing, the outcome is uncertain, never failed.
//
// Execute with tx.Reference set resumes a transaction that may have been
// sent before (by a process that stopped, or for a reconciler): its Begin
// takes the journal's row over (a new generation fences the old writer),
// and the engine proves the reference absent before it sends.
//
// The error is nil exactly when the outcome is success; otherwise it is a
// *TransactionError, or, when nothing was sent (no Journal, a Begin or
// Body error, a bad reference, the context already done, the reference in
// flight, a failed first sending write), an error matching ErrNotSent,
// with only Reference and Fingerprint set in the Settled.
func Execute[S, L any](ctx context.Context, e *Engine, tx Transaction[S, L]) (Settled[S, L], error) {
	var s Settled[S, L]
	if tx.Body == nil || tx.Send == nil || tx.Journal == nil {
		return s, fmt.Errorf("codebook: a Transaction needs Body, Send and Journal: %w", codebook.ErrNotSent)
	}
	ref, err := transactionReference(tx)
	if err != nil {
		return s, err
	}
	s.Reference = ref
	body, err := tx.Body(ref)
	if err != nil {
		return s, fmt.Errorf("codebook: request body: %w: %w", codebook.ErrNotSent, err)
	}
	s.Fingerprint = journal.FingerprintOf(body)
	if !e.claim(ref) {
		return s, fmt.Errorf("%w: %w", codebook.ErrNotSent, codebook.ErrReferenceInFlight)
	}
	defer e.release(ref)
	if tx.Settle <= 0 {
		tx.Settle = DefaultSettle
	}
	ctx, cancel, end := e.window(ctx, e.executeDeadline(tx.Settle))
	defer cancel()
	if err := ctx.Err(); err != nil {
		return s, fmt.Errorf("codebook: %w: %w", codebook.ErrNotSent, err)
	}
	r := &run[S, L]{e: e, tx: tx, s: &s, body: body, end: end}
	jctx, jcancel := journalContext(ctx)
	defer jcancel()
	if err := r.begin(jctx); err != nil {
		return s, err
	}
	return s, r.finish(r.execute(ctx, tx.Reference != ""))
}

// transactionReference returns tx.Reference, checked, or a new one.
func transactionReference[S, L any](tx Transaction[S, L]) (string, error) {
	if tx.Reference != "" {
		return tx.Reference, checkReference(tx.Reference, tx.MaxReferenceLen)
	}
	ref, err := NewReference(tx.MaxReferenceLen)
	if err != nil {
		return "", fmt.Errorf("%w: %w", codebook.ErrNotSent, err)
	}
	return ref, nil
}

// run is the state of one Execute.
type run[S, L any] struct {
	e      *Engine
	tx     Transaction[S, L]
	s      *Settled[S, L]
	body   []byte
	end    time.Time
	sentAt time.Time // when the last send ended on this side
	// doubt: some send's outcome is unknown (it may have reached the
	// provider and been acted on), so no answer settles the transaction
	// by itself any more: only a lookup does. It is never cleared.
	doubt bool
	// wrote: some send was not provably unsent, so the result must never
	// match ErrNotSent, whatever error a later call returned.
	wrote bool
	jr    journaled // the journal's side of the run
}

// absence is what reconcile proved.
type absence uint8

const (
	unproven absence = iota // nothing proved: the transaction may exist
	absent                  // proven not recorded under the reference
	found                   // a lookup found it
)

func (r *run[S, L]) execute(ctx context.Context, resume bool) error {
	var last verdict
	if resume {
		// A process that stopped may have sent the reference a moment ago.
		r.doubt, r.wrote, r.sentAt, last.class = true, true, r.e.clock.Now(), codebook.Unknown()
		if err := r.noteDoubt(); err != nil {
			return r.unsettled(last.class, err)
		}
		if done, err := r.afterDoubt(ctx, last, 0); done {
			return err
		}
	}
	r.e.budget.Request()
	for n := 1; ; n++ {
		if n > 1 {
			if err := r.sameBody(); err != nil {
				return r.refusedResend(last, err)
			}
		}
		if err := r.record(journal.Step{State: journal.StateSending, Attempt: n, Class: codebook.Unknown()}); err != nil {
			return r.unjournaled(last, err)
		}
		v := r.send(ctx, n)
		switch o := v.class.Outcome; {
		case o == codebook.OutcomeSuccess:
			return nil
		case o == codebook.OutcomePending:
			return r.unsettled(v.class, v.err)
		}
		if !r.doubt {
			if v.repeatable() {
				again, err := r.resend(ctx, n, v.retryAfter, &journal.Step{State: journal.StateAnswered, Attempt: n, Class: v.class})
				if err != nil {
					return r.unjournaled(v, err)
				}
				if again {
					last = v
					continue
				}
				return r.failed(v.class, v.err)
			}
			if v.class.Outcome == codebook.OutcomeFailed && v.class.Retry != codebook.RetryReconcile {
				return r.failed(v.class, v.err)
			}
			r.doubt = true
		}
		if err := r.noteDoubt(); err != nil {
			return r.unsettled(v.class, err)
		}
		if done, err := r.afterDoubt(ctx, v, n); done {
			return err
		}
		last = v
	}
}

// send makes the n-th send and records it; it sets doubt when the
// transport put the request on the wire more than once.
func (r *run[S, L]) send(ctx context.Context, n int) verdict {
	actx, acancel := r.e.attemptContext(ctx)
	actx, probe := withWireProbe(actx)
	sv, c, err := r.tx.Send(actx, r.s.Reference, r.body)
	acancel()
	v := judge(c, err, probe.provenUnsent())
	if !v.notSent {
		r.sentAt, r.wrote = r.e.clock.Now(), true
	}
	writes := probe.wireWrites()
	r.s.Attempts, r.s.Sent, r.s.Class, r.s.RetryAfter, r.s.ByLookup = n, sv, v.class, v.retryAfter, false
	r.s.WireSends += writes
	if writes > 1 && v.class.Outcome != codebook.OutcomeSuccess {
		// An earlier write's answer was never seen: it may have charged.
		r.doubt = true
		v.notSent = false
	}
	return v
}

// afterDoubt settles a run in doubt after the answer v to its n-th send
// (0: none yet): done reports whether Execute ends with err; otherwise the
// request may be sent again.
func (r *run[S, L]) afterDoubt(ctx context.Context, v verdict, n int) (done bool, err error) {
	if v.class.Outcome != codebook.OutcomeFailed {
		v.class.Outcome = codebook.OutcomeUncertain
	}
	if ctx.Err() != nil || r.tx.Lookup == nil {
		return true, r.unsettled(v.class, v.err)
	}
	lk, proof := r.reconcile(ctx, v.class.Category == codebook.CategoryDuplicate)
	switch proof {
	case found:
		return true, r.found(lk)
	case unproven:
		return true, r.unsettled(v.class, v.err)
	}
	if v.class.Outcome == codebook.OutcomeFailed && !v.repeatable() {
		// Nothing was recorded, and the provider refused the last send.
		return true, r.failed(v.class, v.err)
	}
	if err := r.mayResend(ctx); err != nil {
		return true, r.unsettled(v.class, errors.Join(err, v.err))
	}
	if n > 0 {
		if again, _ := r.resend(ctx, n, v.retryAfter, nil); !again {
			return true, r.unsettled(v.class, errors.Join(codebook.ErrStopped, v.err))
		}
	}
	return false, nil
}

// mayResend checks, after absence was proven, that a resend cannot be a
// second transaction: the provider refuses duplicates, or its in-flight
// check says nothing like it is in progress.
func (r *run[S, L]) mayResend(ctx context.Context) error {
	if r.tx.Deduplicated {
		return nil
	}
	if r.tx.InFlight == nil {
		return codebook.ErrNeedsReconciliation
	}
	actx, cancel := r.e.attemptContext(ctx)
	defer cancel()
	pending, err := r.tx.InFlight(actx, r.s.Reference)
	switch {
	case err != nil:
		return errors.Join(codebook.ErrNeedsReconciliation, err)
	case pending:
		return fmt.Errorf("%w: the in-flight check reports a transaction in progress", codebook.ErrNeedsReconciliation)
	}
	return nil
}

// sameBody checks that the body about to be resent is the one sent.
func (r *run[S, L]) sameBody() error {
	b, err := r.tx.Body(r.s.Reference)
	if err != nil || !bytes.Equal(b, r.body) {
		return errors.Join(codebook.ErrReferenceReused, err)
	}
	return nil
}

// refusedResend ends a run whose resend was refused before sending: the
// earlier sends stand.
func (r *run[S, L]) refusedResend(last verdict, cause error) error {
	if r.doubt || !last.class.Outcome.IsFinal() {
		return r.unsettled(last.class, cause)
	}
	return r.failed(last.class, cause)
}

// resend reports whether the n-th send may be followed by another, after
// journaling before (when not nil) and waiting. An error is before's
// failed write: the resend is not taken.
func (r *run[S, L]) resend(ctx context.Context, n int, retryAfter time.Duration, before *journal.Step) (bool, error) {
	if n >= r.e.p.MaxAttempts {
		return false, nil
	}
	d, ok := r.e.retryDelay(n, retryAfter)
	if !ok {
		return false, nil
	}
	if before != nil {
		if err := r.record(*before); err != nil {
			return false, err
		}
	}
	return r.e.pause(ctx, r.end, d), nil
}

// reconcile looks the transaction up until a lookup finds it, absence is
// proven, or the policy says stop. Absence takes two not-found answers
// after the last send, the last one at least tx.Settle after that send
// ended. After a duplicate-reference answer, not-found proves nothing:
// the provider said it has the reference.
func (r *run[S, L]) reconcile(ctx context.Context, duplicate bool) (Looked[L], absence) {
	notFound, inconclusive := 0, 0
	for {
		lk := lookupOnce(ctx, r.e, r.s.Reference, r.tx.Lookup)
		r.s.Lookups++
		if lk.State == LookupFound {
			return lk, found
		}
		if r.e.p.Disabled {
			return Looked[L]{}, unproven // one lookup, and no resend to prove absence for
		}
		if lk.State == LookupNotFound && !duplicate {
			notFound++
			settled := r.sentAt.Add(r.tx.Settle)
			if notFound >= 2 && !r.e.clock.Now().Before(settled) {
				return lk, absent
			}
			wait := max(settled.Sub(r.e.clock.Now()), r.e.backoff(1))
			if !r.e.sleep(ctx, r.end, wait) {
				return Looked[L]{}, unproven
			}
			continue
		}
		inconclusive++
		if inconclusive >= r.e.p.MaxAttempts || !r.e.pause(ctx, r.end, r.e.backoff(inconclusive)) {
			return Looked[L]{}, unproven
		}
	}
}

// lookupOnce makes one lookup; an error, or a state it does not know,
// makes it inconclusive.
func lookupOnce[L any](ctx context.Context, e *Engine, ref string, lookup LookupFunc[L]) Looked[L] {
	actx, cancel := e.attemptContext(ctx)
	defer cancel()
	lk, err := lookup(actx, ref)
	if err != nil || lk.State > LookupFound {
		lk.State = LookupInconclusive
	}
	return lk
}

// found settles the run with the transaction a lookup found.
func (r *run[S, L]) found(lk Looked[L]) error {
	r.s.Class, r.s.Found, r.s.ByLookup = lk.Class, lk.Value, true
	switch lk.Class.Outcome {
	case codebook.OutcomeSuccess:
		return nil
	case codebook.OutcomeFailed:
		return r.failed(lk.Class, nil)
	}
	return r.unsettled(lk.Class, nil)
}

func (r *run[S, L]) failed(c codebook.Class, cause error) error {
	r.s.Class = c
	return &TransactionError{Reference: r.s.Reference, Class: c, Cause: r.sentCause(cause)}
}

// sentCause keeps a cause from matching ErrNotSent once a send may have
// left: an error of a later call (a resend that could not be made, an
// in-flight check that never left) says nothing of the sends before it.
func (r *run[S, L]) sentCause(cause error) error {
	if !r.wrote || !errors.Is(cause, codebook.ErrNotSent) {
		return cause
	}
	return sentError{cause}
}

// sentError is a cause that matches what its error matches, except
// ErrNotSent.
type sentError struct{ err error }

func (e sentError) Error() string { return e.err.Error() }

// Is matches what the error matches, except ErrNotSent.
func (e sentError) Is(target error) bool {
	return target != codebook.ErrNotSent && errors.Is(e.err, target)
}

// As finds what the error holds.
func (e sentError) As(target any) bool { return errors.As(e.err, target) }

func (r *run[S, L]) unsettled(c codebook.Class, cause error) error {
	if c.Outcome.IsFinal() {
		c = codebook.Unknown()
	}
	r.s.Class = c
	if cause == nil && c.Outcome != codebook.OutcomePending {
		cause = codebook.ErrStopped
	}
	return &TransactionError{Reference: r.s.Reference, Class: c, Cause: r.sentCause(cause)}
}

// Wait polls a pending or uncertain transaction by its reference until
// its outcome is final or the deadline (the context's, or MaxWait) comes,
// at intervals growing from PollInitial to PollMax. A lookup that fails or
// finds nothing is polled again too: only a found final status ends the
// wait. Polls do not draw on the retry budget: their growing intervals
// bound them. With Disabled it looks up once.
//
// It returns the last lookup that found the transaction (or the last
// lookup, when none did). The error is nil exactly when the outcome is
// success; a final failure gives a *TransactionError whose class is the
// found one; reaching the deadline gives a *TransactionError whose class
// is pending or uncertain, never failed: reconcile it later.
func Wait[L any](ctx context.Context, e *Engine, ref string, lookup LookupFunc[L]) (Looked[L], error) {
	if lookup == nil {
		return Looked[L]{}, &TransactionError{Reference: ref, Class: codebook.Unknown(), Cause: errors.New("codebook: no lookup to wait with")}
	}
	ctx, cancel, end := e.window(ctx, e.p.MaxWait)
	defer cancel()
	var last Looked[L]
	for n := 1; ; n++ {
		lk := lookupOnce(ctx, e, ref, lookup)
		if lk.State == LookupFound || last.State != LookupFound {
			last = lk
		}
		if lk.State == LookupFound && lk.Class.Outcome.IsFinal() {
			if lk.Class.Outcome == codebook.OutcomeSuccess {
				return lk, nil
			}
			return lk, &TransactionError{Reference: ref, Class: lk.Class}
		}
		if e.p.Disabled || !e.sleep(ctx, end, e.pollInterval(n)) {
			break
		}
	}
	c := codebook.Unknown()
	if last.State == LookupFound {
		c = last.Class
	}
	cause := error(codebook.ErrStopped)
	if err := ctx.Err(); err != nil {
		cause = errors.Join(codebook.ErrStopped, err)
	}
	return last, &TransactionError{Reference: ref, Class: c, Cause: cause}
}
