package engine

import (
	"math"
	"sync"
)

// Defaults of the retry budget an Engine makes for itself.
const (
	DefaultBudgetRatio = 0.1 // a retry may be made for every ten requests
	DefaultBudgetFloor = 10  // retries allowed before any request, and the most saved up
)

// RetryBudget limits retries across many calls, so that an outage does not
// multiply the traffic a provider receives (the SRE book's per-client retry
// budget, AWS's retry quota, gRPC's retryThrottling).
//
// It is a token bucket: it starts with floor tokens and never holds more;
// every first request adds ratio of a token, every retry takes a whole
// one, and a retry with no whole token left is not made. Over any stretch
// of time, retries therefore number at most floor + ratio × requests.
//
// A RetryBudget is safe for concurrent use; share one between the engines
// calling the same provider.
type RetryBudget struct {
	mu      sync.Mutex
	tokens  int64 // in thousandths of a token
	max     int64
	deposit int64
}

// tokenUnit is one token in thousandths.
const tokenUnit = 1000

// NewRetryBudget returns a budget allowing floor retries at once and ratio
// retries per request beyond them. ratio is clamped to [0, 1] and floor to
// at least 1.
func NewRetryBudget(ratio float64, floor int) *RetryBudget {
	if math.IsNaN(ratio) || ratio < 0 {
		ratio = 0
	}
	ratio = min(ratio, 1)
	floor = max(floor, 1)
	capacity := int64(floor) * tokenUnit
	return &RetryBudget{tokens: capacity, max: capacity, deposit: int64(math.Round(ratio * tokenUnit))}
}

// Request records a first attempt, which earns ratio of a retry.
func (b *RetryBudget) Request() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.tokens+b.deposit, b.max)
}

// TryRetry takes one retry from the budget; it reports false, taking
// nothing, when the budget is spent.
func (b *RetryBudget) TryRetry() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < tokenUnit {
		return false
	}
	b.tokens -= tokenUnit
	return true
}

// Available returns the retries the budget would allow now.
func (b *RetryBudget) Available() float64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return float64(b.tokens) / tokenUnit
}
