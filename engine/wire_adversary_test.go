package engine_test

// Reproductions of issue 9, items 2 and 4, against real network code on
// loopback: an attacker on the path that injects five bytes after the
// request was written, and an HTTP/2 server whose refused streams make
// Go's client send a POST again by itself. Each test names what it shows.

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/internal/wiretest"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/transport"
)

// advSettle is the settle time of the adversary tests' transactions: the
// loopback provider records a charge before it answers.
const advSettle = 20 * time.Millisecond

// advPolicy is quick on loopback and bounded in time.
func advPolicy() cbengine.Policy {
	return cbengine.Policy{
		MaxAttempts:    3,
		BaseDelay:      time.Millisecond,
		MaxDelay:       5 * time.Millisecond,
		Deadline:       8 * time.Second,
		AttemptTimeout: 3 * time.Second,
	}
}

// advClassOf classifies a status: 2xx success, 402 failed for good (no
// funds), anything else uncertain.
func advClassOf(status int) codebook.Class {
	switch {
	case status >= 200 && status < 300:
		return codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	case status == http.StatusPaymentRequired:
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	}
	return codebook.Unknown()
}

// advProvider is the client side of a provider on loopback: it POSTs the
// body to url with client, records what each send did, and counts lookups.
type advProvider struct {
	client *http.Client
	url    string
	count  func() int  // requests the server has received so far
	header http.Header // added to every POST

	mu      sync.Mutex
	deltas  []int   // requests the server received during each send
	errs    []error // each send's error
	lookups atomic.Int32
}

// send is a Transaction.Send: one money-moving POST.
func (p *advProvider) send(ctx context.Context, _ string, body []byte) (int, codebook.Classified, error) {
	before := 0
	if p.count != nil {
		before = p.count()
	}
	status, err := advPost(transport.WithMoneyMoving(ctx), p.client, p.url, body, p.header)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.count != nil {
		p.deltas = append(p.deltas, p.count()-before)
	}
	p.errs = append(p.errs, err)
	if err != nil {
		return 0, nil, err
	}
	return status, codebook.Answer{Class: advClassOf(status)}, nil
}

// notFound is a Transaction.Lookup that never finds the transaction.
func (p *advProvider) notFound(context.Context, string) (cbengine.Looked[string], error) {
	p.lookups.Add(1)
	return cbengine.Looked[string]{State: cbengine.LookupNotFound}, nil
}

// sent returns the requests the server received during each send, and
// each send's error.
func (p *advProvider) sent() ([]int, []error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int(nil), p.deltas...), append([]error(nil), p.errs...)
}

// advTx is a transaction sent through p. Deduplicated says the provider
// refuses a reused reference, so that the engine may resend once absence
// is proven.
func advTx(p *advProvider, lookup cbengine.LookupFunc[string], dedup bool) cbengine.Transaction[int, string] {
	return cbengine.Transaction[int, string]{
		Body: func(ref string) ([]byte, error) {
			return json.Marshal(map[string]any{"ref": ref, "amount": 100})
		},
		Send:         p.send,
		Lookup:       lookup,
		Journal:      &journal.Memory{},
		Settle:       advSettle,
		Deduplicated: dedup,
	}
}

// advExecute runs tx with advPolicy, bounded by a 10 s context.
func advExecute(t *testing.T, tx cbengine.Transaction[int, string]) (cbengine.Settled[int, string], error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return cbengine.Execute(ctx, cbengine.NewEngine(advPolicy()), tx)
}

// advPost POSTs body to url; the body is rewindable (GetBody is set), as
// http.NewRequest makes it for a bytes.Reader.
func advPost(ctx context.Context, c *http.Client, url string, body []byte, h http.Header) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return resp.StatusCode, nil
}

