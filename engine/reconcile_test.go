package engine_test

import (
	"context"
	"crypto/x509"
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

var topup = order{msisdn: "263719545499", amount: 5}

// sameRequest asserts every send carried the first one's reference and bytes.
func sameRequest(t *testing.T, sends []sent) {
	t.Helper()
	require.NotEmpty(t, sends)
	for i, s := range sends {
		assert.Equal(t, sends[0].ref, s.ref, "send %d: reference", i+1)
		assert.Equal(t, sends[0].body, s.body, "send %d: body bytes", i+1)
	}
}

// TestExecuteReconciles covers the rules of an uncertain answer on a
// money-moving call: look up, resend only on a proven not-found, take the
// found status otherwise.
func TestExecuteReconciles(t *testing.T) {
	tests := []struct {
		name      string
		steps     []sendStep
		looks     []lookStep
		policy    cbengine.Policy
		noLookup  bool
		ledger    codebook.Class // pre-existing transaction under the reference (resume, duplicate)
		want      codebook.Outcome
		wantSends int
		wantLooks int
		byLookup  bool
	}{
		{
			name:      "timeout then not found twice over the settle time: exactly one resend",
			steps:     []sendStep{{err: errTimeout}, {answer: clsSuccess, commit: true}},
			want:      codebook.OutcomeSuccess,
			wantSends: 2, wantLooks: 2,
		},
		{
			name:      "timeout after commit then found success: no resend",
			steps:     []sendStep{{err: errTimeout, commit: true, status: clsSuccess}},
			want:      codebook.OutcomeSuccess,
			wantSends: 1, wantLooks: 1, byLookup: true,
		},
		{
			name:      "reset after commit then found failed: failed, no resend",
			steps:     []sendStep{{err: errReset, commit: true, status: clsNoFunds}},
			want:      codebook.OutcomeFailed,
			wantSends: 1, wantLooks: 1, byLookup: true,
		},
		{
			name:      "5xx then found pending: pending for Wait",
			steps:     []sendStep{{answer: clsServer, commit: true, status: clsPending}},
			want:      codebook.OutcomePending,
			wantSends: 1, wantLooks: 1, byLookup: true,
		},
		{
			name:      "undocumented code (zero class) then not found, twice: capped at 3 sends",
			steps:     []sendStep{{answer: codebook.Class{}}},
			want:      codebook.OutcomeUncertain,
			wantSends: 3, wantLooks: 6,
		},
		{
			name:      "lookup inconclusive every time: no resend, uncertain",
			steps:     []sendStep{{err: errTimeout}},
			looks:     []lookStep{{err: errReset}, {err: errReset}, {err: errReset}},
			want:      codebook.OutcomeUncertain,
			wantSends: 1, wantLooks: 3,
		},
		{
			name:      "lookup inconclusive then not found twice: resend",
			steps:     []sendStep{{err: errTimeout}, {answer: clsSuccess, commit: true}},
			looks:     []lookStep{{state: cbengine.LookupInconclusive}},
			want:      codebook.OutcomeSuccess,
			wantSends: 2, wantLooks: 3,
		},
		{
			name:      "no lookup operation: uncertain, never resent",
			steps:     []sendStep{{err: errTimeout}},
			noLookup:  true,
			want:      codebook.OutcomeUncertain,
			wantSends: 1, wantLooks: 0,
		},
		{
			name:      "duplicate reference: the original's success",
			steps:     []sendStep{{answer: clsDuplicate}},
			ledger:    clsSuccess,
			want:      codebook.OutcomeSuccess,
			wantSends: 1, wantLooks: 1, byLookup: true,
		},
		{
			name:      "duplicate reference: the original's failure",
			steps:     []sendStep{{answer: clsDuplicate}},
			ledger:    clsNoFunds,
			want:      codebook.OutcomeFailed,
			wantSends: 1, wantLooks: 1, byLookup: true,
		},
		{
			name:      "duplicate reference, lookup lags (not found): never resent, never failed",
			steps:     []sendStep{{answer: clsDuplicate}},
			looks:     []lookStep{{state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}, {state: cbengine.LookupNotFound}},
			want:      codebook.OutcomeUncertain,
			wantSends: 1, wantLooks: 3,
		},
		{
			name:      "duplicate reference, lookup lags then finds it",
			steps:     []sendStep{{answer: clsDuplicate}},
			looks:     []lookStep{{state: cbengine.LookupNotFound}},
			ledger:    clsSuccess,
			want:      codebook.OutcomeSuccess,
			wantSends: 1, wantLooks: 2, byLookup: true,
		},
		{
			name:      "Disabled: timeout, one lookup, no resend",
			steps:     []sendStep{{err: errTimeout}},
			policy:    cbengine.Policy{Disabled: true},
			want:      codebook.OutcomeUncertain,
			wantSends: 1, wantLooks: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			p := newProvider(tt.steps...)
			p.looks = tt.looks
			e := engine(clock, 0.5, tt.policy)
			tx := txFor(p, topup, &journal.Memory{})
			if tt.noLookup {
				tx.Lookup = nil
			}
			if tt.ledger != (codebook.Class{}) {
				// The provider already holds a transaction under the
				// reference (it answers the send with the duplicate code):
				// the first send records it with that status.
				p.steps[0].commit, p.steps[0].status = true, tt.ledger
			}
			s, err := cbengine.Execute(context.Background(), e, tx)
			assert.Equal(t, tt.want, s.Class.Outcome, "outcome (class %s, err %v)", s.Class, err)
			assert.Len(t, p.sent(), tt.wantSends, "sends")
			assert.Equal(t, tt.wantLooks, p.lookupCount(), "lookups")
			assert.Equal(t, tt.wantSends, s.Attempts)
			assert.Equal(t, tt.wantLooks, s.Lookups)
			assert.Equal(t, tt.byLookup, s.ByLookup, "ByLookup")
			sameRequest(t, p.sent())
			assert.Equal(t, s.Reference, p.sent()[0].ref)
			if tt.want == codebook.OutcomeSuccess {
				require.NoError(t, err)
				return
			}
			var te *cbengine.TransactionError
			require.ErrorAs(t, err, &te)
			assert.ErrorIs(t, err, tt.want)
			assert.Equal(t, !tt.want.IsFinal(), te.Reconcile())
			assert.Equal(t, s.Reference, te.Reference)
		})
	}
}

