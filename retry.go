package codebook

import (
	"context"
	"errors"
	"time"
)

// Classified is the provider-neutral view of one answer that the engine
// works from. Every Result implements it, so a generated client method's
// (value, Result, error) plugs straight into Transaction.Send and Do.
type Classified interface {
	// Classification returns the class of the answer: an undocumented or
	// missing answer is the zero Class, uncertain.
	Classification() Class
	// RetryDelay returns the delay the answer asks for before a resend
	// (Retry-After, or the documented delay of the code); 0 for none.
	RetryDelay() time.Duration
}

// Classification returns r.Class.
func (r Result[T, E, C]) Classification() Class { return r.Class }

// RetryDelay returns r.RetryAfter.
func (r Result[T, E, C]) RetryDelay() time.Duration { return r.RetryAfter }

// Answer is a Classified built by hand, for adapters and tests.
type Answer struct {
	Class      Class
	RetryAfter time.Duration
}

// Classification returns a.Class.
func (a Answer) Classification() Class { return a.Class }

// RetryDelay returns a.RetryAfter.
func (a Answer) RetryDelay() time.Duration { return a.RetryAfter }

// notSentClass is the class of a request that provably never left: it
// did not happen, and it may be sent again.
func notSentClass() Class {
	return Class{Outcome: OutcomeFailed, Retry: RetryBackoff, Fault: FaultUnknown, Category: CategoryUnavailable}
}

// tlsClass is the class of a request refused on the server's certificate,
// or by GuardedTransport: it did not happen, and sending it again fails the
// same way.
func tlsClass() Class {
	return Class{Outcome: OutcomeFailed, Retry: RetryAfterFix, Fault: FaultUnknown, Category: CategoryUnknown}
}

// verdict is what the engine makes of one call.
type verdict struct {
	class      Class
	retryAfter time.Duration
	err        error
	notSent    bool // provably never reached the provider
}

// judge classifies one call's answer and error; unsent says the call's
// wire probe proved that no byte of the request reached the wire.
//
//   - An error when nothing was sent gives a failed class the engine may
//     retry, or, for a certificate failure, may not. The error's type
//     alone never proves that nothing was sent.
//   - Any other error next to a success or pending class (a body that
//     classified but did not decode) makes the answer uncertain: only a
//     lookup can tell what happened.
//   - Otherwise the class stands; a missing Classified is the zero class,
//     uncertain, which is what a transport error (timeout, reset, EOF,
//     unreadable or oversized body) comes with.
func judge(c Classified, err error, unsent bool) verdict {
	var v verdict
	if c != nil {
		v.class, v.retryAfter = c.Classification(), c.RetryDelay()
	}
	v.err = err
	if err == nil {
		return v
	}
	if unsent {
		v.notSent, v.class = true, notSentClass()
		if certificateFailure(err) || errors.Is(err, ErrIdempotencyKeyHeader) || errors.Is(err, ErrCredentialsInURL) {
			v.class = tlsClass() // refused the same way every time
		}
		return v
	}
	if o := v.class.Outcome; o == OutcomeSuccess || o == OutcomePending {
		v.class = Unknown()
	}
	return v
}

// repeatable reports whether v's request may be sent again without a
// lookup: it provably never left, or the provider said it was not
// processed (failed, with retry backoff or after_delay).
func (v verdict) repeatable() bool {
	if v.notSent {
		return v.class.Retry == RetryBackoff
	}
	return v.class.Outcome == OutcomeFailed && (v.class.Retry == RetryBackoff || v.class.Retry == RetryAfterDelay)
}

// Do calls call, a request that is safe to repeat (a read, a lookup), and
// repeats it while the answer allows: it never left, it failed with retry
// backoff or after_delay, or its outcome is uncertain (a timeout, a 5xx),
// which for a safe request is a reason to ask again. Repetitions follow
// the engine's policy: at most MaxAttempts calls, jittered exponential
// backoff, delays asked for honoured up to MaxRetryAfter, one deadline,
// the retry budget, and none at all when Disabled.
//
// Do returns the last call's value and error; read the Result through the
// closure when it is needed. Never use Do for a call that moves money: use
// Execute.
func Do[T any](ctx context.Context, e *Engine, call func(ctx context.Context) (T, Classified, error)) (T, error) {
	ctx, cancel, end := e.window(ctx, e.p.Deadline)
	defer cancel()
	e.budget.Request()
	for n := 1; ; n++ {
		actx, acancel := e.attemptContext(ctx)
		actx, probe := withWireProbe(actx)
		v, c, err := call(actx)
		acancel()
		vd := judge(c, err, probe.provenUnsent())
		again := vd.repeatable() || (vd.class.Outcome == OutcomeUncertain && !vd.notSent)
		if !again || n >= e.p.MaxAttempts || ctx.Err() != nil {
			return v, err
		}
		d, ok := e.retryDelay(n, vd.retryAfter)
		if !ok || !e.pause(ctx, end, d) {
			return v, err
		}
	}
}
