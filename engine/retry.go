package engine

import (
	"context"
	"errors"
	"time"

	"github.com/codebookgen/codebook"
)

// notSentClass is the class of a request that provably never left: it
// did not happen, and it may be sent again.
func notSentClass() codebook.Class {
	return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryBackoff, Fault: codebook.FaultUnknown, Category: codebook.CategoryUnavailable}
}

// tlsClass is the class of a request refused on the server's certificate,
// or by GuardedTransport: it did not happen, and sending it again fails the
// same way.
func tlsClass() codebook.Class {
	return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultUnknown, Category: codebook.CategoryUnknown}
}

// verdict is what the engine makes of one call.
type verdict struct {
	class      codebook.Class
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
func judge(c codebook.Classified, err error, unsent bool) verdict {
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
		if certificateFailure(err) || errors.Is(err, codebook.ErrIdempotencyKeyHeader) || errors.Is(err, codebook.ErrCredentialsInURL) {
			v.class = tlsClass() // refused the same way every time
		}
		return v
	}
	if o := v.class.Outcome; o == codebook.OutcomeSuccess || o == codebook.OutcomePending {
		v.class = codebook.Unknown()
	}
	return v
}

// repeatable reports whether v's request may be sent again without a
// lookup: it provably never left, or the provider said it was not
// processed (failed, with retry backoff or after_delay).
func (v verdict) repeatable() bool {
	if v.notSent {
		return v.class.Retry == codebook.RetryBackoff
	}
	return v.class.Outcome == codebook.OutcomeFailed && (v.class.Retry == codebook.RetryBackoff || v.class.Retry == codebook.RetryAfterDelay)
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
func Do[T any](ctx context.Context, e *Engine, call func(ctx context.Context) (T, codebook.Classified, error)) (T, error) {
	ctx, cancel, end := e.window(ctx, e.p.Deadline)
	defer cancel()
	e.budget.Request()
	for n := 1; ; n++ {
		actx, acancel := e.attemptContext(ctx)
		actx, probe := withWireProbe(actx)
		v, c, err := call(actx)
		acancel()
		vd := judge(c, err, probe.provenUnsent())
		again := vd.repeatable() || (vd.class.Outcome == codebook.OutcomeUncertain && !vd.notSent)
		if !again || n >= e.p.MaxAttempts || ctx.Err() != nil {
			return v, err
		}
		d, ok := e.retryDelay(n, vd.retryAfter)
		if !ok || !e.pause(ctx, end, d) {
			return v, err
		}
	}
}