// TestExecuteDecodeErrorIsUncertain: an answer whose class says success
// but whose body failed to decode is not trusted: it is looked up.
func TestExecuteDecodeErrorIsUncertain(t *testing.T) {
	clock := newFakeClock()
	p := newProvider()
	e := engine(clock, 0.5, cbengine.Policy{})
	tx := txFor(p, topup, &journal.Memory{})
	tx.Send = func(ctx context.Context, ref string, body []byte) (string, codebook.Classified, error) {
		_, _, _ = p.Send(ctx, ref, body) // commits success
		return "", codebook.Answer{Class: clsSuccess}, errors.New("decode HTTP 200 response: unexpected EOF")
	}
	s, err := cbengine.Execute(context.Background(), e, tx)
	require.NoError(t, err)
	assert.True(t, s.ByLookup)
	assert.Equal(t, 1, p.lookupCount())
	assert.Len(t, p.sent(), 1)
}

// TestExecuteRetries covers the answers that may be resent without a
// lookup, and those that may not be resent at all.
func TestExecuteRetries(t *testing.T) {
	tests := []struct {
		name       string
		steps      []sendStep
		policy     cbengine.Policy
		want       codebook.Outcome
		wantSends  int
		wantSleeps int
		wantAfter  time.Duration // Settled.RetryAfter
	}{
		{"backoff class: retried up to MaxAttempts (3)", []sendStep{{answer: clsBackoff}}, cbengine.Policy{}, codebook.OutcomeFailed, 3, 2, 0},
		{"backoff then success", []sendStep{{answer: clsBackoff}, {answer: clsSuccess, commit: true}}, cbengine.Policy{}, codebook.OutcomeSuccess, 2, 1, 0},
		{"MaxAttempts 10 is capped at 5", []sendStep{{answer: clsBackoff}}, cbengine.Policy{MaxAttempts: 10}, codebook.OutcomeFailed, 5, 4, 0},
		{"MaxAttempts 2", []sendStep{{answer: clsBackoff}}, cbengine.Policy{MaxAttempts: 2}, codebook.OutcomeFailed, 2, 1, 0},
		{"Disabled: a single attempt", []sendStep{{answer: clsBackoff}}, cbengine.Policy{Disabled: true, MaxAttempts: 5}, codebook.OutcomeFailed, 1, 0, 0},
		{"after_fix: no retry", []sendStep{{answer: clsAfterFix}}, cbengine.Policy{}, codebook.OutcomeFailed, 1, 0, 0},
		{"never: no retry", []sendStep{{answer: clsNoFunds}}, cbengine.Policy{}, codebook.OutcomeFailed, 1, 0, 0},
		{"after_delay within MaxRetryAfter: waited for", []sendStep{{answer: clsAfterDelay, retryAfter: 2 * time.Second}, {answer: clsSuccess, commit: true}}, cbengine.Policy{}, codebook.OutcomeSuccess, 2, 1, 0},
		{"after_delay beyond MaxRetryAfter: not waited, returned", []sendStep{{answer: clsAfterDelay, retryAfter: time.Minute}}, cbengine.Policy{}, codebook.OutcomeFailed, 1, 0, time.Minute},
		{"Retry-After on a backoff answer beyond the cap: returned", []sendStep{{answer: clsBackoff, retryAfter: 3 * time.Second}}, cbengine.Policy{MaxRetryAfter: 2 * time.Second}, codebook.OutcomeFailed, 1, 0, 3 * time.Second},
		{"dial refused (not sent): retried blind, no lookup", []sendStep{{err: errDial}, {answer: clsSuccess, commit: true}}, cbengine.Policy{}, codebook.OutcomeSuccess, 2, 1, 0},
		{"dial refused every time: failed, it never left", []sendStep{{err: errDial}}, cbengine.Policy{}, codebook.OutcomeFailed, 3, 2, 0},
		{"certificate refused: no retry", []sendStep{{err: x509.UnknownAuthorityError{}}}, cbengine.Policy{}, codebook.OutcomeFailed, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			p := newProvider(tt.steps...)
			e := engine(clock, 0.5, tt.policy)
			s, err := cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
			assert.Equal(t, tt.want, s.Class.Outcome, "class %s, err %v", s.Class, err)
			assert.Len(t, p.sent(), tt.wantSends)
			assert.Zero(t, p.lookupCount(), "no lookup for an answer that proves nothing happened")
			assert.Len(t, clock.slept(), tt.wantSleeps)
			assert.Equal(t, tt.wantAfter, s.RetryAfter)
			sameRequest(t, p.sent())
			if tt.want == codebook.OutcomeSuccess {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, codebook.OutcomeFailed)
				assert.False(t, err.(*cbengine.TransactionError).Reconcile())
			}
		})
	}
}

