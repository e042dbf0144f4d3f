package faults

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/codebookgen/codebook/fake/fault"
)

// Base is the part of a provider fake that is not about the provider: the
// test server's life, the request counters, the queue of one-shot faults and
// the order in which a fault and the processing of a request happen. It is
// safe for concurrent use.
type Base struct {
	// Queue holds the one-shot faults tests inject.
	Queue Queue
	// Struck counts the faults struck.
	Struck Counter

	done      chan struct{}
	closeOnce sync.Once

	mu       sync.Mutex
	ts       *httptest.Server
	requests int
	byOp     map[string]int
	attempts map[string]int
}

// NewBase returns a Base that is not listening yet.
func NewBase() *Base {
	return &Base{done: make(chan struct{}), byOp: map[string]int{}, attempts: map[string]int{}}
}

// Start serves h on a new httptest server (HTTP/1.1 on the loopback, so that
// faults can hijack connections).
func (b *Base) Start(h http.Handler) {
	ts := httptest.NewServer(h)
	b.mu.Lock()
	b.ts = ts
	b.mu.Unlock()
}

// URL returns the test server's base URL, or "" when it was not started.
func (b *Base) URL() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ts == nil {
		return ""
	}
	return b.ts.URL
}

// Client returns an http.Client for the test server, or nil when it was not
// started.
func (b *Base) Client() *http.Client {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ts == nil {
		return nil
	}
	return b.ts.Client()
}

// Close wakes the requests waiting in a delay and shuts the test server down.
// It may be called more than once.
func (b *Base) Close() {
	b.closeOnce.Do(func() {
		close(b.done)
		b.mu.Lock()
		ts := b.ts
		b.mu.Unlock()
		if ts != nil {
			ts.CloseClientConnections()
			ts.Close()
		}
	})
}

// Done is closed by Close.
func (b *Base) Done() <-chan struct{} { return b.done }

// Count counts a request of operation op carrying reference ref ("" for
// none), and returns its number among all requests (from 1) and among those
// carrying ref.
func (b *Base) Count(op, ref string) (seq, attempt int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.requests++
	b.byOp[op]++
	if ref != "" {
		b.attempts[ref]++
		attempt = b.attempts[ref]
	}
	return b.requests, attempt
}

// Requests returns how many requests arrived, in all and by operation.
func (b *Base) Requests() (int, map[string]int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	m := make(map[string]int, len(b.byOp))
	for k, v := range b.byOp {
		m[k] = v
	}
	return b.requests, m
}

// Attempts returns how many requests carried reference ref.
func (b *Base) Attempts(ref string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.attempts[ref]
}

// Answers are the provider's documented error answers that faults send in
// place of the real one.
type Answers struct {
	// Unavailable returns the 503 answer (for Unavailable).
	Unavailable func() Response
	// NotFound returns the transaction lookup's not-found answer (for
	// NotFoundError); nil for a request that is not a lookup, which a
	// NotFoundError fault then leaves alone.
	NotFound func() Response
}

// Serve answers one request under fault f. process handles the request (and
// writes the ledger) and returns the answer; errs gives the documented error
// answers.
//
// Without f.Commit the delay and the fault come first: a fault that sends no
// real answer (Unavailable, Reset, Drop, HTMLProxy, NotFoundError) then never
// calls process, and a client that goes away during the delay leaves the
// request unprocessed. With f.Commit, process runs first and the delay and
// the fault come after. Truncate always processes first, since it sends part
// of the real answer. A delay cut short (the client went away, or Close) ends
// the request without an answer. SlowCommit waits its delay whatever the
// client does, then processes and drops the answer.
func (b *Base) Serve(w http.ResponseWriter, r *http.Request, f fault.Fault, process func() Response, errs Answers) {
	if f.Kind == fault.KindNotFoundError && errs.NotFound == nil {
		f = fault.Fault{Delay: f.Delay}
	}
	if f.IsZero() {
		Write(w, process())
		return
	}
	if f.Kind != fault.KindNone {
		b.Struck.Add(f.Kind)
	}
	switch f.Kind {
	case fault.KindTruncate:
		f.Commit = true
	case fault.KindSlowCommit:
		b.slowCommit(w, f, process)
		return
	}
	if !f.Commit {
		if !Wait(r.Context(), b.done, f.Delay) {
			panic(http.ErrAbortHandler)
		}
		if f.Answers() {
			Write(w, process())
			return
		}
		b.strike(w, f, Response{}, errs)
		return
	}
	resp := process()
	if !Wait(r.Context(), b.done, f.Delay) {
		panic(http.ErrAbortHandler)
	}
	if f.Answers() {
		Write(w, resp)
		return
	}
	b.strike(w, f, resp, errs)
}

// slowCommit waits f.Delay whatever the client does (Close ends the wait and
// the request, unprocessed), processes the request and drops its answer.
func (b *Base) slowCommit(w http.ResponseWriter, f fault.Fault, process func() Response) {
	if !Wait(context.Background(), b.done, f.Delay) {
		panic(http.ErrAbortHandler)
	}
	process()
	Strike(w, f, Response{}, Response{}, Response{})
}

// strike performs f with the provider's error answers.
func (b *Base) strike(w http.ResponseWriter, f fault.Fault, answer Response, errs Answers) {
	var unavailable, notFound Response
	switch f.Kind {
	case fault.KindUnavailable:
		unavailable = errs.Unavailable()
	case fault.KindNotFoundError:
		notFound = errs.NotFound()
	}
	Strike(w, f, answer, unavailable, notFound)
}
