// Package faults is the server side of the fakes' faults: the order in which
// a fault (fake/fault) and the processing of a request happen, the code that
// strikes a fault on a connection (hijack and close, reset with SO_LINGER 0, a
// body cut mid-JSON, an HTML page from a proxy, a 503, a redirect),
// per-operation queues of one-shot faults, and Control, what a test scripts
// on any fake (the Script, the fault chooser, outcomes queued or set per
// reference). Base holds the test server's life and counters. The provider
// fakes build on it; nothing here keeps package-level state.
package faults

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/codebookgen/codebook/fake/fault"
)

// Queue holds one-shot faults per key (an operation name; "" matches every
// request). It is safe for concurrent use.
type Queue struct {
	mu sync.Mutex
	q  map[string][]fault.Fault
}

// Push appends faults to the queue of key.
func (q *Queue) Push(key string, fs ...fault.Fault) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.q == nil {
		q.q = map[string][]fault.Fault{}
	}
	q.q[key] = append(q.q[key], fs...)
}

// Pop takes the first fault queued for key, or else the first queued for "".
func (q *Queue) Pop(key string) (fault.Fault, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, k := range []string{key, ""} {
		if fs := q.q[k]; len(fs) > 0 {
			q.q[k] = fs[1:]
			return fs[0], true
		}
	}
	return fault.Fault{}, false
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
	n  map[fault.Kind]int
}

// Add counts one fault of kind k (KindNone is not counted).
func (c *Counter) Add(k fault.Kind) {
	if k == fault.KindNone {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[fault.Kind]int{}
	}
	c.n[k]++
}

// Map returns the counts of the kinds struck at least once.
func (c *Counter) Map() map[fault.Kind]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := make(map[fault.Kind]int, len(c.n))
	for k, n := range c.n {
		m[k] = n
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
func Strike(w http.ResponseWriter, f fault.Fault, answer, unavailable, notFound Response) {
	switch f.Kind {
	case fault.KindNotFoundError:
		notFound.Status = f.Status
		if notFound.Status == 0 {
			notFound.Status = http.StatusInternalServerError
		}
		Write(w, notFound)
	case fault.KindUnavailable:
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
	case fault.KindRedirect:
		w.Header().Set("Location", f.Location)
		w.WriteHeader(http.StatusTemporaryRedirect)
	case fault.KindHTMLProxy:
		h := http.Header{}
		h.Set("Content-Type", "text/html")
		h.Set("Server", "nginx")
		Write(w, Response{Status: http.StatusBadGateway, Header: h, Body: []byte(HTMLBadGateway)})
	case fault.KindReset:
		conn := hijack(w)
		if tc, ok := tcpConn(conn); ok {
			_ = tc.SetLinger(0)
		}
		_ = conn.Close()
	case fault.KindDrop, fault.KindSlowCommit:
		_ = hijack(w).Close()
	case fault.KindTruncate:
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