// TestRetryAfterHonoured: a delay asked for within the cap is waited in
// full, never less, even when the backoff is shorter.
func TestRetryAfterHonoured(t *testing.T) {
	clock := newFakeClock()
	p := newProvider(sendStep{answer: clsAfterDelay, retryAfter: 7 * time.Second}, sendStep{answer: clsSuccess, commit: true})
	e := engine(clock, 0.0, cbengine.Policy{MaxRetryAfter: 8 * time.Second})
	_, err := cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{7 * time.Second}, clock.slept())
}

// TestBackoffJitterBounds: the n-th delay is drawn from
// [0, min(MaxDelay, BaseDelay·2^(n-1))], and does vary.
func TestBackoffJitterBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pol := cbengine.Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: 500 * time.Millisecond, MaxAttempts: 5, Rand: rng.Float64, Deadline: time.Hour}
	seen := map[time.Duration]bool{}
	for range 200 {
		clock := newFakeClock()
		p := newProvider(sendStep{answer: clsBackoff})
		pol.Budget = cbengine.NewRetryBudget(1, 100)
		e := engine(clock, 0, pol)
		_, err := cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
		require.Error(t, err)
		sl := clock.slept()
		require.Len(t, sl, 4)
		for i, d := range sl {
			ceiling := min(pol.MaxDelay, pol.BaseDelay<<i)
			assert.GreaterOrEqual(t, d, time.Duration(0))
			assert.LessOrEqual(t, d, ceiling, "delay %d", i+1)
			seen[d] = true
		}
	}
	assert.Greater(t, len(seen), 100, "jittered delays differ")

	// At the top of the jitter range, the ceilings themselves.
	clock := newFakeClock()
	p := newProvider(sendStep{answer: clsBackoff})
	pol.Rand = func() float64 { return 0.999999999 }
	e := engine(clock, 0, pol)
	_, _ = cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
	want := []time.Duration{100, 200, 400, 500}
	for i, d := range clock.slept() {
		assert.InDelta(t, float64(want[i]*time.Millisecond), float64(d), float64(time.Microsecond))
	}
}

