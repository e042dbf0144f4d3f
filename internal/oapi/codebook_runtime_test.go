package oapi_test

// Runtime tests of the clients generated in codebook mode, run against the
// checked-in generated/clickatell and generated/clickairtime packages (go
// generate writes them with this generator; .ci/run fails when they are
// stale): what a call returns when the response cannot be read or decoded,
// which 2xx bodies it decodes, where its credentials go on a redirect, how
// it asks for an OAuth2 token, and which server it calls.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiclient"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

const lookupRef = "ref-from-the-query-4711" // must never reach an error's text

// hijack writes raw bytes on the connection of w and closes it.
func hijack(t *testing.T, w http.ResponseWriter, raw string) {
	conn, buf, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	_, _ = buf.WriteString(raw)
	_ = buf.Flush()
}

// newClickatell returns a Clickatell client with credentials, calling base.
func newClickatell(t *testing.T, base string, opts ...clickatell.Option) *clickatell.Client {
	t.Helper()
	c, err := clickatell.NewClient(append([]clickatell.Option{clickatell.WithBaseURL(base), clickatell.WithAPIKey(codebook.NewSecret("key-1")), clickatell.WithBearerAuth(codebook.NewSecret("token-1"))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func lookup(ctx context.Context, c *clickatell.Client) (*clickatell.TransactionLookupResponse, clickatell.Result, error) {
	ref := lookupRef
	return c.TransactionLookup(ctx, clickatell.TransactionLookupParams{ClientID: 200, ClientTransactionReference: &ref})
}

func transact(ctx context.Context, c *clickatell.Client) (*clickatell.TransactionResponse, clickatell.Result, error) {
	return c.Transact(ctx, clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV4}, clickatell.TransactRequest{ClientTxnRef: "ref-1", ReserveFundsTxnRef: "res-1"})
}

// wantUncertain checks that err is the generated *Error, uncertain, with the
// status, request id and snippet given, and that the Result returned says
// the same.
func wantUncertain(t *testing.T, label string, body any, rr clickatell.Result, err error, status int, requestID, snippet string) *clickatell.Error {
	t.Helper()
	var e *clickatell.Error
	if !errors.As(err, &e) {
		t.Errorf("%s: %T %v is not a *clickatell.Error", label, err, err)
		return nil
	}
	if !errors.Is(err, codebook.OutcomeUncertain) || rr.Class.Outcome != codebook.OutcomeUncertain || e.Class.Outcome != codebook.OutcomeUncertain {
		t.Errorf("%s: %v, Result outcome %v: want uncertain", label, err, rr.Class.Outcome)
	}
	if e.Status != status || rr.Status != status || e.RequestID != requestID || string(e.Snippet) != snippet {
		t.Errorf("%s: status %d (Result %d), request id %q, snippet %q; want %d %q %q", label, e.Status, rr.Status, e.RequestID, e.Snippet, status, requestID, snippet)
	}
	if e.Cause == nil {
		t.Errorf("%s: no Cause", label)
	}
	if e.Table != clickatell.TableTransactionLookup && e.Table != clickatell.TableTransact {
		t.Errorf("%s: table %v", label, e.Table)
	}
	if body != nil && fmt.Sprint(body) != "<nil>" {
		t.Errorf("%s: typed body %v with an unreadable response", label, body)
	}
	for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprint(e.Cause)} {
		if strings.Contains(text, lookupRef) || strings.Contains(text, "127.0.0.1") {
			t.Errorf("%s: the error text shows the request URL: %s", label, text)
		}
	}
	return e
}

// TestCodebookUnreadableResponseIsUncertain: a response that cannot be read
// in full leaves the outcome unknown. Every such failure is the generated
// *Error, uncertain, with the cause kept (errors.Is reaches io.EOF,
// context.DeadlineExceeded...) and no URL in its text.
func TestCodebookUnreadableResponseIsUncertain(t *testing.T) {
	const partial = `{"responseCode":"00`
	var mode string
	var mu sync.Mutex
	stall := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		mu.Lock()
		m := mode
		mu.Unlock()
		switch m {
		case "closed before the status line":
			hijack(t, w, "")
		case "closed mid-body":
			hijack(t, w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Request-Id: req-1\r\nContent-Length: 200\r\n\r\n"+partial)
		case "timeout before the response":
			stall(r)
		case "timeout mid-body":
			w.Header().Set("X-Request-Id", "req-2")
			w.Header().Set("Content-Length", "200")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, partial)
			w.(http.Flusher).Flush()
			stall(r)
		case "too large":
			w.Header().Set("X-Request-Id", "req-3")
			_, _ = io.WriteString(w, `{"responseCode":"0000","padding":"`+strings.Repeat("x", 100)+`"}`)
		}
	}))
	defer srv.Close()

	cases := []struct {
		mode      string
		timeout   time.Duration
		opts      []clickatell.Option
		status    int
		requestID string
		snippet   string
		cause     error
	}{
		{mode: "closed before the status line", cause: io.EOF},
		{mode: "closed mid-body", status: 200, requestID: "req-1", snippet: partial, cause: io.ErrUnexpectedEOF},
		{mode: "timeout before the response", timeout: 100 * time.Millisecond, cause: context.DeadlineExceeded},
		{mode: "timeout mid-body", timeout: 300 * time.Millisecond, status: 200, requestID: "req-2", snippet: partial, cause: context.DeadlineExceeded},
		{mode: "too large", opts: []clickatell.Option{clickatell.WithMaxResponseBytes(10)}, status: 200, requestID: "req-3", snippet: `{"response`, cause: codebook.ErrBodyTooLarge},
	}
	for _, tc := range cases {
		mu.Lock()
		mode = tc.mode
		mu.Unlock()
		c := newClickatell(t, srv.URL, tc.opts...)
		for name, call := range map[string]func(ctx context.Context) (any, clickatell.Result, error){
			"TransactionLookup": func(ctx context.Context) (any, clickatell.Result, error) { return lookup(ctx, c) },
			"Transact":          func(ctx context.Context) (any, clickatell.Result, error) { return transact(ctx, c) },
		} {
			ctx := context.Background()
			if tc.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.timeout)
				defer cancel()
			}
			label := name + ", " + tc.mode
			body, rr, err := call(ctx)
			if wantUncertain(t, label, body, rr, err, tc.status, tc.requestID, tc.snippet) == nil {
				continue
			}
			if !errors.Is(err, tc.cause) {
				t.Errorf("%s: errors.Is(err, %v) is false: %v", label, tc.cause, err)
			}
			if errors.Is(err, codebook.ErrNotSent) || engine.NotSent(err) {
				t.Errorf("%s: %v says the request was not sent", label, err)
			}
		}
	}
}