// advSafeClient is transport.SafeHTTPClient trusting pool (nil: the
// system's roots only).
func advSafeClient(t *testing.T, pool *x509.CertPool) *http.Client {
	t.Helper()
	c := transport.SafeHTTPClient(5 * time.Second)
	tr := c.Transport.(*transport.GuardedTransport).Base.(*http.Transport)
	tr.TLSClientConfig.RootCAs = pool
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// advH2Transport is an http.Transport that speaks HTTP/2 when the server
// offers it, as SafeTransport did before 6f3db84 (ForceAttemptHTTP2).
func advH2Transport(t *testing.T, pool *x509.CertPool) *http.Transport {
	t.Helper()
	tr := &http.Transport{
		ForceAttemptHTTP2: true,
		TLSClientConfig:   &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: pool},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return tr
}

// advCounter is an HTTPS test server that counts the POSTs it receives
// (the charges) and answers each with status.
func advCounter(t *testing.T, status int) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.Method == http.MethodPost {
			n.Add(1)
		}
		w.WriteHeader(status)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, &n
}

// advCount reports a count that is not the one wanted.
func advCount(t *testing.T, name string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %d, want %d", name, got, want)
	}
}

// advPool trusts srv's certificate.
func advPool(srv *httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	return pool
}

// Item 2: after the provider received the whole POST and charged, an
// attacker on the path sends the client five bytes that are not a TLS
// record instead of the answer. The client's error is a
// tls.RecordHeaderError, which the engine before 6f3db84 took as proof
// that nothing was sent (a certificate failure: failed, after_fix), so the
// order was reported failed while charged. The charge must stay one, the
// outcome uncertain: never failed, never "not sent".
func TestAdversaryInjectedTLSRecordAfterWriteIsNotNotSent(t *testing.T) {
	var charges atomic.Int32
	var proxy *wiretest.Proxy
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			return
		}
		charges.Add(1)
		// Instead of the answer below: an application-data record header
		// with a wrong version. ("HTTP/" would do too, but net/http
		// rewrites that error to "server gave HTTP response".)
		proxy.Inject([]byte{0x17, 0x03, 0x00, 0x00, 0x05})
		w.WriteHeader(http.StatusOK)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	proxy = wiretest.StartProxy(t, srv.Listener.Addr().String())

	p := &advProvider{client: advSafeClient(t, advPool(srv)), url: "https://" + proxy.Addr + "/topup"}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	t.Logf("Execute: %v", err)

	_, errs := p.sent()
	if len(errs) == 0 || errs[0] == nil {
		t.Fatalf("the first send did not fail: %v", errs)
	}
	var rh tls.RecordHeaderError
	if !errors.As(errs[0], &rh) {
		t.Errorf("the send's error is not a tls.RecordHeaderError, the test does not reproduce item 2: %v", errs[0])
	}
	if cbengine.NotSent(errs[0]) {
		t.Errorf("NotSent(%v) = true for a record that arrived after the request was written", errs[0])
	}
	if got := charges.Load(); got != 1 {
		t.Errorf("charges = %d, want 1: the request was sent again after it charged", got)
	}
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 1)
	if !errors.Is(err, codebook.OutcomeUncertain) || errors.Is(err, codebook.OutcomeFailed) {
		t.Errorf("outcome %v, want uncertain (charged, answer lost): %v", s.Class, err)
	}
	if errors.Is(err, codebook.ErrNotSent) {
		t.Errorf("error matches ErrNotSent although the provider charged: %v", err)
	}
}

// Item 2, the other side: a dial to a closed port provably sent nothing.
// It is sent again up to MaxAttempts and then failed, with no lookup.
func TestAdversaryClosedPortIsNotSent(t *testing.T) {
	p := &advProvider{client: advSafeClient(t, nil), url: "https://" + wiretest.ClosedAddr(t) + "/topup"}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	if !errors.Is(err, codebook.OutcomeFailed) {
		t.Fatalf("outcome %v, want failed: a refused dial sent nothing: %v", s.Class, err)
	}
	if want := advPolicy().MaxAttempts; s.Attempts != want {
		t.Errorf("Attempts = %d, want %d (MaxAttempts): a request never sent is sent again", s.Attempts, want)
	}
	if s.Class.Retry != codebook.RetryBackoff {
		t.Errorf("Retry = %v, want backoff", s.Class.Retry)
	}
	if s.Lookups != 0 || p.lookups.Load() != 0 {
		t.Errorf("Lookups = %d (%d made), want 0: nothing was sent", s.Lookups, p.lookups.Load())
	}
	advCount(t, "WireSends", s.WireSends, 0)
}

