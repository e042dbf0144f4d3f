package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// Each test here reproduces a hole of the money-safety issue and names the
// rule of SAFETY.md that closes it.

var (
	clsAuth     = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	clsRejected = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultUpstream, Category: codebook.CategoryDeclined}
	clsNewRef   = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultUpstream, Category: codebook.CategoryRateLimited}
)

// TestRefusalAfterUnknownSendIsNotFinal (hole 1, rule "doubt"): the first
// send charges and its answer is lost; the lookup does not see it yet (the
// provider breaks its settle time); the resend is refused (20: the first
// charge spent the float; 30/221: the operator refuses a repeat; 401).
// The refusal does not make the transaction failed: it is looked up again,
// and found.
func TestRefusalAfterUnknownSendIsNotFinal(t *testing.T) {
	for name, refusal := range map[string]codebook.Class{
		"20 low balance": clsNoFunds, "30 operator refuses": clsRejected, "401 credentials": clsAuth,
	} {
		t.Run(name, func(t *testing.T) {
			p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess}, sendStep{answer: refusal})
			p.looks = []lookStep{{state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}} // lagging past the settle time
			s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
			require.NoError(t, err, "the first send charged: success, found by the lookup after the refusal")
			assert.True(t, s.ByLookup)
			assert.Len(t, p.sent(), 2)
			assert.Equal(t, 3, s.Lookups)
		})
	}
	t.Run("lookup inconclusive after the refusal: uncertain, never failed", func(t *testing.T) {
		p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess}, sendStep{answer: clsNoFunds})
		p.looks = []lookStep{{state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}, {err: errReset}, {err: errReset}, {err: errReset}}
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
		assert.ErrorIs(t, err, codebook.OutcomeUncertain)
		assert.NotErrorIs(t, err, codebook.OutcomeFailed)
		assert.Equal(t, codebook.OutcomeUncertain, s.Class.Outcome)
	})
	t.Run("absence proven after the refusal too: failed", func(t *testing.T) {
		p := newProvider(sendStep{err: errTimeout}, sendStep{answer: clsNoFunds})
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
		assert.ErrorIs(t, err, codebook.OutcomeFailed)
		assert.ErrorIs(t, err, codebook.CategoryInsufficientFunds)
		assert.Equal(t, 4, s.Lookups, "two not-found answers before the resend, two after the refusal")
	})
	t.Run("a backoff answer after an unknown send is looked up before any resend", func(t *testing.T) {
		p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess}, sendStep{answer: clsBackoff})
		p.looks = []lookStep{{state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}}
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
		require.NoError(t, err)
		assert.Len(t, p.sent(), 2, "no third send")
		assert.True(t, s.ByLookup)
	})
}

// TestOneNotFoundIsNotEnough (hole 5, rule "absence"): the lookup lags
// behind the charge by less than the settle time. One not-found used to be
// enough to resend; now absence takes two, the last one a settle time after
// the send ended, and the charge is found without a second send.
func TestOneNotFoundIsNotEnough(t *testing.T) {
	clock := newFakeClock()
	p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess})
	p.clock, p.lag = clock, testSettle-time.Second
	s, err := cbengine.Execute(context.Background(), engine(clock, 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
	require.NoError(t, err)
	assert.Len(t, p.sent(), 1, "never resent while the charge was only lagging")
	assert.Equal(t, 1, p.charges[s.Reference])
	assert.Equal(t, 2, s.Lookups)
	assert.GreaterOrEqual(t, clock.total(), testSettle, "the second lookup waits for the settle time")
}

// TestNoDuplicateDetection (hole 5): a provider that documents no duplicate
// check for the reference (Clickatell) is never resent after an unknown
// outcome without an in-flight check: flagged for reconciliation.
func TestNoDuplicateDetection(t *testing.T) {
	run := func(inFlight func(context.Context, string) (bool, error)) (*provider, cbengine.Settled[string, string], error) {
		p := newProvider(sendStep{err: errTimeout}, sendStep{answer: clsSuccess, commit: true})
		tx := txFor(p, topup, &journal.Memory{})
		tx.Deduplicated, tx.InFlight = false, inFlight
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
		return p, s, err
	}
	t.Run("no in-flight check: flagged, one send", func(t *testing.T) {
		p, s, err := run(nil)
		assert.ErrorIs(t, err, codebook.ErrNeedsReconciliation)
		assert.ErrorIs(t, err, codebook.OutcomeUncertain)
		assert.Len(t, p.sent(), 1)
		assert.False(t, s.Final())
	})
	t.Run("in-flight check reports a pending transaction: flagged", func(t *testing.T) {
		p, _, err := run(func(context.Context, string) (bool, error) { return true, nil })
		assert.ErrorIs(t, err, codebook.ErrNeedsReconciliation)
		assert.Len(t, p.sent(), 1)
	})
	t.Run("in-flight check fails: flagged", func(t *testing.T) {
		p, _, err := run(func(context.Context, string) (bool, error) { return false, errReset })
		assert.ErrorIs(t, err, codebook.ErrNeedsReconciliation)
		assert.ErrorIs(t, err, errReset)
		assert.Len(t, p.sent(), 1)
	})
	t.Run("in-flight check clear: resent once", func(t *testing.T) {
		p, _, err := run(func(context.Context, string) (bool, error) { return false, nil })
		require.NoError(t, err)
		assert.Len(t, p.sent(), 2)
	})
}

// TestRetryUnderNewReference (hole 6): 50 and 234 are refusals recorded
// under the reference; resending it would be answered 90 and the retry
// lost. The engine never resends such a reference: the transaction is
// failed for this reference, with the delay to wait, and the caller makes
// a new one.
func TestRetryUnderNewReference(t *testing.T) {
	p := newProvider(sendStep{answer: clsNewRef, retryAfter: time.Minute}, sendStep{answer: clsDuplicate})
	s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
	var te *cbengine.TransactionError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, codebook.OutcomeFailed, te.Class.Outcome)
	assert.Equal(t, codebook.RetryNewReference, te.Class.Retry)
	assert.Equal(t, time.Minute, s.RetryAfter)
	assert.Len(t, p.sent(), 1, "the same reference is never sent again")
	assert.Zero(t, p.lookupCount())
}