// TestCodebookRequestNotSent: a request that provably never left is no
// uncertain outcome: its error matches codebook.ErrNotSent.
func TestCodebookRequestNotSent(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	c := newClickatell(t, srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, rr, err := transact(ctx, c)
	if !errors.Is(err, codebook.ErrNotSent) || !errors.Is(err, context.Canceled) || errors.Is(err, codebook.OutcomeUncertain) || hits != 0 {
		t.Errorf("context done: %v (hits %d)", err, hits)
	}
	if rr.Table != clickatell.TableTransact {
		t.Errorf("context done: Result table %v", rr.Table)
	}
	srv.Close()
	_, _, err = transact(context.Background(), c)
	if !errors.Is(err, codebook.ErrNotSent) || errors.Is(err, codebook.OutcomeUncertain) {
		t.Errorf("no server: %v", err)
	}
	// An empty path parameter: nothing is sent either.
	_, _, err = c.Transact(context.Background(), clickatell.TransactParams{}, clickatell.TransactRequest{})
	if !errors.Is(err, codebook.ErrNotSent) {
		t.Errorf("empty path parameter: %v", err)
	}
}

// TestCodebookUndecodable2xxIsUncertain: a 2xx body that does not decode
// into the documented type, or is missing where the spec documents one, is
// an uncertain *Error whose cause is the decoding error; the Result says
// uncertain too.
func TestCodebookUndecodable2xxIsUncertain(t *testing.T) {
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-9")
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	c := newClickatell(t, srv.URL)
	for _, b := range []string{"", "  \n", `{"responseCode":"0000","responseMessage":"Processing request"`, `["not", "an", "object"]`, `{"responseCode":"0000","raasTxnRef":7}`} {
		body = b
		label := fmt.Sprintf("Transact body %q", b)
		out, rr, err := transact(context.Background(), c)
		e := wantUncertain(t, label, out, rr, err, 200, "req-9", b)
		if e == nil {
			continue
		}
		var syntax *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		if strings.TrimSpace(b) != "" && !errors.As(err, &syntax) && !errors.As(err, &typeErr) {
			t.Errorf("%s: the cause %v is not the decoding error", label, e.Cause)
		}
		if !strings.Contains(err.Error(), "HTTP 200") {
			t.Errorf("%s: %q names no status", label, err.Error())
		}
	}
}

// TestCodebookDecodesEvery2xxBody: the typed body of a 2xx response is
// returned whatever the class: a Clickatell lookup's 200 is uncertain by
// design (the caller reads transactionStatus), a Click Airtime top-up's 200
// may carry a failed code.
func TestCodebookDecodesEvery2xxBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/apiman-gateway/PaydServices/lookup-api/2.0":
			_, _ = io.WriteString(w, `{"clientTxnRef":"ref-1","transactionStatus":"SUCCESS"}`)
		case "/v1/adp":
			_, _ = io.WriteString(w, `{"message":"Request declined due to low balance","statusCode":200,"code":20,"data":{}}`)
		case "/raas/v4/transact":
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `{"responseCode":"0000","responseMessage":"Processing request"}`)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	found, rr, err := lookup(ctx, newClickatell(t, srv.URL))
	if found == nil || found.TransactionStatus == nil || *found.TransactionStatus != "SUCCESS" {
		t.Errorf("TransactionLookup 200: body %+v, want the decoded transaction", found)
	}
	if !errors.Is(err, codebook.OutcomeUncertain) || rr.Class.Outcome != codebook.OutcomeUncertain || rr.Status != 200 {
		t.Errorf("TransactionLookup 200: %v, Result %v", err, rr.Class)
	}

	air, err := clickairtime.NewClient(clickairtime.WithBaseURL(srv.URL+"/v1"), clickairtime.WithClickAirtimeEmail(codebook.NewSecret("e")), clickairtime.WithClickAirtimeToken(codebook.NewSecret("t")))
	if err != nil {
		t.Fatal(err)
	}
	top, arr, err := air.TopUp(ctx, clickairtime.TopUpRequest{MSISDN: "263719545499"})
	if top == nil || top.Message == nil || *top.Message != "Request declined due to low balance" {
		t.Errorf("TopUp 200 with a failed code: body %+v, want it decoded", top)
	}
	if arr.Entry != clickairtime.TopupLowBalance || !errors.Is(err, clickairtime.TopupLowBalance) || !errors.Is(err, codebook.OutcomeFailed) {
		t.Errorf("TopUp 200 with a failed code: %v, Result %v %v", err, arr.Entry, arr.Class)
	}

	// A pending code with HTTP 500 is uncertain (codebookimpl.Settle); no body.
	out, rr, err := transact(ctx, newClickatell(t, srv.URL))
	if out != nil || !errors.Is(err, codebook.OutcomeUncertain) || rr.Entry != clickatell.TransactProcessingRequest || rr.Status != 500 {
		t.Errorf("Transact 0000 with HTTP 500: %v %v %v %v", out, rr.Entry, rr.Class, err)
	}
}