// TestDeadlineAcrossAttempts: no delay is started that would end after
// the one deadline; the outcome stays what the answers proved.
func TestDeadlineAcrossAttempts(t *testing.T) {
	clock := newFakeClock()
	p := newProvider(sendStep{answer: clsBackoff})
	e := engine(clock, 0.999, cbengine.Policy{BaseDelay: time.Second, MaxDelay: 4 * time.Second, MaxAttempts: 5, Deadline: 2500 * time.Millisecond})
	_, err := cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
	require.Error(t, err)
	assert.LessOrEqual(t, clock.total(), 2500*time.Millisecond)
	assert.Len(t, p.sent(), 2, "1 s fits, the next 2 s does not")
}

// TestBudgetStopsRetries: once the shared budget is spent, no retry is
// made, by any transaction of the engine.
func TestBudgetStopsRetries(t *testing.T) {
	clock := newFakeClock()
	e := engine(clock, 0.5, cbengine.Policy{Budget: cbengine.NewRetryBudget(0, 1)})
	p1 := newProvider(sendStep{answer: clsBackoff})
	_, err := cbengine.Execute(context.Background(), e, txFor(p1, topup, &journal.Memory{}))
	require.Error(t, err)
	assert.Len(t, p1.sent(), 2, "the floor of one retry")
	p2 := newProvider(sendStep{answer: clsBackoff})
	_, err = cbengine.Execute(context.Background(), e, txFor(p2, topup, &journal.Memory{}))
	require.Error(t, err)
	assert.Len(t, p2.sent(), 1, "budget spent: no retry")

	// An uncertain answer proven not found is not resent either, and the
	// result is uncertain, not failed.
	p3 := newProvider(sendStep{err: errTimeout})
	s, err := cbengine.Execute(context.Background(), e, txFor(p3, topup, &journal.Memory{}))
	assert.Len(t, p3.sent(), 1)
	assert.Equal(t, codebook.OutcomeUncertain, s.Class.Outcome)
	assert.ErrorIs(t, err, codebook.ErrStopped)
}

// TestJournalBegin: the transaction is begun in the journal (reference,
// operation, the body's fingerprint and bytes) before the first byte; a
// failure there, or no journal, sends nothing.
func TestJournalBegin(t *testing.T) {
	t.Run("begun before the first send", func(t *testing.T) {
		p := newProvider()
		j := &recJournal{}
		j.onWrite = func(string) {
			if len(j.log()) == 0 {
				assert.Empty(t, p.sent(), "nothing sent before Begin")
			}
		}
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, j))
		require.NoError(t, err)
		rec, err := j.Get(context.Background(), s.Reference)
		require.NoError(t, err)
		assert.Equal(t, journal.FingerprintOf([]byte(p.sent()[0].body)), rec.Entry.Fingerprint)
		assert.Equal(t, p.sent()[0].body, string(rec.Entry.Request))
		assert.Equal(t, "topUp", rec.Entry.Operation)
		assert.Equal(t, rec.Entry.Fingerprint, s.Fingerprint)
		assert.Greater(t, rec.Entry.Hold, cbengine.DefaultDeadline, "the hold covers the deadline and a margin")
	})
	t.Run("begin error: nothing sent", func(t *testing.T) {
		p := newProvider()
		j := &recJournal{failAt: 1, failErr: errors.New("db down")}
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, j))
		require.Error(t, err)
		assert.ErrorIs(t, err, codebook.ErrNotSent)
		assert.Empty(t, p.sent())
	})
	t.Run("no journal: nothing sent", func(t *testing.T) {
		p := newProvider()
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, nil))
		assert.ErrorIs(t, err, codebook.ErrNotSent)
		assert.Empty(t, p.sent())
	})
}