// TestTransportResendIsCounted (hole 4): a Send whose transport put the
// request on the wire twice for one attempt; the engine counts both, and
// a failure answer to the second no longer settles the transaction.
func TestTransportResendIsCounted(t *testing.T) {
	p := newProvider(sendStep{answer: clsNoFunds})
	tx := txFor(p, topup, &journal.Memory{})
	send := tx.Send
	tx.Send = func(ctx context.Context, ref string, body []byte) (string, codebook.Classified, error) {
		cbengine.NoteWritten(ctx) // a first write whose answer never came back
		return send(ctx, ref, body)
	}
	p.looks = []lookStep{{state: cbengine.LookupFound, class: clsSuccess}}
	s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
	require.NoError(t, err, "the unseen first write charged")
	assert.Equal(t, 1, s.Attempts)
	assert.Equal(t, 2, s.WireSends)
}

// TestErrorTypeIsNoProofOfNotSent (hole 2): an error that claims the
// request was not sent, from a Send that wrote it, is uncertain.
func TestErrorTypeIsNoProofOfNotSent(t *testing.T) {
	p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess})
	tx := txFor(p, topup, &journal.Memory{})
	send := tx.Send
	tx.Send = func(ctx context.Context, ref string, body []byte) (string, codebook.Classified, error) {
		v, c, err := send(ctx, ref, body)
		return v, c, errors.Join(codebook.ErrNotSent, err) // a lie told by a layer below
	}
	s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
	require.NoError(t, err)
	assert.Len(t, p.sent(), 1, "not resent blind")
	assert.True(t, s.ByLookup)
}

// TestSentTransactionNeverReadsNotSent (found by internal/faultsuite): a
// later call that never left (the in-flight check, a resend) fails with an
// error matching ErrNotSent; the transaction, whose first send may have
// charged, must not match it, or a caller would try again under a new
// reference.
func TestSentTransactionNeverReadsNotSent(t *testing.T) {
	t.Run("in-flight check not sent", func(t *testing.T) {
		p := newProvider(sendStep{err: errTimeout})
		tx := txFor(p, topup, &journal.Memory{})
		tx.Deduplicated = false
		tx.InFlight = func(context.Context, string) (bool, error) {
			return false, fmt.Errorf("in-flight check: %w", codebook.ErrNotSent)
		}
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
		assert.ErrorIs(t, err, codebook.ErrNeedsReconciliation)
		assert.ErrorIs(t, err, codebook.OutcomeUncertain)
		assert.NotErrorIs(t, err, codebook.ErrNotSent)
	})
	t.Run("resend refused before the wire after a lost answer", func(t *testing.T) {
		refused := fmt.Errorf("guard: %w", codebook.ErrNotSent)
		p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess}, sendStep{err: refused})
		p.looks = []lookStep{{state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}, {err: errReset}, {err: errReset}, {err: errReset}}
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
		assert.ErrorIs(t, err, codebook.OutcomeUncertain)
		assert.NotErrorIs(t, err, codebook.ErrNotSent)
		assert.ErrorContains(t, err, "guard", "the cause is still told")
		assert.False(t, s.Final())
	})
	t.Run("nothing ever left: not sent is the truth", func(t *testing.T) {
		p := newProvider(sendStep{err: fmt.Errorf("guard: %w", codebook.ErrNotSent)})
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
		assert.ErrorIs(t, err, codebook.ErrNotSent)
		assert.ErrorIs(t, err, codebook.OutcomeFailed)
	})
}

// TestDefaultDeadlineLeavesRoomToSettle (found by internal/sim): a
// provider whose settle time is longer than the default deadline (Clickatell,
// 2 min) could never have a lost answer's transaction proven absent inside
// Execute. Left zero, the deadline stretches to the settle time; set, it is
// kept, and the transaction is returned uncertain instead.
func TestDefaultDeadlineLeavesRoomToSettle(t *testing.T) {
	run := func(p cbengine.Policy) (*provider, cbengine.Settled[string, string], error) {
		prov := newProvider(sendStep{err: errTimeout}, sendStep{answer: clsSuccess, commit: true})
		tx := txFor(prov, topup, &journal.Memory{})
		tx.Settle = 2 * time.Minute
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, p), tx)
		return prov, s, err
	}
	p, _, err := run(cbengine.Policy{})
	require.NoError(t, err)
	assert.Len(t, p.sent(), 2, "proven absent after the settle time, resent once")
	p, s, err := run(cbengine.Policy{Deadline: time.Minute})
	assert.ErrorIs(t, err, codebook.OutcomeUncertain)
	assert.Len(t, p.sent(), 1)
	assert.Equal(t, 1, s.Lookups)
}
