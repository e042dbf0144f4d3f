package engine_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// fakeClock is a engine.Clock whose Sleep returns at once, moving the
// time on and recording the delay.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.sleeps = append(c.sleeps, d)
	return nil
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

func (c *fakeClock) total() time.Duration {
	var t time.Duration
	for _, d := range c.slept() {
		t += d
	}
	return t
}

// Classes of the scripted answers, as the code tables write them.
var (
	clsSuccess    = codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	clsPending    = codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	clsNoFunds    = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	clsAfterFix   = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRecipient}
	clsBackoff    = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryBackoff, Fault: codebook.FaultUpstream, Category: codebook.CategoryUnavailable}
	clsAfterDelay = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterDelay, Fault: codebook.FaultUpstream, Category: codebook.CategoryRateLimited}
	clsDuplicate  = codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultCaller, Category: codebook.CategoryDuplicate}
	clsServer     = codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultProvider, Category: codebook.CategoryInternal}
)

// Errors of the scripted transport.
var (
	errTimeout = errors.New("read tcp 10.0.0.1:443: i/o timeout")
	errReset   = errors.New("read tcp 10.0.0.1:443: connection reset by peer")
	errDial    = &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
)

// sendStep is the scripted behaviour of one send: whether the provider
// records the transaction (and with which status), and what the caller
// gets back.
type sendStep struct {
	commit     bool
	status     codebook.Class // the recorded status, when commit (default: the answer's class)
	answer     codebook.Class
	retryAfter time.Duration
	err        error
}

// lookStep is a scripted lookup answer, used before the ledger decides.
type lookStep struct {
	state cbengine.LookupState
	class codebook.Class
	err   error
}

// sent is one request as the provider received it.
type sent struct {
	ref  string
	body string
}

// provider is a scripted fake provider: a ledger of the transactions it
// processed, keyed by reference, a script for its answers to sends (the
// last step repeats), and for lookups (then the ledger answers).
type provider struct {
	mu      sync.Mutex
	steps   []sendStep
	looks   []lookStep
	ledger  map[string]codebook.Class
	sends   []sent
	lookups int
	// clock and lag, when set, make a recorded transaction visible to the
	// lookup only lag after it was recorded (a lagging lookup).
	clock     *fakeClock
	lag       time.Duration
	committed map[string]time.Time
	charges   map[string]int // transactions recorded per reference
	// onSend, when set, runs before each send is answered.
	onSend func(ctx context.Context, n int)
}

func newProvider(steps ...sendStep) *provider {
	return &provider{steps: steps, ledger: map[string]codebook.Class{}, committed: map[string]time.Time{}, charges: map[string]int{}}
}

func (p *provider) Send(ctx context.Context, ref string, body []byte) (string, codebook.Classified, error) {
	p.mu.Lock()
	n := len(p.sends)
	p.sends = append(p.sends, sent{ref: ref, body: string(body)})
	st := sendStep{answer: clsSuccess, commit: true}
	if len(p.steps) > 0 {
		st = p.steps[min(n, len(p.steps)-1)]
	}
	if st.commit {
		status := st.status
		if status == (codebook.Class{}) {
			status = st.answer
		}
		p.ledger[ref] = status
		p.charges[ref]++
		if p.clock != nil {
			p.committed[ref] = p.clock.Now()
		}
	}
	hook := p.onSend
	p.mu.Unlock()
	if cbengine.NotSent(st.err) {
		cbengine.NoteUnsent(ctx) // the script knows: nothing was written
	} else {
		cbengine.NoteWritten(ctx)
	}
	if hook != nil {
		hook(ctx, n)
	}
	if st.err != nil {
		return "", nil, st.err
	}
	return fmt.Sprintf("answer %d", n+1), codebook.Answer{Class: st.answer, RetryAfter: st.retryAfter}, nil
}

func (p *provider) Lookup(_ context.Context, ref string) (cbengine.Looked[string], error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lookups++
	if len(p.looks) > 0 {
		st := p.looks[0]
		p.looks = p.looks[1:]
		return cbengine.Looked[string]{State: st.state, Class: st.class, Value: "scripted " + st.state.String()}, st.err
	}
	c, ok := p.ledger[ref]
	if at, seen := p.committed[ref]; seen && p.clock.Now().Before(at.Add(p.lag)) {
		ok = false
	}
	if !ok {
		return cbengine.Looked[string]{State: cbengine.LookupNotFound}, nil
	}
	return cbengine.Looked[string]{State: cbengine.LookupFound, Class: c, Value: "ledger " + c.Outcome.String()}, nil
}

func (p *provider) sent() []sent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]sent(nil), p.sends...)
}

func (p *provider) lookupCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lookups
}

// order is a caller's request; body renders it for a reference.
type order struct {
	msisdn string
	amount int
}

func (o order) body(ref string) ([]byte, error) {
	return fmt.Appendf(nil, `{"msisdn":%q,"amount":%d,"extRefId":%q}`, o.msisdn, o.amount, ref), nil
}

// txFor returns the transaction of o against p, journaled in j.
func txFor(p *provider, o order, j journal.Journal) cbengine.Transaction[string, string] {
	return cbengine.Transaction[string, string]{
		MaxReferenceLen: 64,
		Body:            o.body,
		Send:            p.Send,
		Lookup:          p.Lookup,
		Journal:         j,
		Operation:       "topUp",
		Settle:          testSettle,
		Deduplicated:    true,
	}
}

// testSettle is the settle time of the scripted provider's transactions.
const testSettle = 5 * time.Second

// engine returns an engine on a fake clock, with jitter fixed at r.
func engine(clock *fakeClock, r float64, p cbengine.Policy) *cbengine.Engine {
	p.Clock = clock
	if p.Rand == nil {
		p.Rand = func() float64 { return r }
	}
	return cbengine.NewEngine(p)
}
