package engine_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/transport"
)

func TestSafeTransportSettings(t *testing.T) {
	tr := transport.SafeTransport()
	require.NotNil(t, tr.TLSClientConfig)
	assert.GreaterOrEqual(t, tr.TLSClientConfig.MinVersion, uint16(tls.VersionTLS12))
	assert.False(t, tr.TLSClientConfig.InsecureSkipVerify)
	assert.Positive(t, tr.TLSHandshakeTimeout)
	assert.Positive(t, tr.IdleConnTimeout)
	assert.NotNil(t, tr.DialContext)

	c := transport.SafeHTTPClient(0)
	assert.Equal(t, cbengine.DefaultTimeout, c.Timeout, "never the zero (infinite) timeout")
	assert.Equal(t, 5*time.Second, transport.SafeHTTPClient(5*time.Second).Timeout)
	assert.NotNil(t, c.CheckRedirect)
	g, ok := c.Transport.(*transport.GuardedTransport)
	require.True(t, ok)
	assert.False(t, g.IdempotencyKeyHonoured)
}

// counter is an httptest handler that counts its requests and the
// credential headers and body bytes that reached it.
type counter struct {
	hits, creds, bodyBytes atomic.Int64
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.hits.Add(1)
	if r.Header.Get("X-Api-Token") != "" || r.Header.Get("Authorization") != "" {
		c.creds.Add(1)
	}
	n, _ := io.Copy(io.Discard, r.Body)
	c.bodyBytes.Add(n)
	_, _ = io.WriteString(w, `{"ok":true}`)
}

func TestRedirects(t *testing.T) {
	other := &counter{}
	otherSrv := httptest.NewServer(other)
	defer otherSrv.Close()
	var srvURL string
	mux := http.NewServeMux()
	for _, code := range []int{301, 302, 303, 307, 308} {
		mux.HandleFunc(fmt.Sprintf("/cross/%d", code), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, otherSrv.URL+"/target", code)
		})
		mux.HandleFunc(fmt.Sprintf("/same/%d", code), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, srvURL+"/final", code)
		})
	}
	var finals atomic.Int64
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) {
		finals.Add(1)
		_, _ = io.WriteString(w, "final")
	})
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		_, _ = fmt.Sscanf(r.URL.Path, "/loop/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("%s/loop/%d", srvURL, n+1), http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL
	c := transport.SafeHTTPClient(5 * time.Second)

	do := func(ctx context.Context, method, path string) *http.Response {
		t.Helper()
		var body io.Reader
		if method == http.MethodPost {
			body = strings.NewReader(`{"amount":5}`)
		}
		req, err := http.NewRequestWithContext(ctx, method, srv.URL+path, body)
		require.NoError(t, err)
		req.Header.Set("X-Api-Token", "secret")
		resp, err := c.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp
	}
	ctx := context.Background()
	for _, code := range []int{301, 302, 303, 307, 308} {
		for _, where := range []string{"cross", "same"} {
			resp := do(ctx, http.MethodPost, fmt.Sprintf("/%s/%d", where, code))
			assert.Equal(t, code, resp.StatusCode, "POST %s %d: not followed", where, code)
			resp = do(transport.WithMoneyMoving(ctx), http.MethodGet, fmt.Sprintf("/%s/%d", where, code))
			assert.Equal(t, code, resp.StatusCode, "money-moving GET %s %d: not followed", where, code)
		}
		resp := do(ctx, http.MethodGet, fmt.Sprintf("/cross/%d", code))
		assert.Equal(t, code, resp.StatusCode, "GET to another host: not followed")
		resp = do(ctx, http.MethodGet, fmt.Sprintf("/same/%d", code))
		assert.Equal(t, http.StatusOK, resp.StatusCode, "GET on the same host: followed")
	}
	assert.Zero(t, other.hits.Load(), "no request reached the other host")
	assert.Zero(t, other.creds.Load())
	assert.Zero(t, other.bodyBytes.Load())
	assert.EqualValues(t, 5, finals.Load())

	resp := do(ctx, http.MethodGet, "/loop/0")
	assert.Equal(t, http.StatusFound, resp.StatusCode, "at most 3 redirects")
	assert.Equal(t, "/loop/3", resp.Request.URL.Path)
}

