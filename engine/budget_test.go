package engine_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	cbengine "github.com/codebookgen/codebook/engine"
)

func TestRetryBudget(t *testing.T) {
	b := cbengine.NewRetryBudget(0.1, 2)
	assert.InDelta(t, 2, b.Available(), 1e-9, "starts with the floor")
	assert.True(t, b.TryRetry())
	assert.True(t, b.TryRetry())
	assert.False(t, b.TryRetry(), "spent")
	for range 9 {
		b.Request()
	}
	assert.False(t, b.TryRetry(), "0.9 of a retry is not one")
	b.Request()
	assert.True(t, b.TryRetry(), "ten requests earn one retry")
	for range 1000 {
		b.Request()
	}
	assert.InDelta(t, 2, b.Available(), 1e-9, "never more than the floor saved up")

	assert.InDelta(t, 1, cbengine.NewRetryBudget(-1, 0).Available(), 1e-9, "floor at least 1")
	z := cbengine.NewRetryBudget(0, 1)
	z.Request()
	assert.True(t, z.TryRetry())
	z.Request()
	assert.False(t, z.TryRetry(), "ratio 0 earns nothing")
}

// TestRetryBudgetConcurrent: 200 goroutines each make a request and try
// three retries; the budget grants at most its floor plus a tenth of the
// requests, and is race-free.
func TestRetryBudgetConcurrent(t *testing.T) {
	const n, floor = 200, 10
	b := cbengine.NewRetryBudget(0.1, floor)
	var granted atomic.Int64
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			b.Request()
			for range 3 {
				if b.TryRetry() {
					granted.Add(1)
				}
				_ = b.Available()
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, granted.Load(), int64(floor+n/10))
	assert.GreaterOrEqual(t, granted.Load(), int64(floor))
	assert.GreaterOrEqual(t, b.Available(), 0.0)
}
