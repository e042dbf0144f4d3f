// Package testkit holds what the fakes' own tests share, whatever the
// provider: a plain net/http client and request that read an answer in
// full, and the spec's validator loaded once per test binary. Only tests
// import it.
package testkit

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook/internal/spectest"
)

// Raw is a response read in full by a plain net/http client, with the
// request that got it.
type Raw struct {
	Status int
	Header http.Header
	Body   []byte
	Req    *http.Request
}

// Check validates r under v (see spectest.Validator.Check).
func (r Raw) Check(v *spectest.Validator) error { return v.Check(r.Req, r.Status, r.Header, r.Body) }

// Do sends a request with hc. body is JSON unless it is a string (sent as
// it is) or nil (no body); header sets headers, an empty value removing
// one. It fails t only when the request cannot be built; a transport error
// is returned.
func Do(t testing.TB, hc *http.Client, method, url string, body any, header map[string]string) (Raw, error) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return Raw{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return Raw{Status: resp.StatusCode, Header: resp.Header, Body: b, Req: req}, err
}

// Plain is a client with no connection reuse, so a fault on one request
// cannot be retried by the transport on another connection.
func Plain() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
}

// ReadAll reads and closes a response body, failing t on an error.
func ReadAll(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Spec returns a function that gives the validator of spec/openapi/name,
// loaded the first time it is asked for, failing t when it cannot load.
func Spec(name string) func(testing.TB) *spectest.Validator {
	load := sync.OnceValues(func() (*spectest.Validator, error) { return spectest.Load(name) })
	return func(t testing.TB) *spectest.Validator {
		t.Helper()
		v, err := load()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// Clock is a settable clock for a fake's WithClock. It is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a Clock reading t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock on by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Sleep moves the clock on by d at once, so that an engine (a
// engine.Clock) and a fake share one timeline and nothing really sleeps.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.Add(d)
	return ctx.Err()
}
