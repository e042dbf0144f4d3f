package transport

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// maxRedirects is the most redirects CheckRedirect follows.
const maxRedirects = 3

// SafeTransport returns a new http.Transport with TLS 1.2 at least, the
// certificate checked, every connection phase bounded in time, and
// HTTP/1.1 only: Go's HTTP/2 client sends a request again by itself after
// a refused stream or a lost connection, which for a charge is a second
// charge the engine never sees.
func SafeTransport() *http.Transport {
	d := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:       http.ProxyFromEnvironment,
		DialContext: d.DialContext,
		// HTTP/1.1 only: Go's HTTP/2 client resends a request whose stream
		// was refused or whose connection went away, below the engine.
		TLSNextProto:           map[string]func(string, *tls.Conn) http.RoundTripper{},
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    10 * time.Second,
		ExpectContinueTimeout:  time.Second,
		IdleConnTimeout:        90 * time.Second,
		MaxIdleConns:           100,
		MaxIdleConnsPerHost:    16,
		MaxResponseHeaderBytes: 1 << 20,
	}
}

// SafeHTTPClient returns an http.Client for provider calls: SafeTransport
// behind a GuardedTransport (no Idempotency-Key header but the one a
// request's context names with WithIdempotencyKey, no credentials in
// URLs), CheckRedirect (no redirect on a money-moving call or any request
// with a body), and timeout as the client timeout, DefaultTimeout when it
// is not positive.
func SafeHTTPClient(timeout time.Duration) *http.Client {
	if timeout <= 0 {
		timeout = engine.DefaultTimeout
	}
	return &http.Client{
		Transport:     &GuardedTransport{Base: SafeTransport()},
		CheckRedirect: CheckRedirect,
		Timeout:       timeout,
	}
}

// GuardedTransport refuses, before anything is sent, the requests a
// provider client must never send: ones carrying an Idempotency-Key or
// X-Idempotency-Key header, unless the request's context names that header
// and its key (WithIdempotencyKey, which the generated Transaction of a
// provider documenting the header sets) or IdempotencyKeyHonoured allows
// every such header; ones whose context names a key they do not carry;
// and ones with user information in the URL.
// A refused request fails with an error matching ErrNotSent, and the
// attempt's wire probe records that nothing was sent (NoteUnsent).
//
// A request marked WithMoneyMoving goes out with no GetBody, so that no
// layer below the engine can rewind its body and send it a second time.
type GuardedTransport struct {
	// Base makes the requests; nil is http.DefaultTransport.
	Base http.RoundTripper
	// IdempotencyKeyHonoured allows the Idempotency-Key headers: set it
	// only when the provider documents that it honours them.
	IdempotencyKeyHonoured bool
}

// RoundTrip checks req and passes it to Base.
func (t *GuardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.check(req); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		engine.NoteUnsent(req.Context())
		return nil, fmt.Errorf("%w: %w", codebook.ErrNotSent, err)
	}
	if req.GetBody != nil && IsMoneyMoving(req.Context()) {
		req = req.Clone(req.Context())
		req.GetBody = nil
	}
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(req)
}

func (t *GuardedTransport) check(req *http.Request) error {
	if req.URL != nil && req.URL.User != nil {
		return codebook.ErrCredentialsInURL
	}
	if t.IdempotencyKeyHonoured {
		return nil
	}
	return checkIdempotencyKey(req)
}

// checkIdempotencyKey refuses an Idempotency-Key or X-Idempotency-Key
// header unless the request's context names it (WithIdempotencyKey), and
// a request whose context names one but which does not carry exactly that
// key in that header.
func checkIdempotencyKey(req *http.Request) error {
	honoured, named := req.Context().Value(idempotencyKeyCtx{}).(idempotencyKey)
	for k := range req.Header {
		if !strings.EqualFold(k, "Idempotency-Key") && !strings.EqualFold(k, "X-Idempotency-Key") {
			continue
		}
		if !named || !strings.EqualFold(k, honoured.header) {
			return codebook.ErrIdempotencyKeyHeader
		}
	}
	if named && !slices.Equal(req.Header.Values(honoured.header), []string{honoured.value}) {
		return fmt.Errorf("%w: the request does not carry its key in %s", codebook.ErrIdempotencyKeyHeader, honoured.header)
	}
	return nil
}

// idempotencyKeyCtx is the context key of WithIdempotencyKey.
type idempotencyKeyCtx struct{}

// idempotencyKey is the header and key WithIdempotencyKey names.
type idempotencyKey struct{ header, value string }

// WithIdempotencyKey marks the requests made with ctx as carrying, in
// header, the idempotency key value of a provider that documents honouring
// it (x-codebook reference.header: Click Airtime V2's Idempotency-Key). A
// GuardedTransport lets that header through with that value only, and
// refuses such a request that does not carry it. ctx is marked
// WithMoneyMoving too, so the request goes out with no GetBody: Go's
// transport would otherwise resend a request carrying an Idempotency-Key
// by itself on a broken keep-alive connection. The generated Transaction
// sets it on every send, with the reference as the key: the key is made
// once, with the reference, journaled with it before the first byte, and
// the same on every resend.
func WithIdempotencyKey(ctx context.Context, header, value string) context.Context {
	ctx = WithMoneyMoving(ctx)
	return context.WithValue(ctx, idempotencyKeyCtx{}, idempotencyKey{header: http.CanonicalHeaderKey(header), value: value})
}

// moneyMovingKey is the context key of WithMoneyMoving.
type moneyMovingKey struct{}

// WithMoneyMoving marks the requests made with ctx as moving money:
// CheckRedirect follows no redirect of theirs.
func WithMoneyMoving(ctx context.Context) context.Context {
	return context.WithValue(ctx, moneyMovingKey{}, true)
}

// IsMoneyMoving reports whether ctx was marked by WithMoneyMoving.
func IsMoneyMoving(ctx context.Context) bool {
	v, _ := ctx.Value(moneyMovingKey{}).(bool)
	return v
}

// CheckRedirect is an http.Client CheckRedirect that follows a redirect
// only when it is safe: for a GET or HEAD request not marked money-moving,
// to the same host, never from https to http, at most 3 times. Any other
// redirect is not followed: the client returns the 3xx response itself,
// which a code table classifies as uncertain, so a money-moving call gets
// reconciled. Go would otherwise turn a POST into a GET on 301-303, resend
// its body on 307-308, and forward custom credential headers (such as
// X-Click-Airtime-Token) to any host.
func CheckRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0]
	switch {
	case IsMoneyMoving(req.Context()), IsMoneyMoving(first.Context()):
		return http.ErrUseLastResponse
	case first.Method != http.MethodGet && first.Method != http.MethodHead:
		return http.ErrUseLastResponse
	case len(via) > maxRedirects:
		return http.ErrUseLastResponse
	case !strings.EqualFold(req.URL.Host, first.URL.Host):
		return http.ErrUseLastResponse
	case first.URL.Scheme == "https" && req.URL.Scheme != "https":
		return http.ErrUseLastResponse
	}
	return nil
}