// TestReferenceReuse: a reference never goes out with a body other than
// its first one.
func TestReferenceReuse(t *testing.T) {
	t.Run("same reference, different order: refused before sending", func(t *testing.T) {
		j := &journal.Memory{}
		p := newProvider()
		e := engine(newFakeClock(), 0.5, cbengine.Policy{})
		s, err := cbengine.Execute(context.Background(), e, txFor(p, topup, j))
		require.NoError(t, err)

		other := order{msisdn: topup.msisdn, amount: 50}
		tx := txFor(p, other, j)
		tx.Reference = s.Reference
		_, err = cbengine.Execute(context.Background(), e, tx)
		assert.ErrorIs(t, err, codebook.ErrReferenceReused)
		assert.ErrorIs(t, err, codebook.ErrNotSent)
		assert.Len(t, p.sent(), 1)
	})
	t.Run("body changes between attempts: the resend is refused", func(t *testing.T) {
		p := newProvider(sendStep{answer: clsBackoff})
		tx := txFor(p, topup, &journal.Memory{})
		calls := 0
		tx.Body = func(ref string) ([]byte, error) {
			calls++
			return order{msisdn: topup.msisdn, amount: calls}.body(ref)
		}
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
		assert.ErrorIs(t, err, codebook.ErrReferenceReused)
		assert.Len(t, p.sent(), 1)
		assert.Equal(t, codebook.OutcomeFailed, s.Class.Outcome, "the only send was refused as not processed")
	})
	t.Run("same reference, same order: resumed with a lookup first", func(t *testing.T) {
		j := &journal.Memory{}
		p := newProvider(sendStep{err: errTimeout, commit: true, status: clsSuccess})
		e := engine(newFakeClock(), 0.5, cbengine.Policy{Disabled: true})
		tx := txFor(p, topup, j)
		tx.Lookup = nil // the first run cannot reconcile
		s, err := cbengine.Execute(context.Background(), e, tx)
		require.ErrorIs(t, err, codebook.OutcomeUncertain)

		resume := txFor(p, topup, j)
		resume.Reference = s.Reference
		s2, err := cbengine.Execute(context.Background(), e, resume)
		require.NoError(t, err)
		assert.Zero(t, s2.Attempts, "found by the lookup: not sent again")
		assert.Len(t, p.sent(), 1)
	})
	t.Run("caller's fresh reference: proven absent (two not-found over the settle time), sent", func(t *testing.T) {
		p := newProvider()
		tx := txFor(p, topup, &journal.Memory{})
		tx.Reference = "order-000000000000000000042"
		s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
		require.NoError(t, err)
		assert.Equal(t, 2, s.Lookups)
		assert.Equal(t, "order-000000000000000000042", p.sent()[0].ref)
	})
	t.Run("reference over the provider's limit: refused", func(t *testing.T) {
		p := newProvider()
		tx := txFor(p, topup, &journal.Memory{})
		tx.MaxReferenceLen, tx.Reference = 8, "123456789"
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
		assert.ErrorIs(t, err, codebook.ErrNotSent)
		assert.Empty(t, p.sent())
	})
	t.Run("same reference in flight twice: the second is refused", func(t *testing.T) {
		p := newProvider()
		e := engine(newFakeClock(), 0.5, cbengine.Policy{})
		inside, release := make(chan struct{}), make(chan struct{})
		p.onSend = func(context.Context, int) {
			close(inside)
			<-release
		}
		tx := txFor(p, topup, &journal.Memory{})
		tx.Reference = "order-000000000000000000043"
		var wg sync.WaitGroup
		wg.Go(func() {
			_, err := cbengine.Execute(context.Background(), e, tx)
			assert.NoError(t, err)
		})
		<-inside
		_, err := cbengine.Execute(context.Background(), e, tx)
		assert.ErrorIs(t, err, codebook.ErrReferenceInFlight)
		close(release)
		wg.Wait()
		assert.Len(t, p.sent(), 1)
	})
}

// TestCanceledContext: the caller's cancellation after the request left
// leaves the transaction uncertain, never failed, with no more calls.
func TestCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := newProvider(sendStep{err: context.Canceled, commit: true, status: clsSuccess})
	p.onSend = func(context.Context, int) { cancel() }
	s, err := cbengine.Execute(ctx, engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
	assert.ErrorIs(t, err, codebook.OutcomeUncertain)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, codebook.OutcomeUncertain, s.Class.Outcome)
	assert.Zero(t, p.lookupCount())
	assert.Len(t, p.sent(), 1)
}