// TestCodebookRedirects: a redirect to another host is not followed, so
// that no credential (X-API-Key, which net/http would forward) reaches it;
// the 3xx is the response, uncertain. A redirect to the same host is
// followed for a call that moves no money, never for one that does.
func TestCodebookRedirects(t *testing.T) {
	var mu sync.Mutex
	var elsewhere []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		elsewhere = append(elsewhere, r.Method+" "+r.URL.Path+" key="+r.Header.Get("X-API-Key")+" auth="+r.Header.Get("Authorization"))
		mu.Unlock()
	}))
	defer other.Close()
	otherURL, _ := url.Parse(other.URL)
	// Another host name for the same server, so that the host differs by
	// more than the port.
	otherHost := "http://localhost:" + otherURL.Port()
	var target string
	var apiHits int
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		apiHits++
		to := target
		mu.Unlock()
		if r.URL.Query().Get("hop") == "1" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"responseCode":"0000","responseMessage":"Processing request","transactionStatus":"PENDING"}`)
			return
		}
		w.Header().Set("Location", to+r.URL.Path+"?"+r.URL.RawQuery+"&hop=1")
		w.Header().Set("X-Request-Id", "req-redirect")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	defer api.Close()
	c := newClickatell(t, api.URL)
	ctx := context.Background()
	for _, to := range []string{other.URL, otherHost} {
		mu.Lock()
		target, apiHits, elsewhere = to, 0, nil
		mu.Unlock()
		body, rr, err := lookup(ctx, c)
		if body != nil || !errors.Is(err, codebook.OutcomeUncertain) || rr.Status != http.StatusTemporaryRedirect || rr.RequestID != "req-redirect" {
			t.Errorf("redirect to %s: %v %v %v", to, body, rr.Status, err)
		}
		if len(elsewhere) != 0 || apiHits != 1 {
			t.Errorf("redirect to %s: followed: %q", to, elsewhere)
		}
	}

	mu.Lock()
	target, apiHits = api.URL, 0
	mu.Unlock()
	body, rr, err := lookup(ctx, c)
	if err != nil || body == nil || rr.Entry != clickatell.TransactionLookupProcessing || apiHits != 2 {
		t.Errorf("same-host redirect of a lookup: %v %v %v (hits %d)", body, rr.Entry, err, apiHits)
	}
	mu.Lock()
	apiHits = 0
	mu.Unlock()
	if _, rr, err := transact(ctx, c); !errors.Is(err, codebook.OutcomeUncertain) || rr.Status != http.StatusTemporaryRedirect || apiHits != 1 {
		t.Errorf("same-host redirect of Transact: %v %d (hits %d)", err, rr.Status, apiHits)
	}
}

// TestCodebookClientCredentials: the token request carries client_id and
// client_secret as form fields (client_secret_post), as Clickatell's getToken
// documents and its spec says (x-codebook-token-auth), or HTTP basic when
// ClientCredentials.AuthMethod says so; the secret appears in no error.
func TestCodebookClientCredentials(t *testing.T) {
	var mu sync.Mutex
	var got []string
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		user, pass, basic := r.BasicAuth()
		mu.Lock()
		got = append(got, fmt.Sprintf("basic=%v %s:%s form=%s", basic, user, pass, r.PostForm.Encode()))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"tok","expires_in":300}`)
	}))
	defer tokens.Close()
	var auth string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer api.Close()
	ctx := context.Background()
	for _, method := range []apiclient.TokenAuthMethod{"", clickatell.TokenAuthPost, clickatell.TokenAuthBasic} {
		got = nil
		c, err := clickatell.NewClient(clickatell.WithBaseURL(api.URL), clickatell.WithAPIKey(codebook.NewSecret("key")),
			clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{TokenURL: tokens.URL, ClientID: "200", ClientSecret: codebook.NewSecret("s3cret"), AuthMethod: method}))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = lookup(ctx, c)
		if err == nil || strings.Contains(fmt.Sprintf("%v %+v", err, err), "s3cret") {
			t.Errorf("method %q: %v", method, err)
		}
		want := "basic=false : form=client_id=200&client_secret=s3cret&grant_type=client_credentials"
		if method == clickatell.TokenAuthBasic {
			want = "basic=true 200:s3cret form=grant_type=client_credentials"
		}
		if len(got) != 1 || got[0] != want || auth != "Bearer tok" {
			t.Errorf("method %q: token requests %q, want %q; API auth %q", method, got, want, auth)
		}
	}
}

