// Package faults is the fault machinery the provider fakes share: the Fault
// value a test chooses per request, a seeded random chooser, per-operation
// queues of one-shot faults, and the code that strikes a fault on a
// connection (hijack and close, reset with SO_LINGER 0, a body cut mid-JSON,
// an HTML page from a proxy, a 503, a redirect), and the freedoms a provider takes with
// an answer that the fake would otherwise not take (a commit that finishes
// after the client gave up, a lookup answer with records of other references
// or two of ours, a 5xx that carries the not-found message).
//
// Control is what a test scripts on any fake (the Script, the fault
// chooser, outcomes queued or set per reference), and Base the test
// server's life, counters and the order of a fault and the processing.
//
// The provider packages (fake/clickairtime, fake/clickatell,
// fake/clickairtimev2) re-export the types under their own names; nothing
// here keeps package-level state.
package faults

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// Kind is what a fault does to one request.
type Kind uint8

// The kinds of fault.
const (
	// None answers normally.
	None Kind = iota
	// Delay answers normally after the fault's Delay.
	Delay
	// Unavailable answers 503 with the provider's documented error body, with
	// a Retry-After header when the fault has one.
	Unavailable
	// Reset closes the connection with a TCP RST (SO_LINGER 0) and no answer.
	Reset
	// Drop closes the connection (a FIN) and sends no answer.
	Drop
	// Truncate sends the status and headers of the real answer and half its
	// body, then closes the connection: a close-delimited body that ends
	// mid-JSON, so the client reads it without error and fails to decode it.
	Truncate
	// HTMLProxy answers 502 Bad Gateway with an HTML page, as a reverse proxy
	// in front of the provider would.
	HTMLProxy
	// SlowCommit is a provider still working on the request when the client
	// gives up: the server waits the fault's Delay whatever the client does
	// (only Close cuts it short, and then nothing is written), then processes
	// the request, writing the ledger, then closes the connection without an
	// answer. The charge appears in the ledger only at the end of the delay.
	SlowCommit
	// OthersFirst, for a transaction lookup, answers with a record of another
	// reference before ours (alone when ours is not found), as a provider that
	// loosely applies the filter would. Other operations answer normally.
	OthersFirst
	// OthersInstead, for a transaction lookup, answers with a record of another
	// reference instead of ours (also when ours is not found), as a provider
	// that ignores the filter would. Other operations answer normally.
	OthersInstead
	// OursTwice, for a transaction lookup that finds our record, answers with
	// two records of our reference: ours and a copy with another id and the
	// opposite state. Other operations answer normally.
	OursTwice
	// NotFoundError, for a transaction lookup, answers a 5xx status (the
	// fault's Status, 500 when 0) whose body is the documented not-found
	// answer, without looking the ledger up. Other operations answer normally.
	NotFoundError
	// Redirect answers 307 Temporary Redirect to the fault's Location before
	// processing, as a misconfigured proxy in front of the provider would: a
	// client that follows it sends the request elsewhere.
	Redirect
	numKinds
)

// Kinds returns every kind but None, in declaration order.
func Kinds() []Kind {
	return []Kind{Delay, Unavailable, Reset, Drop, Truncate, HTMLProxy, SlowCommit, OthersFirst, OthersInstead, OursTwice, NotFoundError, Redirect}
}