// TestWait covers the polling of a pending transaction.
func TestWait(t *testing.T) {
	t.Run("pending then success: growing intervals", func(t *testing.T) {
		clock := newFakeClock()
		p := newProvider()
		p.looks = []lookStep{
			{state: cbengine.LookupFound, class: clsPending},
			{state: cbengine.LookupFound, class: clsPending},
			{err: errReset}, // an inconclusive poll is polled again
			{state: cbengine.LookupFound, class: clsPending},
			{state: cbengine.LookupFound, class: clsPending},
			{state: cbengine.LookupFound, class: clsPending},
			{state: cbengine.LookupFound, class: clsSuccess},
		}
		e := engine(clock, 0.5, cbengine.Policy{PollInitial: time.Second, PollMax: 10 * time.Second})
		lk, err := cbengine.Wait(context.Background(), e, "ref", p.Lookup)
		require.NoError(t, err)
		assert.Equal(t, codebook.OutcomeSuccess, lk.Class.Outcome)
		assert.Equal(t, 7, p.lookupCount())
		assert.Equal(t, []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second}, clock.slept())
	})
	t.Run("jittered intervals stay within ±20 % and under PollMax", func(t *testing.T) {
		for _, r := range []float64{0, 0.999999} {
			clock := newFakeClock()
			p := newProvider()
			for range 5 {
				p.looks = append(p.looks, lookStep{state: cbengine.LookupFound, class: clsPending})
			}
			p.looks = append(p.looks, lookStep{state: cbengine.LookupFound, class: clsNoFunds})
			e := engine(clock, r, cbengine.Policy{PollInitial: time.Second, PollMax: 10 * time.Second})
			lk, err := cbengine.Wait(context.Background(), e, "ref", p.Lookup)
			assert.ErrorIs(t, err, codebook.ErrInsufficientFunds, "a found failure is final")
			assert.Equal(t, codebook.OutcomeFailed, lk.Class.Outcome)
			base := []time.Duration{1, 2, 4, 8, 10}
			for i, d := range clock.slept() {
				b := base[i] * time.Second
				assert.GreaterOrEqual(t, d, time.Duration(float64(b)*0.8)-time.Millisecond)
				assert.LessOrEqual(t, d, min(time.Duration(float64(b)*1.2)+time.Millisecond, 10*time.Second))
			}
		}
	})
	t.Run("deadline while pending: pending, flagged, never failed", func(t *testing.T) {
		clock := newFakeClock()
		p := newProvider()
		p.looks = make([]lookStep, 100)
		for i := range p.looks {
			p.looks[i] = lookStep{state: cbengine.LookupFound, class: clsPending}
		}
		e := engine(clock, 0.5, cbengine.Policy{MaxWait: 20 * time.Second})
		lk, err := cbengine.Wait(context.Background(), e, "ref", p.Lookup)
		var te *cbengine.TransactionError
		require.ErrorAs(t, err, &te)
		assert.True(t, te.Reconcile())
		assert.ErrorIs(t, err, codebook.OutcomePending)
		assert.NotErrorIs(t, err, codebook.OutcomeFailed)
		assert.Equal(t, codebook.OutcomePending, lk.Class.Outcome)
		assert.LessOrEqual(t, clock.total(), 20*time.Second)
	})
	t.Run("lookups failing until the deadline: uncertain, never failed", func(t *testing.T) {
		clock := newFakeClock()
		p := newProvider()
		p.looks = make([]lookStep, 100)
		for i := range p.looks {
			p.looks[i] = lookStep{err: errReset}
		}
		e := engine(clock, 0.5, cbengine.Policy{MaxWait: 20 * time.Second})
		_, err := cbengine.Wait(context.Background(), e, "ref", p.Lookup)
		assert.ErrorIs(t, err, codebook.OutcomeUncertain)
		assert.ErrorIs(t, err, codebook.ErrStopped)
	})
	t.Run("Disabled: one lookup", func(t *testing.T) {
		p := newProvider()
		p.looks = []lookStep{{state: cbengine.LookupFound, class: clsPending}}
		e := engine(newFakeClock(), 0.5, cbengine.Policy{Disabled: true})
		_, err := cbengine.Wait(context.Background(), e, "ref", p.Lookup)
		assert.ErrorIs(t, err, codebook.OutcomePending)
		assert.Equal(t, 1, p.lookupCount())
	})
	t.Run("Execute pending then Wait", func(t *testing.T) {
		clock := newFakeClock()
		p := newProvider(sendStep{answer: clsPending, commit: true})
		e := engine(clock, 0.5, cbengine.Policy{})
		tx := txFor(p, topup, &journal.Memory{})
		s, err := cbengine.Execute(context.Background(), e, tx)
		require.ErrorIs(t, err, codebook.OutcomePending)
		assert.False(t, s.Final())
		assert.Zero(t, p.lookupCount(), "Execute does not poll")
		p.looks = []lookStep{{state: cbengine.LookupFound, class: clsPending}}
		p.mu.Lock()
		p.ledger[s.Reference] = clsSuccess
		p.mu.Unlock()
		lk, err := cbengine.Wait(context.Background(), e, s.Reference, tx.Lookup)
		require.NoError(t, err)
		assert.Equal(t, "ledger success", lk.Value)
		assert.Len(t, p.sent(), 1)
	})
}

