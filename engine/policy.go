package engine

import (
	"context"
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"
	"sync"
	"time"
)

// Defaults of a Policy: a zero field takes these values.
const (
	DefaultMaxAttempts   = 3 // sends of one transaction, the first included
	MaxAttemptsCap       = 5 // MaxAttempts above this count as this (gRPC A6)
	DefaultBaseDelay     = 250 * time.Millisecond
	DefaultMaxDelay      = 5 * time.Second
	DefaultMaxRetryAfter = 10 * time.Second // longer delays asked for are not waited for
	DefaultPollInitial   = time.Second
	DefaultPollMax       = 15 * time.Second
	DefaultDeadline      = time.Minute     // Execute and Do, when the context has no earlier one
	DefaultMaxWait       = 5 * time.Minute // Wait, when the context has no earlier deadline
)

// Policy configures an Engine. The zero Policy is the default one; a field
// left zero takes the Default constant of its name.
//
// The policy says how much to repeat; what may be repeated at all is the
// classification's to say (Class.Retry), read from the code tables.
type Policy struct {
	// MaxAttempts caps the sends of one transaction, the first included, and
	// the calls of one Do; it caps the lookups of one reconciliation too.
	// Default 3; values above MaxAttemptsCap (5) count as 5.
	MaxAttempts int
	// BaseDelay and MaxDelay shape the backoff before a resend: a delay
	// drawn uniformly from [0, min(MaxDelay, BaseDelay·2^(n-1))] before the
	// n-th repetition ("full jitter").
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter caps the delay a provider may ask for (Retry-After, or
	// the delay its docs give for a code). A repetition is never made
	// sooner than asked; when the ask is longer than MaxRetryAfter, the
	// engine does not wait and returns the answer, whose RetryAfter the
	// caller may schedule.
	MaxRetryAfter time.Duration
	// PollInitial and PollMax are the first and the largest interval
	// between the lookups of Wait; intervals double in between, with
	// ±20 % jitter.
	PollInitial, PollMax time.Duration
	// Deadline bounds Execute and Do, all attempts, lookups and delays
	// included, when the context has no earlier deadline. Default 1 min;
	// for Execute, when left zero, long enough to prove a lost answer's
	// transaction absent and send it again: the transaction's settle time
	// plus DefaultTimeout plus 1 min, if that is longer.
	Deadline time.Duration
	// MaxWait bounds Wait when the context has no earlier deadline.
	// Default 5 min.
	MaxWait time.Duration
	// AttemptTimeout, when positive, bounds each single send or lookup, so
	// that one hung call leaves time to reconcile. Zero leaves it to the
	// HTTP client's timeout and the overall deadline.
	AttemptTimeout time.Duration
	// Disabled turns repetition off: one send, never a resend; one lookup
	// to reconcile an uncertain answer, never repeated; Wait looks up once.
	Disabled bool
	// Budget limits retries across every call of the engine (see
	// RetryBudget). Nil gives the engine its own
	// NewRetryBudget(DefaultBudgetRatio, DefaultBudgetFloor). Share one
	// budget between engines that call the same provider.
	Budget *RetryBudget
	// Clock measures and waits; nil is the real clock. Tests inject one
	// so that nothing really sleeps.
	Clock Clock
	// Rand returns numbers in [0, 1) for jitter; nil gives the engine its
	// own math/rand/v2 generator seeded from crypto/rand. The engine
	// serialises its calls.
	Rand func() float64
}

// Clock is the time an Engine reads and waits on.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx is done, in which case it returns
	// ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
}

// WallClock is the wall clock.
type WallClock struct{}

func (WallClock) Now() time.Time { return time.Now() }

func (WallClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Engine runs calls under a Policy: Execute for money-moving
// transactions, Wait for pending ones, Do for calls that are safe to
// repeat. It is safe for concurrent use; make one per provider client and
// share it.
type Engine struct {
	p      Policy
	budget *RetryBudget
	clock  Clock
	// deadlineSet: the caller chose Policy.Deadline; Execute keeps to it
	// even when it is shorter than a transaction's settle time.
	deadlineSet bool

	mu       sync.Mutex // guards rnd and inflight
	rnd      func() float64
	inflight map[string]struct{}
}

// NewEngine returns an Engine with p, its zero fields set to the defaults.
func NewEngine(p Policy) *Engine {
	set := p.Deadline > 0
	p = p.normalized()
	e := &Engine{p: p, budget: p.Budget, clock: p.Clock, rnd: p.Rand, inflight: map[string]struct{}{}, deadlineSet: set}
	if e.rnd == nil {
		var seed [16]byte
		_, _ = crand.Read(seed[:]) // never fails (Go 1.24+)
		r := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:])))
		e.rnd = r.Float64
	}
	return e
}

// Policy returns the engine's policy with the defaults filled in.
func (e *Engine) Policy() Policy { return e.p }

