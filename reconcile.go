package codebook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrStopped is the cause of a TransactionError when the engine stopped
// (attempts, retry budget, deadline, Disabled) before it knew the outcome,
// and no answer gave a better reason.
const ErrStopped EngineError = "codebook: stopped before the outcome was known"

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
	Value L     // the provider's answer, as the adapter decoded it
	Class Class // when Found: the class of the transaction's status
}

// StatusClass returns the class of a looked-up transaction whose status
// means o (the x-codebook lookup statuses): success and failed are final,
// pending is to be waited for, anything else is uncertain.
func StatusClass(o Outcome) Class {
	switch o {
	case OutcomeSuccess:
		return Class{Outcome: OutcomeSuccess, Retry: RetryNever, Fault: FaultNone, Category: CategoryNone}
	case OutcomePending:
		return Class{Outcome: OutcomePending, Retry: RetryReconcile, Fault: FaultNone, Category: CategoryInProgress}
	case OutcomeFailed:
		return Class{Outcome: OutcomeFailed, Retry: RetryNever, Fault: FaultUnknown, Category: CategoryDeclined}
	}
	return Unknown()
}

// LookupFunc looks a transaction up by its reference. An error makes the
// lookup inconclusive, whatever the Looked says.
type LookupFunc[L any] func(ctx context.Context, ref string) (Looked[L], error)

// Transaction describes one money-moving call for Execute: how to build
// its body for a reference, send it, look it up and persist the reference.
// S is the type of the send's answer, L the lookup's.
type Transaction[S, L any] struct {
	// Reference is the idempotency reference (Click Airtime extRefId,
	// Clickatell clientTxnRef). Empty: Execute makes one with
	// NewReference. Set: the reference may have been sent before (by a
	// process that stopped), so Execute looks it up before sending, when
	// there is a Lookup.
	Reference string
	// MaxReferenceLen is the provider's limit (x-codebook reference
	// max_length); 0 when undocumented.
	MaxReferenceLen int
	// Body returns the request body carrying ref. It is called before
	// every send: the bytes must be the same every time, or the send is
	// refused.
	Body func(ref string) ([]byte, error)
	// Send sends body, which carries ref, once. Its Classified is
	// normally the generated client's Result.
	Send func(ctx context.Context, ref string, body []byte) (S, Classified, error)
	// Lookup looks the transaction up by reference (x-codebook lookup);
	// nil when the provider has none, in which case an uncertain answer is
	// never resent and is returned for reconciliation.
	Lookup LookupFunc[L]
	// Persist stores the reference with its body's fingerprint before the
	// first byte is sent, durably enough to reconcile after a crash. An
	// error stops Execute before anything is sent; MemoryJournal.Persist
	// shows the contract, refusing a reference recorded with another
	// body.
	Persist func(ctx context.Context, ref string, fp Fingerprint) error
}

// Settled is what Execute learnt of a transaction.
type Settled[S, L any] struct {
	Reference   string
	Fingerprint Fingerprint // of the body sent with Reference
	// Class is the transaction's class: from the last send's answer, or,
	// when ByLookup, from the lookup that found the transaction.
	Class    Class
	Sent     S    // the last send's answer
	Found    L    // the answer of the lookup that found the transaction
	ByLookup bool // Class comes from a lookup
	Attempts int  // sends made
	Lookups  int  // lookups made
	// RetryAfter is the delay the last answer asked for, for a caller who
	// schedules the next try itself.
	RetryAfter time.Duration
}

// Final reports whether the outcome is known for good: success or failed.
// Anything else must be reconciled by Reference: with Wait, or later.
func (s Settled[S, L]) Final() bool { return s.Class.Outcome.IsFinal() }

// TransactionError is the error of Execute and Wait for every outcome but
// success. Its Class says what is known: failed (final), or pending or
// uncertain, to be reconciled by Reference; errors.Is matches the Class's
// Outcome and Category, and then the Cause (the provider's classified
// error, a transport error, ErrStopped…).
type TransactionError struct {
	Reference string
	Class     Class
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
	case Outcome:
		return e.Class.Outcome == t
	case Category:
		return e.Class.Category == t
	}
	return false
}

// Unwrap returns the cause.
func (e *TransactionError) Unwrap() error { return e.Cause }

