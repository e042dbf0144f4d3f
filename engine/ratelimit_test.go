package engine_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/transport"
)

// v2Limits are Click Airtime V2's documented limits (G/rate-limits).
var v2Limits = []transport.RateLimit{
	{Method: "POST", Path: "/v2/topups", PerMinute: 60},
	{Method: "POST", PerMinute: 120},
	{Method: "GET", Path: "/v2/catalog/lookup", PerMinute: 120},
	{Method: "GET", PerMinute: 300},
}

// sendLog is a base transport that records when each request left, on the
// fake clock, and answers with header.
type sendLog struct {
	mu     sync.Mutex
	clock  *fakeClock
	times  map[string][]time.Time
	header func() http.Header
	status int
}

func (s *sendLog) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Method + " " + r.URL.Path
	s.times[key] = append(s.times[key], s.clock.Now())
	h := http.Header{}
	if s.header != nil {
		h = s.header()
	}
	status := s.status
	if status == 0 {
		status = http.StatusOK
	}
	return &http.Response{StatusCode: status, Header: h, Body: http.NoBody, Request: r}, nil
}

func limited(clock *fakeClock, base *sendLog) *http.Client {
	return &http.Client{Transport: &transport.RateLimitedTransport{Base: base, Limits: v2Limits, Clock: clock}}
}

func call(t *testing.T, c *http.Client, ctx context.Context, method, path string) error {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, "http://provider.test"+path, strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	return err
}

// maxInAMinute is the most times of ts within any minute.
func maxInAMinute(ts []time.Time) int {
	most := 0
	for i := range ts {
		n := 0
		for _, u := range ts[i:] {
			if u.Sub(ts[i]) < time.Minute {
				n++
			}
		}
		most = max(most, n)
	}
	return most
}

// TestRateLimitedTransportKeepsThePerMinuteLimits (issue 15, item 3): 150
// top-ups asked for at once leave at most 60 a minute (the transaction
// creation limit), the 61st a minute after the first; reads are not held
// up by the writes' limit, and keep their own 300.
func TestRateLimitedTransportKeepsThePerMinuteLimits(t *testing.T) {
	clock := newFakeClock()
	base := &sendLog{clock: clock, times: map[string][]time.Time{}}
	c := limited(clock, base)
	start := clock.Now()
	for range 150 {
		if err := call(t, c, context.Background(), "POST", "/v2/topups"); err != nil {
			t.Fatal(err)
		}
	}
	posts := base.times["POST /v2/topups"]
	if got := maxInAMinute(posts); got != 60 {
		t.Errorf("top-ups in one minute: at most %d, want 60", got)
	}
	if d := posts[60].Sub(start); d != time.Minute {
		t.Errorf("the 61st top-up left %v after the first, want 1m", d)
	}
	readStart := clock.Now()
	for range 301 {
		if err := call(t, c, context.Background(), "GET", "/v2/topups"); err != nil {
			t.Fatal(err)
		}
	}
	gets := base.times["GET /v2/topups"]
	if gets[299] != readStart || gets[300].Sub(readStart) != time.Minute {
		t.Errorf("reads: the 300th left at +%v, the 301st at +%v; want 0 and 1m", gets[299].Sub(readStart), gets[300].Sub(readStart))
	}
}

// TestRateLimitedTransportHonoursTheProvidersWindow: after
// X-RateLimit-Remaining 0 no request leaves before X-RateLimit-Reset;
// after a 429, none before its Retry-After.
func TestRateLimitedTransportHonoursTheProvidersWindow(t *testing.T) {
	clock := newFakeClock()
	reset := clock.Now().Add(40 * time.Second)
	base := &sendLog{clock: clock, times: map[string][]time.Time{}, header: func() http.Header {
		return http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {strconv.FormatInt(reset.Unix(), 10)}}
	}}
	c := limited(clock, base)
	for range 2 {
		if err := call(t, c, context.Background(), "GET", "/v2/balance"); err != nil {
			t.Fatal(err)
		}
	}
	if ts := base.times["GET /v2/balance"]; !ts[1].Equal(reset) {
		t.Errorf("after Remaining 0 the next read left at %v, want the reset %v", ts[1], reset)
	}
	clock = newFakeClock()
	base = &sendLog{clock: clock, times: map[string][]time.Time{}, status: http.StatusTooManyRequests,
		header: func() http.Header { return http.Header{"Retry-After": {"45"}} }}
	c = limited(clock, base)
	for range 2 {
		if err := call(t, c, context.Background(), "POST", "/v2/topups"); err != nil {
			t.Fatal(err)
		}
	}
	if ts := base.times["POST /v2/topups"]; ts[1].Sub(ts[0]) != 45*time.Second {
		t.Errorf("after a 429 with Retry-After 45 the next top-up left %v later, want 45s", ts[1].Sub(ts[0]))
	}
}

// TestRateLimitWaitPastTheContextIsNotSent: a request whose context ends
// while it waits for the limit never leaves, and says so (ErrNotSent).
func TestRateLimitWaitPastTheContextIsNotSent(t *testing.T) {
	clock := newFakeClock()
	base := &sendLog{clock: clock, times: map[string][]time.Time{}}
	c := &http.Client{Transport: &transport.RateLimitedTransport{Base: base, Clock: clock,
		Limits: []transport.RateLimit{{Method: "POST", PerMinute: 1}}}}
	if err := call(t, c, context.Background(), "POST", "/v2/topups"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := call(t, c, ctx, "POST", "/v2/topups")
	if !errors.Is(err, codebook.ErrNotSent) || len(base.times["POST /v2/topups"]) != 1 {
		t.Errorf("second top-up, context ended while waiting: %v, %d sent; want ErrNotSent, 1", err, len(base.times["POST /v2/topups"]))
	}
}