// Item 2, the other side: a handshake that fails on an untrusted
// certificate sent nothing; sending again would fail the same way, so the
// outcome is failed, after_fix, after one attempt, with no charge.
func TestAdversaryUntrustedCertificateIsNotSent(t *testing.T) {
	srv, charges := advCounter(t, http.StatusOK)
	p := &advProvider{client: advSafeClient(t, nil), url: srv.URL + "/topup"}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	if !errors.Is(err, codebook.OutcomeFailed) || s.Class.Retry != codebook.RetryAfterFix {
		t.Fatalf("class %v, want failed after_fix: %v", s.Class, err)
	}
	advCount(t, "charges", int(charges.Load()), 0)
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 0)
	advCount(t, "lookups", int(p.lookups.Load()), 0)
}

// Item 2, the other side: GuardedTransport refuses a request with an
// Idempotency-Key header before it is written, and says so: not sent, no
// charge, no lookup.
func TestAdversaryGuardRefusalIsNotSent(t *testing.T) {
	srv, charges := advCounter(t, http.StatusOK)
	p := &advProvider{
		client: advSafeClient(t, advPool(srv)),
		url:    srv.URL + "/topup",
		header: http.Header{"Idempotency-Key": {"k1"}},
	}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	t.Logf("Execute: %v; Attempts %d", err, s.Attempts)
	if !errors.Is(err, codebook.ErrNotSent) || !errors.Is(err, codebook.ErrIdempotencyKeyHeader) {
		t.Errorf("error %v, want ErrNotSent and ErrIdempotencyKeyHeader", err)
	}
	if !errors.Is(err, codebook.OutcomeFailed) {
		t.Errorf("outcome %v, want failed: nothing was sent", s.Class)
	}
	advCount(t, "charges", int(charges.Load()), 0)
	advCount(t, "WireSends", s.WireSends, 0)
	advCount(t, "lookups", int(p.lookups.Load()), 0)
	advCount(t, "attempts (a guard refuses the same way every time)", s.Attempts, 1)
	if s.Class.Retry != codebook.RetryAfterFix {
		t.Errorf("retry %v, want after_fix: the request must change first", s.Class.Retry)
	}
}

// Item 4, the reproduction: Go's HTTP/2 client, as the old SafeTransport
// configured it (ForceAttemptHTTP2), sends one POST three times in one
// RoundTrip when the server refuses its stream twice after reading the
// whole body. The provider saw three requests; the caller saw one 200.
func TestAdversaryHTTP2ClientResendsRefusedPOST(t *testing.T) {
	srv := wiretest.StartH2(t, 2)
	c := &http.Client{Transport: advH2Transport(t, srv.Pool), Timeout: 5 * time.Second}
	status, err := advPost(context.Background(), c, srv.URL("/topup"), []byte(`{"ref":"r1"}`), nil)
	if err != nil || status != http.StatusOK {
		t.Fatalf("POST: status %d, error %v; want 200", status, err)
	}
	if got := srv.H2Requests(); got != 3 {
		t.Errorf("the server received %d HTTP/2 POSTs for one RoundTrip, want 3 (two refused, resent by net/http)", got)
	}
}

// Item 4, fixed by SafeTransport: through SafeHTTPClient the same HTTP/2
// server is spoken to over HTTP/1.1, and receives exactly one request per
// engine attempt, all counted in WireSends.
func TestAdversarySafeClientOneRequestPerAttempt(t *testing.T) {
	srv := wiretest.StartH2(t, -1)
	p := &advProvider{client: advSafeClient(t, srv.Pool), url: srv.URL("/topup"), count: srv.Requests}
	s, err := advExecute(t, advTx(p, p.notFound, true))
	deltas, _ := p.sent()
	t.Logf("Execute: %v; requests per attempt %v", err, deltas)
	for i, d := range deltas {
		if d != 1 {
			t.Errorf("attempt %d: the server received %d requests, want 1", i+1, d)
		}
	}
	if s.Attempts == 0 {
		t.Fatal("no attempt made")
	}
	advCount(t, "server requests", srv.Requests(), s.Attempts)
	advCount(t, "WireSends", s.WireSends, s.Attempts)
	if srv.H2Requests() != 0 {
		t.Errorf("%d requests over HTTP/2, want 0: SafeTransport is HTTP/1.1 only", srv.H2Requests())
	}
	if errors.Is(err, codebook.OutcomeFailed) || err == nil {
		t.Errorf("outcome %v, want uncertain: every answer was a 503", s.Class)
	}
}