// Execute runs one money-moving transaction to the most final outcome the
// policy allows:
//
//  1. The reference is tx.Reference or a new one; the body is built for it
//     and its fingerprint passed to tx.Persist. Nothing is sent when
//     either fails (errors.Is(err, ErrNotSent)).
//  2. The body is sent. A success ends it. A pending answer is returned
//     (the error matches OutcomePending): Wait for it.
//  3. A request that provably never left, or that the provider failed as
//     not processed (retry backoff or after_delay), is resent with the
//     same reference and the same bytes after a jittered backoff, or the
//     delay asked for when it is longer and within MaxRetryAfter.
//  4. A final failure (retry never or after_fix) ends it.
//  5. Anything else is uncertain: a timeout, a reset, a 5xx, a redirect,
//     an unreadable body, an undocumented or uncertain code, a duplicate
//     reference. The transaction is looked up: found, its status is the
//     outcome; not found, it is resent; inconclusive, the lookup is
//     repeated, then the transaction is returned uncertain. A duplicate
//     reference answer is never resent: only a found transaction settles
//     it.
//
// Sends are capped at MaxAttempts, every repetition draws on the retry
// budget, and one deadline covers it all. When the engine stops without
// knowing, the outcome is uncertain, never failed.
//
// The error is nil exactly when the outcome is success; otherwise it is a
// *TransactionError, or, when nothing was sent (no Persist, a Persist or
// Body error, a bad reference, the context already done, the reference in
// flight), an error matching ErrNotSent, with only Reference and
// Fingerprint set in the Settled.
func Execute[S, L any](ctx context.Context, e *Engine, tx Transaction[S, L]) (Settled[S, L], error) {
	var s Settled[S, L]
	if tx.Body == nil || tx.Send == nil || tx.Persist == nil {
		return s, fmt.Errorf("codebook: a Transaction needs Body, Send and Persist: %w", ErrNotSent)
	}
	ref := tx.Reference
	if ref == "" {
		var err error
		if ref, err = NewReference(tx.MaxReferenceLen); err != nil {
			return s, fmt.Errorf("%w: %w", ErrNotSent, err)
		}
	} else if err := checkReference(ref, tx.MaxReferenceLen); err != nil {
		return s, err
	}
	s.Reference = ref
	body, err := tx.Body(ref)
	if err != nil {
		return s, fmt.Errorf("codebook: request body: %w: %w", ErrNotSent, err)
	}
	s.Fingerprint = FingerprintOf(body)
	if !e.claim(ref) {
		return s, fmt.Errorf("%w: %w", ErrNotSent, ErrReferenceInFlight)
	}
	defer e.release(ref)
	ctx, cancel, end := e.window(ctx, e.p.Deadline)
	defer cancel()
	if err := tx.Persist(ctx, ref, s.Fingerprint); err != nil {
		return s, fmt.Errorf("codebook: persist reference: %w: %w", ErrNotSent, err)
	}
	if err := ctx.Err(); err != nil {
		return s, fmt.Errorf("codebook: %w: %w", ErrNotSent, err)
	}
	r := &run[S, L]{e: e, tx: tx, s: &s, body: body, end: end}
	err = r.execute(ctx, tx.Reference != "")
	return s, err
}

// run is the state of one Execute.
type run[S, L any] struct {
	e      *Engine
	tx     Transaction[S, L]
	s      *Settled[S, L]
	body   []byte
	end    time.Time
	sentAt time.Time // when the last send returned
	// doubt: an earlier send may have reached the provider, and only a
	// lookup's not-found says it did not; the engine then never turns its
	// own giving up into a failure.
	doubt bool
}