// TestDo covers the retries of a call that is safe to repeat.
func TestDo(t *testing.T) {
	tests := []struct {
		name    string
		answers []sendStep
		policy  cbengine.Policy
		calls   int
		wantErr bool
	}{
		{"success", []sendStep{{answer: clsSuccess}}, cbengine.Policy{}, 1, false},
		{"5xx then success: a read is asked again", []sendStep{{answer: clsServer}, {answer: clsSuccess}}, cbengine.Policy{}, 2, false},
		{"timeout twice then success", []sendStep{{err: errTimeout}, {err: errTimeout}, {answer: clsSuccess}}, cbengine.Policy{}, 3, false},
		{"timeouts: capped", []sendStep{{err: errTimeout}}, cbengine.Policy{}, 3, true},
		{"after_fix: once", []sendStep{{answer: clsAfterFix, err: errors.New("400")}}, cbengine.Policy{}, 1, true},
		{"certificate: once", []sendStep{{err: x509.UnknownAuthorityError{}}}, cbengine.Policy{}, 1, true},
		{"Disabled: once", []sendStep{{err: errTimeout}}, cbengine.Policy{Disabled: true}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			e := engine(newFakeClock(), 0.5, tt.policy)
			_, err := cbengine.Do(context.Background(), e, func(ctx context.Context) (string, codebook.Classified, error) {
				st := tt.answers[min(calls, len(tt.answers)-1)]
				calls++
				if cbengine.NotSent(st.err) {
					cbengine.NoteUnsent(ctx)
				}
				return "", codebook.Answer{Class: st.answer}, st.err
			})
			assert.Equal(t, tt.calls, calls)
			assert.Equal(t, tt.wantErr, err != nil)
		})
	}
}

// TestOutageStorm: 200 concurrent transactions against a provider that
// fails every one as retryable; the shared budget keeps the retries to
// its floor plus a tenth of the transactions.
func TestOutageStorm(t *testing.T) {
	const n = 200
	clock := newFakeClock()
	e := engine(clock, 0.5, cbengine.Policy{Rand: rand.Float64})
	p := newProvider(sendStep{answer: clsBackoff})
	j := &journal.Memory{}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			s, err := cbengine.Execute(context.Background(), e, txFor(p, topup, j))
			assert.ErrorIs(t, err, codebook.ErrUnavailable)
			assert.Equal(t, codebook.OutcomeFailed, s.Class.Outcome)
		})
	}
	wg.Wait()
	retries := len(p.sent()) - n
	assert.LessOrEqual(t, retries, cbengine.DefaultBudgetFloor+int(cbengine.DefaultBudgetRatio*n))
	assert.GreaterOrEqual(t, retries, cbengine.DefaultBudgetFloor)
	refs := map[string]bool{}
	for _, s := range p.sent() {
		refs[s.ref] = true
	}
	assert.Len(t, refs, n, "one reference per transaction")
}