func TestCheckRedirectDowngrade(t *testing.T) {
	first := httptest.NewRequest(http.MethodGet, "https://api.example.com/a", nil)
	next := httptest.NewRequest(http.MethodGet, "http://api.example.com/b", nil)
	assert.ErrorIs(t, transport.CheckRedirect(next, []*http.Request{first}), http.ErrUseLastResponse)
	next = httptest.NewRequest(http.MethodGet, "https://api.example.com/b", nil)
	assert.NoError(t, transport.CheckRedirect(next, []*http.Request{first}))
	assert.True(t, transport.IsMoneyMoving(transport.WithMoneyMoving(context.Background())))
	assert.False(t, transport.IsMoneyMoving(context.Background()))
}

func TestGuardedTransport(t *testing.T) {
	h := &counter{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, name := range []string{"Idempotency-Key", "X-Idempotency-Key", "idempotency-key"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
		req.Header[name] = []string{"k1"}
		_, err := transport.SafeHTTPClient(time.Second).Do(req)
		assert.ErrorIs(t, err, codebook.ErrIdempotencyKeyHeader, name)
		assert.ErrorIs(t, err, codebook.ErrNotSent, name)
		assert.True(t, cbengine.NotSent(err))
	}
	assert.Zero(t, h.hits.Load())

	honoured := &http.Client{Transport: &transport.GuardedTransport{Base: transport.SafeTransport(), IdempotencyKeyHonoured: true}}
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader("{}"))
	req.Header.Set("Idempotency-Key", "k1")
	resp, err := honoured.Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.EqualValues(t, 1, h.hits.Load())

	u, _ := url.Parse(srv.URL)
	u.User = url.UserPassword("user", canary)
	_, err = transport.SafeHTTPClient(time.Second).Get(u.String())
	assert.ErrorIs(t, err, codebook.ErrCredentialsInURL)
	assert.NotContains(t, err.Error(), canary)
	assert.EqualValues(t, 1, h.hits.Load())
}

func TestTLS(t *testing.T) {
	t.Run("untrusted certificate: refused, not sent, not retried", func(t *testing.T) {
		h := &counter{}
		srv := httptest.NewTLSServer(h)
		defer srv.Close()
		_, err := transport.SafeHTTPClient(time.Second).Get(srv.URL)
		require.Error(t, err)
		assert.True(t, cbengine.NotSent(err), "%v", err)
		assert.Zero(t, h.hits.Load())

		calls := 0
		e := cbengine.NewEngine(cbengine.Policy{Clock: newFakeClock()})
		_, err = cbengine.Do(context.Background(), e, func(ctx context.Context) (int, codebook.Classified, error) {
			calls++
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
			resp, err := transport.SafeHTTPClient(time.Second).Do(req)
			if err == nil {
				_ = resp.Body.Close()
			}
			return 0, nil, err
		})
		require.Error(t, err)
		assert.Equal(t, 1, calls, "a certificate failure is not retried")
	})
	t.Run("server below TLS 1.2: handshake fails", func(t *testing.T) {
		h := &counter{}
		srv := httptest.NewUnstartedServer(h)
		srv.TLS = &tls.Config{MaxVersion: tls.VersionTLS11, MinVersion: tls.VersionTLS10}
		srv.StartTLS()
		defer srv.Close()
		pool := x509.NewCertPool()
		pool.AddCert(srv.Certificate())
		tr := transport.SafeTransport()
		tr.TLSClientConfig.RootCAs = pool
		_, err := (&http.Client{Transport: tr, Timeout: time.Second}).Get(srv.URL)
		require.Error(t, err)
		assert.Zero(t, h.hits.Load())

		// The same server at TLS 1.2 is reached: the failure above is the version.
		srv2 := httptest.NewTLSServer(h)
		defer srv2.Close()
		pool.AddCert(srv2.Certificate())
		resp, err := (&http.Client{Transport: tr, Timeout: time.Second}).Get(srv2.URL)
		require.NoError(t, err)
		_ = resp.Body.Close()
		assert.EqualValues(t, 1, h.hits.Load())
	})
}

func TestNotSent(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	_, refused := http.Get("http://" + addr)
	require.Error(t, refused)

	for _, tt := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{refused, true},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, true},
		{&url.Error{Op: "Post", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, true},
		{fmt.Errorf("wrapped: %w", codebook.ErrNotSent), true},
		{x509.UnknownAuthorityError{}, true},
		{&net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, false},
		{&net.OpError{Op: "write", Err: errors.New("broken pipe")}, false},
		{context.DeadlineExceeded, false},
		{io.ErrUnexpectedEOF, false},
		{codebook.ErrBodyTooLarge, false},
	} {
		assert.Equal(t, tt.want, cbengine.NotSent(tt.err), "%v", tt.err)
	}
}

// canary is secret_test.go's, copied where the split moved this file.
const canary = "sk_live_CANARY_9f8e7d"
