package engine_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// The engine on the real clock, in a synctest bubble: time is virtual,
// nothing really sleeps.

func TestRealClockBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(sendStep{answer: clsBackoff})
		e := cbengine.NewEngine(cbengine.Policy{BaseDelay: time.Second, Rand: func() float64 { return 0.5 }})
		start := time.Now()
		_, err := cbengine.Execute(context.Background(), e, txFor(p, topup, &journal.Memory{}))
		require.ErrorIs(t, err, codebook.OutcomeFailed)
		assert.Len(t, p.sent(), 3)
		assert.Equal(t, 500*time.Millisecond+time.Second, time.Since(start), "half of 1 s, then half of 2 s")
	})
}

func TestRealClockContextDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(sendStep{answer: clsBackoff})
		e := cbengine.NewEngine(cbengine.Policy{BaseDelay: 2 * time.Second, MaxAttempts: 5, Rand: func() float64 { return 0.999 }})
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err := cbengine.Execute(ctx, e, txFor(p, topup, &journal.Memory{}))
		require.Error(t, err)
		assert.LessOrEqual(t, time.Since(start), 3*time.Second, "the caller's deadline covers every attempt")
		assert.Len(t, p.sent(), 2, "2 s fits in 3 s, the next 4 s does not")
	})
}

func TestRealClockCancelDuringBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(sendStep{answer: clsBackoff})
		e := cbengine.NewEngine(cbengine.Policy{BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second, Rand: func() float64 { return 0.999 }})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := cbengine.Execute(ctx, e, txFor(p, topup, &journal.Memory{}))
		require.Error(t, err)
		assert.Equal(t, 100*time.Millisecond, time.Since(start), "returns at the cancellation, not after the delay")
		assert.Len(t, p.sent(), 1, "no attempt after cancel")
	})
}

// TestAttemptTimeout: a hung send is cut at AttemptTimeout, leaving the
// deadline's remainder to look the transaction up.
func TestAttemptTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newProvider(sendStep{commit: true, status: clsSuccess, answer: clsSuccess})
		p.onSend = func(ctx context.Context, _ int) { <-ctx.Done() } // the provider commits, the answer never comes
		e := cbengine.NewEngine(cbengine.Policy{AttemptTimeout: 5 * time.Second})
		tx := txFor(p, topup, &journal.Memory{})
		send := tx.Send
		tx.Send = func(ctx context.Context, ref string, body []byte) (string, codebook.Classified, error) {
			v, c, _ := send(ctx, ref, body)
			return v, c, ctx.Err()
		}
		start := time.Now()
		s, err := cbengine.Execute(context.Background(), e, tx)
		require.NoError(t, err)
		assert.True(t, s.ByLookup)
		assert.Equal(t, 5*time.Second, time.Since(start))
		assert.Len(t, p.sent(), 1)
	})
}

// TestExpiredContextSendsNothing: a context already done is no reason to
// call the outcome uncertain: nothing was sent.
func TestExpiredContextSendsNothing(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := newProvider()
	_, err := cbengine.Execute(ctx, cbengine.NewEngine(cbengine.Policy{}), txFor(p, topup, &journal.Memory{}))
	assert.ErrorIs(t, err, codebook.ErrNotSent)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, p.sent())
}