func (r *run[S, L]) execute(ctx context.Context, resume bool) error {
	if resume && r.tx.Lookup != nil {
		switch lk := r.reconcile(ctx, false); lk.State {
		case LookupFound:
			return r.found(lk)
		case LookupNotFound:
		default:
			return r.unsettled(Unknown(), ErrStopped)
		}
	}
	r.e.budget.Request()
	for n := 1; ; n++ {
		if n > 1 {
			if b, err := r.tx.Body(r.s.Reference); err != nil || !bytes.Equal(b, r.body) {
				// Refused before sending; the earlier sends stand.
				cause := errors.Join(ErrReferenceReused, err)
				if r.doubt || !r.s.Class.Outcome.IsFinal() {
					return r.unsettled(r.s.Class, cause)
				}
				return r.failed(r.s.Class, cause)
			}
		}
		actx, acancel := r.e.attemptContext(ctx)
		sv, c, err := r.tx.Send(actx, r.s.Reference, r.body)
		acancel()
		r.sentAt = r.e.clock.Now()
		v := judge(c, err)
		r.s.Attempts, r.s.Sent, r.s.Class, r.s.RetryAfter, r.s.ByLookup = n, sv, v.class, v.retryAfter, false
		switch o := v.class.Outcome; {
		case o == OutcomeSuccess:
			return nil
		case o == OutcomePending:
			return r.unsettled(v.class, v.err)
		case v.repeatable():
			if r.resend(ctx, n, v.retryAfter) {
				continue
			}
			if r.doubt {
				return r.unsettled(Unknown(), errors.Join(ErrStopped, v.err))
			}
			return r.failed(v.class, v.err)
		case o == OutcomeFailed && v.class.Retry != RetryReconcile:
			return r.failed(v.class, v.err)
		}
		// Uncertain, or failed but to be reconciled: look it up.
		v.class.Outcome = OutcomeUncertain
		r.s.Class = v.class
		if ctx.Err() != nil || r.tx.Lookup == nil {
			return r.unsettled(v.class, v.err)
		}
		lk := r.reconcile(ctx, v.class.Category == CategoryDuplicate)
		switch lk.State {
		case LookupFound:
			return r.found(lk)
		case LookupNotFound:
			r.doubt = true
			if r.resend(ctx, n, v.retryAfter) {
				continue
			}
			return r.unsettled(v.class, errors.Join(ErrStopped, v.err))
		}
		return r.unsettled(v.class, v.err)
	}
}

// resend reports whether the n-th send may be followed by another, after
// waiting for it.
func (r *run[S, L]) resend(ctx context.Context, n int, retryAfter time.Duration) bool {
	if n >= r.e.p.MaxAttempts {
		return false
	}
	d, ok := r.e.retryDelay(n, retryAfter)
	return ok && r.e.pause(ctx, r.end, d)
}

// reconcile looks the transaction up until the lookup is conclusive or
// the policy says stop. After a duplicate-reference answer, not-found is
// inconclusive: the provider said it has the reference.
func (r *run[S, L]) reconcile(ctx context.Context, duplicate bool) Looked[L] {
	graced := false
	for n := 1; ; n++ {
		lk := lookupOnce(ctx, r.e, r.s.Reference, r.tx.Lookup)
		r.s.Lookups++
		switch {
		case lk.State == LookupFound:
			return lk
		case lk.State == LookupNotFound && !duplicate:
			wait := r.e.p.NotFoundGrace - r.e.clock.Now().Sub(r.sentAt)
			if r.sentAt.IsZero() || wait <= 0 || graced {
				return lk
			}
			graced = true
			if !r.e.sleep(ctx, r.end, wait) {
				return Looked[L]{}
			}
			n--
			continue
		}
		if n >= r.e.p.MaxAttempts || !r.e.pause(ctx, r.end, r.e.backoff(n)) {
			return Looked[L]{}
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
	case OutcomeSuccess:
		return nil
	case OutcomeFailed:
		return r.failed(lk.Class, nil)
	}
	return r.unsettled(lk.Class, nil)
}

func (r *run[S, L]) failed(c Class, cause error) error {
	r.s.Class = c
	return &TransactionError{Reference: r.s.Reference, Class: c, Cause: cause}
}

func (r *run[S, L]) unsettled(c Class, cause error) error {
	if c.Outcome.IsFinal() {
		c = Unknown()
	}
	r.s.Class = c
	if cause == nil && c.Outcome != OutcomePending {
		cause = ErrStopped
	}
	return &TransactionError{Reference: r.s.Reference, Class: c, Cause: cause}
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
		return Looked[L]{}, &TransactionError{Reference: ref, Class: Unknown(), Cause: errors.New("codebook: no lookup to wait with")}
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
			if lk.Class.Outcome == OutcomeSuccess {
				return lk, nil
			}
			return lk, &TransactionError{Reference: ref, Class: lk.Class}
		}
		if e.p.Disabled || !e.sleep(ctx, end, e.pollInterval(n)) {
			break
		}
	}
	c := Unknown()
	if last.State == LookupFound {
		c = last.Class
	}
	cause := error(ErrStopped)
	if err := ctx.Err(); err != nil {
		cause = errors.Join(ErrStopped, err)
	}
	return last, &TransactionError{Reference: ref, Class: c, Cause: cause}
}
