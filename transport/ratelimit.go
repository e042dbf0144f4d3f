package transport

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/engine"
)

// RateLimit is one limit a provider documents: at most PerMinute of the
// requests it selects in any minute. Click Airtime V2 (G/rate-limits):
//
//	{Method: "POST", Path: "/v2/topups", PerMinute: 60},         // transaction creation
//	{Method: "POST", PerMinute: 120},                            // writes
//	{Method: "GET", Path: "/v2/catalog/lookup", PerMinute: 120}, // catalog lookup
//	{Method: "GET", PerMinute: 300},                             // reads
type RateLimit struct {
	// Method selects requests of one method; "" selects every method.
	Method string
	// Path selects requests whose URL path is Path or below it; ""
	// selects every path.
	Path string
	// PerMinute is the most requests the limit allows in any minute.
	PerMinute int
}

// selects reports whether l counts req.
func (l RateLimit) selects(req *http.Request) bool {
	if l.Method != "" && !strings.EqualFold(l.Method, req.Method) {
		return false
	}
	p := req.URL.Path
	return l.Path == "" || p == l.Path || strings.HasPrefix(p, strings.TrimSuffix(l.Path, "/")+"/")
}

// RateLimitedTransport keeps requests within a provider's per-minute
// limits by waiting before a request leaves, never after: a request that
// waits past its context's end is not sent (ErrNotSent, NoteUnsent), so
// the engine may send it again. It also honours what the provider says of
// its window: after a response with X-RateLimit-Remaining 0, no request
// leaves before X-RateLimit-Reset (Unix seconds); after a 429, none before
// its Retry-After (60 s when it gives none). Put it below a
// GuardedTransport: &GuardedTransport{Base: &RateLimitedTransport{...}}.
// Safe for concurrent use; the zero value allows everything.
type RateLimitedTransport struct {
	// Base sends the requests; nil is http.DefaultTransport.
	Base http.RoundTripper
	// Limits are the provider's documented limits; a request counts
	// against every limit that selects it.
	Limits []RateLimit
	// Clock measures and waits; nil is the real clock.
	Clock engine.Clock

	mu      sync.Mutex
	sent    map[int][]time.Time // per limit: when its requests of the last minute left
	blocked time.Time           // no request leaves before it
}

// defaultRateLimitRetryAfter is the wait after a 429 that gives no
// Retry-After (Click Airtime's guide falls back to 60 s).
const defaultRateLimitRetryAfter = time.Minute

// maxRateLimitWait bounds how long one answer may stop every request.
const maxRateLimitWait = time.Hour

// RoundTrip waits until req fits every limit, then sends it.
func (t *RateLimitedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	clock := t.clock()
	for {
		wait := t.reserve(req, clock.Now())
		if wait <= 0 {
			break
		}
		if err := clock.Sleep(req.Context(), wait); err != nil {
			if req.Body != nil {
				_ = req.Body.Close()
			}
			engine.NoteUnsent(req.Context())
			return nil, fmt.Errorf("%w: waited %v for the provider's rate limit: %w", codebook.ErrNotSent, wait, err)
		}
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if resp != nil {
		t.observe(resp, clock.Now())
	}
	return resp, err
}

func (t *RateLimitedTransport) clock() engine.Clock {
	if t.Clock != nil {
		return t.Clock
	}
	return engine.WallClock{}
}

// reserve records req as sent now and returns 0 when it fits every limit;
// otherwise it records nothing and returns how long to wait.
func (t *RateLimitedTransport) reserve(req *http.Request, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sent == nil {
		t.sent = map[int][]time.Time{}
	}
	wait := t.blocked.Sub(now)
	var hit []int
	for i, l := range t.Limits {
		if l.PerMinute <= 0 || !l.selects(req) {
			continue
		}
		recent := t.sent[i]
		for len(recent) > 0 && !recent[0].After(now.Add(-time.Minute)) {
			recent = recent[1:]
		}
		t.sent[i] = recent
		if len(recent) >= l.PerMinute {
			wait = max(wait, recent[len(recent)-l.PerMinute].Add(time.Minute).Sub(now))
		}
		hit = append(hit, i)
	}
	if wait > 0 {
		return wait
	}
	for _, i := range hit {
		t.sent[i] = append(t.sent[i], now)
	}
	return 0
}

// observe reads the provider's word on its window from resp.
func (t *RateLimitedTransport) observe(resp *http.Response, now time.Time) {
	var until time.Time
	if resp.StatusCode == http.StatusTooManyRequests {
		until = now.Add(min(codebookimpl.RetryAfter(resp.Header, defaultRateLimitRetryAfter, now), maxRateLimitWait))
	}
	if strings.TrimSpace(resp.Header.Get("X-RateLimit-Remaining")) == "0" {
		if secs, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset")), 10, 64); err == nil {
			if reset := time.Unix(secs, 0); reset.After(until) && reset.Sub(now) <= maxRateLimitWait {
				until = reset
			}
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if until.After(t.blocked) {
		t.blocked = until
	}
}