// Item 4, fixed by GuardedTransport: below a GuardedTransport even a
// transport that speaks HTTP/2 cannot resend a money-moving POST, because
// its GetBody is gone. The control shows the same client resending a POST
// that is not marked money-moving.
func TestAdversaryGuardedStripsGetBodyUnderForcedHTTP2(t *testing.T) {
	control := wiretest.StartH2(t, 1)
	cc := &http.Client{Transport: &transport.GuardedTransport{Base: advH2Transport(t, control.Pool)}, Timeout: 5 * time.Second}
	if _, err := advPost(context.Background(), cc, control.URL("/topup"), []byte(`{"ref":"c1"}`), nil); err != nil {
		t.Fatalf("control POST: %v", err)
	}
	if got := control.H2Requests(); got != 2 {
		t.Fatalf("control: %d HTTP/2 POSTs, want 2: the transport does not resend, the test proves nothing", got)
	}

	srv := wiretest.StartH2(t, -1)
	c := &http.Client{Transport: &transport.GuardedTransport{Base: advH2Transport(t, srv.Pool)}, Timeout: 5 * time.Second}
	p := &advProvider{client: c, url: srv.URL("/topup"), count: srv.H2Requests}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	deltas, errs := p.sent()
	t.Logf("Execute: %v; requests per attempt %v; send errors %v", err, deltas, errs)
	for i, d := range deltas {
		if d != 1 {
			t.Errorf("attempt %d: the server received %d HTTP/2 POSTs, want 1", i+1, d)
		}
	}
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 1)
	advCount(t, "server requests", srv.H2Requests(), 1)
	if errors.Is(err, codebook.OutcomeFailed) || !errors.Is(err, codebook.OutcomeUncertain) {
		t.Errorf("outcome %v, want uncertain: a refused stream after the body was read proves nothing", s.Class)
	}
}

// Item 4, counted where it is not prevented: a caller's own client that
// speaks HTTP/2 with no GuardedTransport lets net/http send the POST again
// after a refused stream; the engine still sees both requests on the wire
// through its trace (WireSends 2 for Attempts 1).
func TestAdversaryUnguardedHTTP2ResendsAreCounted(t *testing.T) {
	srv := wiretest.StartH2(t, 1)
	c := &http.Client{Transport: advH2Transport(t, srv.Pool), Timeout: 5 * time.Second}
	p := &advProvider{client: c, url: srv.URL("/topup"), count: srv.H2Requests}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	if err != nil {
		t.Fatalf("Execute: %v, want success (the resend was answered 200)", err)
	}
	advCount(t, "server requests", srv.H2Requests(), 2)
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 2)
}

// advResender is a RoundTripper of the kind retry middlewares are: after
// an error or a 5xx it rewinds the body with GetBody and sends again.
type advResender struct{ base http.RoundTripper }

func (r advResender) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.base.RoundTrip(req)
	if (err == nil && resp.StatusCode < 500) || req.GetBody == nil {
		return resp, err
	}
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	body, gerr := req.GetBody()
	if gerr != nil {
		return nil, gerr
	}
	again := req.Clone(req.Context())
	again.Body = body
	return r.base.RoundTrip(again)
}

