package transport_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/transport"
)

// keyRecorder answers 200 and keeps the Idempotency-Key of every request
// and whether the request could be rewound below the client.
type keyRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (k *keyRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.mu.Lock()
	k.keys = append(k.keys, r.Header.Get("Idempotency-Key"))
	k.mu.Unlock()
	_, _ = io.Copy(io.Discard, r.Body)
}

func (k *keyRecorder) seen() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.keys...)
}

// TestSafeClientPassesTheNamedIdempotencyKey (issue 15, item 3):
// SafeHTTPClient lets an Idempotency-Key through only when the request's
// context names that header and that key (WithIdempotencyKey, set by the
// generated Transaction of a provider that honours it); every other
// idempotency header, another key, or a named key the request does not
// carry is refused before the wire, as ErrNotSent.
func TestSafeClientPassesTheNamedIdempotencyKey(t *testing.T) {
	rec := &keyRecorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	hc := transport.SafeHTTPClient(5 * time.Second)
	named := transport.WithIdempotencyKey(context.Background(), "idempotency-key", "ref-1")
	send := func(ctx context.Context, headers map[string]string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader(`{"reference":"ref-1"}`))
		require.NoError(t, err)
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := hc.Do(req)
		if err == nil {
			_ = resp.Body.Close()
		}
		return err
	}

	require.NoError(t, send(named, map[string]string{"Idempotency-Key": "ref-1"}))
	assert.True(t, transport.IsMoneyMoving(named), "a keyed request is money-moving: no GetBody, no redirect")

	refused := []struct {
		name    string
		ctx     context.Context
		headers map[string]string
	}{
		{"key not named by the context", context.Background(), map[string]string{"Idempotency-Key": "ref-1"}},
		{"another key than the named one", named, map[string]string{"Idempotency-Key": "ref-2"}},
		{"named key missing from the request", named, nil},
		{"a second idempotency header", named, map[string]string{"Idempotency-Key": "ref-1", "X-Idempotency-Key": "ref-1"}},
	}
	for _, c := range refused {
		err := send(c.ctx, c.headers)
		assert.ErrorIs(t, err, codebook.ErrIdempotencyKeyHeader, c.name)
		assert.ErrorIs(t, err, codebook.ErrNotSent, c.name)
	}
	assert.Equal(t, []string{"ref-1"}, rec.seen(), "only the named key reached the provider")
}

// TestNamedIdempotencyKeyIsNotRewindable: a request carrying its key goes
// out with no GetBody, since Go's transport resends by itself a request
// with an Idempotency-Key header that it can rewind.
func TestNamedIdempotencyKeyIsNotRewindable(t *testing.T) {
	var rewindable []bool
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		rewindable = append(rewindable, r.GetBody != nil)
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	gt := &transport.GuardedTransport{Base: base}
	ctx := transport.WithIdempotencyKey(context.Background(), "Idempotency-Key", "ref-1")
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://provider.test/v2/topups", strings.NewReader("{}"))
	require.NoError(t, err)
	require.NotNil(t, req.GetBody)
	req.Header.Set("Idempotency-Key", "ref-1")
	resp, err := gt.RoundTrip(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, []bool{false}, rewindable)
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