// String returns the kind's name, such as "reset".
func (k Kind) String() string {
	switch k {
	case None:
		return "none"
	case Delay:
		return "delay"
	case Unavailable:
		return "unavailable"
	case Reset:
		return "reset"
	case Drop:
		return "drop"
	case Truncate:
		return "truncate"
	case HTMLProxy:
		return "html_proxy"
	case SlowCommit:
		return "slow_commit"
	case OthersFirst:
		return "others_first"
	case OthersInstead:
		return "others_instead"
	case OursTwice:
		return "ours_twice"
	case NotFoundError:
		return "not_found_error"
	case Redirect:
		return "redirect"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Fault is what happens to one request. The zero Fault is no fault.
type Fault struct {
	// Kind is what the fault does.
	Kind Kind
	// Delay is how long the server waits before it strikes the fault (or,
	// for Kind Delay and None, before it answers). The wait ends early when
	// the client goes away or the server is closed.
	Delay time.Duration
	// RetryAfter, for Unavailable, is sent as a Retry-After header in whole
	// seconds, rounded up; 0 sends none.
	RetryAfter time.Duration
	// RetryAfterValue, for Unavailable, is sent verbatim as the Retry-After
	// header (an HTTP-date, or an invalid value to test a client); it wins
	// over RetryAfter.
	RetryAfterValue string
	// Commit makes the server process the request (write its ledger) before
	// the delay and the fault. Without it the delay and the fault come first
	// and a fault that sends no real answer leaves the ledger untouched.
	Commit bool
	// Other, for OthersFirst and OthersInstead, is the state of the other
	// reference's record; 0 means Succeeded.
	Other ledger.State
	// Status, for NotFoundError, is the HTTP status; 0 means 500.
	Status int
	// Location, for Redirect, is where the answer points.
	Location string
}

// IsZero reports whether f is no fault at all.
func (f Fault) IsZero() bool { return f == Fault{} }

// String describes the fault, such as "unavailable retry-after=2s".
func (f Fault) String() string {
	s := f.Kind.String()
	if f.Delay > 0 {
		s += " delay=" + f.Delay.String()
	}
	if f.RetryAfterValue != "" {
		s += " retry-after=" + strconv.Quote(f.RetryAfterValue)
	} else if f.RetryAfter > 0 {
		s += " retry-after=" + f.RetryAfter.String()
	}
	if f.Commit {
		s += " after-commit"
	}
	if f.Other != 0 {
		s += " other=" + f.Other.String()
	}
	if f.Status != 0 {
		s += " status=" + strconv.Itoa(f.Status)
	}
	if f.Location != "" {
		s += " location=" + f.Location
	}
	return s
}

// Answers reports whether the fault lets the provider's answer through (None,
// Delay, and the lookup freedoms OthersFirst, OthersInstead and OursTwice,
// which the provider applies to its answer): the others replace or destroy it.
func (f Fault) Answers() bool {
	switch f.Kind {
	case None, Delay, OthersFirst, OthersInstead, OursTwice:
		return true
	}
	return false
}

// OtherState is the state of the other reference's record of an OthersFirst
// or OthersInstead fault: f.Other, or Succeeded when it is 0.
func (f Fault) OtherState() ledger.State {
	if f.Other == 0 {
		return ledger.Succeeded
	}
	return f.Other
}

// Rates are the chances, in percent of requests, that a random chooser picks
// each fault. Their sum must not exceed 100; the rest of the requests get no
// fault.
type Rates struct {
	// Delay is the percentage of requests answered after DelayFor.
	Delay float64
	// Unavailable is the percentage answered 503 without Retry-After.
	Unavailable float64
	// UnavailableRetryAfter is the percentage answered 503 with a
	// Retry-After of RetryAfter.
	UnavailableRetryAfter float64
	// Reset is the percentage whose connection is reset before processing.
	Reset float64
	// Drop is the percentage processed, then dropped without an answer.
	Drop float64
	// Truncate is the percentage processed and answered with half a body.
	Truncate float64
	// HTMLProxy is the percentage answered 502 with an HTML page before
	// processing.
	HTMLProxy float64
	// DelayFor is the delay of Delay faults; 0 means 100ms.
	DelayFor time.Duration
	// RetryAfter is the Retry-After of UnavailableRetryAfter faults; 0 means 1s.
	RetryAfter time.Duration
}

// Random picks faults at the Rates from a seeded generator: the same seed and
// the same sequence of calls give the same faults. It is safe for concurrent
// use (the order in which concurrent callers draw is up to the scheduler).
type Random struct {
	mu    sync.Mutex
	rng   *rand.Rand
	rates Rates
}

// NewRandom returns a chooser seeded with seed. It panics when a rate is
// negative or the rates add up to more than 100.
func NewRandom(seed uint64, r Rates) *Random {
	sum := 0.0
	for _, p := range []float64{r.Delay, r.Unavailable, r.UnavailableRetryAfter, r.Reset, r.Drop, r.Truncate, r.HTMLProxy} {
		if p < 0 || math.IsNaN(p) {
			panic(fmt.Sprintf("faults: negative rate %v", p))
		}
		sum += p
	}
	if sum > 100+1e-9 {
		panic(fmt.Sprintf("faults: rates add up to %v%%, more than 100%%", sum))
	}
	if r.DelayFor <= 0 {
		r.DelayFor = 100 * time.Millisecond
	}
	if r.RetryAfter <= 0 {
		r.RetryAfter = time.Second
	}
	return &Random{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), rates: r}
}

// Pick draws the fault of the next request.
func (r *Random) Pick() Fault {
	r.mu.Lock()
	x := r.rng.Float64() * 100
	r.mu.Unlock()
	rt := r.rates
	steps := []struct {
		p float64
		f Fault
	}{
		{rt.Delay, Fault{Kind: Delay, Delay: rt.DelayFor, Commit: true}},
		{rt.Unavailable, Fault{Kind: Unavailable}},
		{rt.UnavailableRetryAfter, Fault{Kind: Unavailable, RetryAfter: rt.RetryAfter}},
		{rt.Reset, Fault{Kind: Reset}},
		{rt.Drop, Fault{Kind: Drop, Commit: true}},
		{rt.Truncate, Fault{Kind: Truncate, Commit: true}},
		{rt.HTMLProxy, Fault{Kind: HTMLProxy}},
	}
	for _, s := range steps {
		if x < s.p {
			return s.f
		}
		x -= s.p
	}
	return Fault{}
}

// Queue holds one-shot faults per key (an operation name; "" matches every
// request). It is safe for concurrent use.
type Queue struct {
	mu sync.Mutex
	q  map[string][]Fault
}

// Push appends faults to the queue of key.
func (q *Queue) Push(key string, fs ...Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.q == nil {
		q.q = map[string][]Fault{}
	}
	q.q[key] = append(q.q[key], fs...)
}

// Pop takes the first fault queued for key, or else the first queued for "".
func (q *Queue) Pop(key string) (Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range []string{key, ""} {
		if fs := q.q[k]; len(fs) > 0 {
			q.q[k] = fs[1:]
			return fs[0], true
		}
	}
	return Fault{}, false
}

// Len returns how many faults are still queued, over all keys.
func (q *Queue) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := 0
	for _, fs := range q.q {
		n += len(fs)
	}
	return n
}