// TestCodebookOperationServers: GetToken has servers of its own in the spec
// (https://accounts.payd.co), which it calls whatever WithBaseURL says;
// WithOperationBaseURL points it elsewhere.
func TestCodebookOperationServers(t *testing.T) {
	var mu sync.Mutex
	var urls []string
	hc := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		urls = append(urls, r.URL.String())
		mu.Unlock()
		return nil, errors.New("offline")
	})}
	ctx := context.Background()
	tokenReq := clickatell.TokenRequest{ClientID: 200, ClientSecret: "s", GrantType: clickatell.TokenRequestGrantTypeClientCredentials}
	c := newClickatell(t, "https://gateway.example.com/base", clickatell.WithHTTPClient(hc))
	_, _, _ = c.GetToken(ctx, tokenReq)
	_, _, _ = lookup(ctx, c)
	c = newClickatell(t, "https://gateway.example.com/base", clickatell.WithHTTPClient(hc), clickatell.WithOperationBaseURL("GetToken", "http://127.0.0.1:9/keycloak"))
	_, _, _ = c.GetToken(ctx, tokenReq)
	want := []string{
		"https://accounts.payd.co/auth/realms/UAT-API/protocol/openid-connect/token",
		"https://gateway.example.com/base/apiman-gateway/PaydServices/lookup-api/2.0?clientId=200&clientTransactionReference=" + lookupRef,
		"http://127.0.0.1:9/keycloak/auth/realms/UAT-API/protocol/openid-connect/token",
	}
	if strings.Join(urls, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant:\n%s", strings.Join(urls, "\n"), strings.Join(want, "\n"))
	}
	if _, err := clickatell.NewClient(clickatell.WithOperationBaseURL("Transact", "http://127.0.0.1")); err == nil {
		t.Error("WithOperationBaseURL accepted an operation without a server of its own")
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