// Budget returns the retry budget the engine draws on.
func (e *Engine) Budget() *RetryBudget { return e.budget }

// normalized fills the zero fields of p with the defaults and clamps
// MaxAttempts to [1, MaxAttemptsCap].
func (p Policy) normalized() Policy {
	switch {
	case p.MaxAttempts <= 0:
		p.MaxAttempts = DefaultMaxAttempts
	case p.MaxAttempts > MaxAttemptsCap:
		p.MaxAttempts = MaxAttemptsCap
	}
	if p.Disabled {
		p.MaxAttempts = 1
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&p.BaseDelay, DefaultBaseDelay)
	def(&p.MaxDelay, DefaultMaxDelay)
	def(&p.MaxRetryAfter, DefaultMaxRetryAfter)
	def(&p.PollInitial, DefaultPollInitial)
	def(&p.PollMax, DefaultPollMax)
	def(&p.Deadline, DefaultDeadline)
	def(&p.MaxWait, DefaultMaxWait)
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.PollMax < p.PollInitial {
		p.PollMax = p.PollInitial
	}
	if p.Budget == nil {
		p.Budget = NewRetryBudget(DefaultBudgetRatio, DefaultBudgetFloor)
	}
	if p.Clock == nil {
		p.Clock = WallClock{}
	}
	return p
}

// random returns a number in [0, 1).
func (e *Engine) random() float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := e.rnd()
	if f < 0 || f >= 1 {
		f = 0
	}
	return f
}

// backoff returns the jittered delay before the n-th repetition (n ≥ 1):
// uniform in [0, min(MaxDelay, BaseDelay·2^(n-1))].
func (e *Engine) backoff(n int) time.Duration {
	return time.Duration(e.random() * float64(backoffCeiling(e.p, n)))
}

// backoffCeiling is the largest delay backoff(n) can return.
func backoffCeiling(p Policy, n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// retryDelay returns the delay before the n-th repetition after an answer
// that asked for retryAfter (0: none): the backoff, or the ask when it is
// longer. ok is false when the ask exceeds MaxRetryAfter: the engine does
// not wait that long.
func (e *Engine) retryDelay(n int, retryAfter time.Duration) (d time.Duration, ok bool) {
	if retryAfter > e.p.MaxRetryAfter {
		return 0, false
	}
	return max(e.backoff(n), retryAfter), true
}

// pollInterval returns the interval after the n-th poll (n ≥ 1):
// PollInitial·2^(n-1) capped at PollMax, with ±20 % jitter, never above
// PollMax.
func (e *Engine) pollInterval(n int) time.Duration {
	d := e.p.PollInitial
	for i := 1; i < n && d < e.p.PollMax; i++ {
		d *= 2
	}
	d = min(d, e.p.PollMax)
	j := time.Duration(float64(d) * (0.8 + 0.4*e.random()))
	return min(j, e.p.PollMax)
}

// window bounds ctx by limit and returns the end of the window on the
// engine's clock.
func (e *Engine) window(ctx context.Context, limit time.Duration) (context.Context, context.CancelFunc, time.Time) {
	if dl, ok := ctx.Deadline(); ok {
		limit = min(limit, time.Until(dl))
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	return ctx, cancel, e.clock.Now().Add(limit)
}

// sleep waits d when that ends before end; it reports whether it did.
func (e *Engine) sleep(ctx context.Context, end time.Time, d time.Duration) bool {
	if ctx.Err() != nil || e.clock.Now().Add(d).After(end) {
		return false
	}
	return e.clock.Sleep(ctx, d) == nil
}

// pause waits d before a repetition, when d ends before end and the
// retry budget has a retry left; it reports whether the repetition may go.
func (e *Engine) pause(ctx context.Context, end time.Time, d time.Duration) bool {
	if ctx.Err() != nil || e.clock.Now().Add(d).After(end) || !e.budget.TryRetry() {
		return false
	}
	return e.clock.Sleep(ctx, d) == nil
}

// executeDeadline is the window of one Execute whose transaction settles
// in settle: the policy's Deadline, stretched, when the caller left it
// zero, to leave room for a lost answer's send, the settle time and the
// lookups and resend after it.
func (e *Engine) executeDeadline(settle time.Duration) time.Duration {
	if e.deadlineSet {
		return e.p.Deadline
	}
	return max(e.p.Deadline, settle+DefaultTimeout+DefaultDeadline)
}

// attemptContext bounds one call by AttemptTimeout.
func (e *Engine) attemptContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if e.p.AttemptTimeout > 0 {
		return context.WithTimeout(ctx, e.p.AttemptTimeout)
	}
	return ctx, func() {}
}

// claim marks ref as in flight in this engine; it reports false when it
// already is.
func (e *Engine) claim(ref string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, busy := e.inflight[ref]; busy {
		return false
	}
	e.inflight[ref] = struct{}{}
	return true
}

func (e *Engine) release(ref string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.inflight, ref)
}
