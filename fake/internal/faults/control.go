package faults

import (
	"sync"

	"github.com/codebookgen/codebook/fake/fault"
)

// Control is what a test scripts on a fake, whatever the provider: the
// Script (a function of the fake's request R answering its outcome O, whose
// zero value means "the default"), the fault chooser, the outcomes queued for
// the next new transactions and those set per reference, and the count of
// requests refused for their credentials. Its zero value is ready; it is
// safe for concurrent use.
type Control[R any, O comparable] struct {
	mu           sync.Mutex
	script       func(R) O
	faultFn      func(R) fault.Fault
	queue        []O
	byRef        map[string]O
	unauthorized int
}

// SetScript replaces the Script (nil: the defaults).
func (c *Control[R, O]) SetScript(f func(R) O) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.script = f
}

// SetFaults replaces the fault chooser (nil: no fault but the queued ones).
func (c *Control[R, O]) SetFaults(f func(R) fault.Fault) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faultFn = f
}

// Enqueue queues outcomes for the next new transactions, one each, in order.
func (c *Control[R, O]) Enqueue(os ...O) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.queue = append(c.queue, os...)
}

// ScriptReference sets the outcome of the first new transaction carrying
// reference ref ("" never matches).
func (c *Control[R, O]) ScriptReference(ref string, o O) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byRef == nil {
		c.byRef = map[string]O{}
	}
	c.byRef[ref] = o
}

// Scripted asks the Script about req; the zero O when there is none.
func (c *Control[R, O]) Scripted(req R) O {
	c.mu.Lock()
	fn := c.script
	c.mu.Unlock()
	var o O
	if fn != nil {
		o = fn(req)
	}
	return o
}

// Next finds the outcome of a new transaction carrying reference ref: the
// one set for ref (taken once), else the first queued (taken), else the
// Script's. It reports false when none of them gave one (the Script's zero O
// counts as none).
func (c *Control[R, O]) Next(ref string, req R) (O, bool) {
	c.mu.Lock()
	if o, ok := c.byRef[ref]; ok && ref != "" {
		delete(c.byRef, ref)
		c.mu.Unlock()
		return o, true
	}
	if len(c.queue) > 0 {
		o := c.queue[0]
		c.queue = c.queue[1:]
		c.mu.Unlock()
		return o, true
	}
	c.mu.Unlock()
	var zero O
	o := c.Scripted(req)
	return o, o != zero
}

// Fault chooses the fault of req, a request of operation op: the first
// queued for op in q, else the chooser's, else none.
func (c *Control[R, O]) Fault(q *Queue, op string, req R) fault.Fault {
	if f, ok := q.Pop(op); ok {
		return f
	}
	c.mu.Lock()
	fn := c.faultFn
	c.mu.Unlock()
	if fn != nil {
		return fn(req)
	}
	return fault.Fault{}
}

// Unauthorized counts a request refused for its credentials.
func (c *Control[R, O]) Unauthorized() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.unauthorized++
}

// Refused returns how many requests were refused for their credentials.
func (c *Control[R, O]) Refused() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.unauthorized
}