// Item 4, a layer that resends by itself: under GuardedTransport a
// money-moving request has no GetBody, so a resending middleware below it
// sends it once. The control shows it resending an unmarked POST.
func TestAdversaryResendingRoundTripperCannotRewind(t *testing.T) {
	srv, posts := advCounter(t, http.StatusInternalServerError)
	base := advSafeClient(t, advPool(srv)).Transport.(*transport.GuardedTransport).Base
	c := &http.Client{Transport: &transport.GuardedTransport{Base: advResender{base: base}}, Timeout: 5 * time.Second}
	if _, err := advPost(context.Background(), c, srv.URL+"/topup", []byte(`{"ref":"c1"}`), nil); err != nil {
		t.Fatalf("control POST: %v", err)
	}
	if got := posts.Load(); got != 2 {
		t.Fatalf("control: %d POSTs, want 2: the middleware does not resend, the test proves nothing", got)
	}
	posts.Store(0)

	p := &advProvider{client: c, url: srv.URL + "/topup", count: func() int { return int(posts.Load()) }}
	s, err := advExecute(t, advTx(p, p.notFound, false))
	deltas, _ := p.sent()
	t.Logf("Execute: %v; requests per attempt %v", err, deltas)
	advCount(t, "POSTs", int(posts.Load()), 1)
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 1)
	if errors.Is(err, codebook.OutcomeFailed) {
		t.Errorf("outcome failed after a 500: %v", err)
	}
}

// advDoubler is a RoundTripper that writes every POST twice through the
// real transport, keeping its own copy of the body (GetBody or not), and
// returns the second answer: the first answer is lost.
type advDoubler struct{ base http.RoundTripper }

func (d advDoubler) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.Body == nil {
		return d.base.RoundTrip(req)
	}
	b, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	clone := func() *http.Request {
		r := req.Clone(req.Context())
		r.Body, r.GetBody = io.NopCloser(bytes.NewReader(b)), nil
		return r
	}
	if resp, err := d.base.RoundTrip(clone()); err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
	}
	return d.base.RoundTrip(clone())
}

// advLedger is a provider on loopback that charges a reference once and
// answers a repeat of it with 402 (the first charge spent the float),
// with a lookup at GET /lookup?ref=.
func advLedger(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var mu sync.Mutex
	charged := map[string]bool{}
	var charges atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			mu.Lock()
			ok := charged[r.URL.Query().Get("ref")]
			mu.Unlock()
			if !ok {
				w.WriteHeader(http.StatusNotFound)
			}
			return
		}
		var in struct{ Ref string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		mu.Lock()
		again := charged[in.Ref]
		charged[in.Ref] = true
		mu.Unlock()
		if again {
			w.WriteHeader(http.StatusPaymentRequired)
			return
		}
		charges.Add(1)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv, &charges
}

// Item 4, a transport that does write twice: the engine counts both
// writes (WireSends 2 for Attempts 1), so it does not take the second
// write's failure answer as final, and the lookup finds the charge the
// first write made.
func TestAdversaryTransportWritingTwiceIsCounted(t *testing.T) {
	srv, charges := advLedger(t)
	base := advSafeClient(t, advPool(srv)).Transport.(*transport.GuardedTransport).Base
	c := &http.Client{Transport: &transport.GuardedTransport{Base: advDoubler{base: base}}, Timeout: 5 * time.Second}
	p := &advProvider{client: c, url: srv.URL + "/topup"}
	lookup := func(ctx context.Context, ref string) (cbengine.Looked[string], error) {
		p.lookups.Add(1)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/lookup?ref="+ref, nil)
		if err != nil {
			return cbengine.Looked[string]{}, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return cbengine.Looked[string]{}, err
		}
		_ = resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusOK:
			return cbengine.Looked[string]{State: cbengine.LookupFound, Class: cbengine.StatusClass(codebook.OutcomeSuccess)}, nil
		case http.StatusNotFound:
			return cbengine.Looked[string]{State: cbengine.LookupNotFound}, nil
		}
		return cbengine.Looked[string]{}, nil
	}
	s, err := advExecute(t, advTx(p, lookup, false))
	t.Logf("Execute: %v; class %v by lookup %v", err, s.Class, s.ByLookup)
	advCount(t, "Attempts", s.Attempts, 1)
	advCount(t, "WireSends", s.WireSends, 2)
	if charges.Load() != 1 {
		t.Errorf("charges = %d, want 1", charges.Load())
	}
	if errors.Is(err, codebook.OutcomeFailed) {
		t.Fatalf("reported failed while the first write charged: %v", err)
	}
	if err != nil || !s.ByLookup || p.lookups.Load() == 0 {
		t.Errorf("error %v, ByLookup %v, lookups %d: want success found by a lookup", err, s.ByLookup, p.lookups.Load())
	}
}