// Counter counts faults struck, by kind. It is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  [numKinds]int
}

// Add counts one fault of kind k.
func (c *Counter) Add(k Kind) {
	if k >= numKinds {
		return
	}
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}

// Map returns the counts of the kinds struck at least once.
func (c *Counter) Map() map[Kind]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := map[Kind]int{}
	for k, n := range c.n {
		if n > 0 && Kind(k) != None {
			m[Kind(k)] = n
		}
	}
	return m
}

// Response is an answer not yet written.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON returns a response with a JSON body.
func JSON(status int, body []byte) Response {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	return Response{Status: status, Header: h, Body: body}
}

// Write sends r through w.
func Write(w http.ResponseWriter, r Response) {
	for k, vs := range r.Header {
		w.Header()[k] = append([]string(nil), vs...)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(r.Body)))
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}

// Wait sleeps for d, or less when ctx is done or done is closed; it reports
// whether the whole delay passed.
func Wait(ctx context.Context, done <-chan struct{}, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-done:
		return false
	}
}

// HTMLBadGateway is the page HTMLProxy faults send, as nginx writes it.
const HTMLBadGateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"

// Strike performs fault f (which must not be one that Answers) on the request
// answered through w. answer is the response the request would have got; it
// gives Truncate its status, headers and body. unavailable is the provider's
// documented 503 answer, sent by Unavailable with the fault's Retry-After;
// notFound the documented not-found answer NotFoundError sends with its 5xx
// status.
func Strike(w http.ResponseWriter, f Fault, answer, unavailable, notFound Response) {
	switch f.Kind {
	case NotFoundError:
		notFound.Status = f.Status
		if notFound.Status == 0 {
			notFound.Status = http.StatusInternalServerError
		}
		Write(w, notFound)
	case Unavailable:
		if f.RetryAfterValue != "" {
			unavailable.Header = unavailable.Header.Clone()
			unavailable.Header.Set("Retry-After", f.RetryAfterValue)
		} else if f.RetryAfter > 0 {
			secs := int64((f.RetryAfter + time.Second - 1) / time.Second)
			unavailable.Header = unavailable.Header.Clone()
			unavailable.Header.Set("Retry-After", strconv.FormatInt(secs, 10))
		}
		unavailable.Status = http.StatusServiceUnavailable
		Write(w, unavailable)
	case Redirect:
		w.Header().Set("Location", f.Location)
		w.WriteHeader(http.StatusTemporaryRedirect)
	case HTMLProxy:
		h := http.Header{}
		h.Set("Content-Type", "text/html")
		h.Set("Server", "nginx")
		Write(w, Response{Status: http.StatusBadGateway, Header: h, Body: []byte(HTMLBadGateway)})
	case Reset:
		conn := hijack(w)
		if tc, ok := tcpConn(conn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	case Drop, SlowCommit:
		_ = hijack(w).Close()
	case Truncate:
		conn := hijack(w)
		defer conn.Close()
		body := answer.Body
		cut := len(body) / 2
		if cut == 0 && len(body) > 0 {
			cut = 1
		}
		status := answer.Status
		if status == 0 {
			status = http.StatusOK
		}
		buf := fmt.Appendf(nil, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
		for k, vs := range answer.Header {
			if http.CanonicalHeaderKey(k) == "Content-Length" {
				continue
			}
			for _, v := range vs {
				buf = fmt.Appendf(buf, "%s: %s\r\n", k, v)
			}
		}
		buf = append(buf, "Connection: close\r\n\r\n"...)
		buf = append(buf, body[:cut]...)
		_, _ = conn.Write(buf)
	default:
		panic("faults: Strike with " + f.Kind.String())
	}
}

// hijack takes the connection over from the HTTP server; when it cannot (an
// HTTP/2 stream), the handler is aborted, which closes the stream without an
// answer.
func hijack(w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	return conn
}

// tcpConn finds the TCP connection under conn (unwrapping TLS).
func tcpConn(conn net.Conn) (*net.TCPConn, bool) {
	for range 4 {
		if tc, ok := conn.(*net.TCPConn); ok {
			return tc, true
		}
		nc, ok := conn.(interface{ NetConn() net.Conn })
		if !ok {
			return nil, false
		}
		conn = nc.NetConn()
	}
	return nil, false
}
