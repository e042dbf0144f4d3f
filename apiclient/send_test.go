package apiclient_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiclient"
	"github.com/codebookgen/codebook/transport"
)

// roundTrip is an http.RoundTripper answering with a function.
type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// answer is a 200 response with body.
func answer(r *http.Request, status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body)), ContentLength: -1, Request: r}
}

// newClient returns a client of base sending through rt.
func newClient(t *testing.T, base string, rt http.RoundTripper, opts ...apiclient.Option) *apiclient.Client {
	t.Helper()
	c, err := apiclient.New(apiclient.Config{BaseURL: base, MaxResponseBytes: 64, HTTPClient: &http.Client{Transport: rt}}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMoneyMovingHasNoGetBody: a request of a money-moving context leaves
// without GetBody, so no layer below can rewind and resend it; others keep it.
func TestMoneyMovingHasNoGetBody(t *testing.T) {
	var rewindable []bool
	c := newClient(t, "https://api.example.com", roundTrip(func(r *http.Request) (*http.Response, error) {
		rewindable = append(rewindable, r.GetBody != nil)
		return answer(r, 200, `{}`), nil
	}))
	for _, ctx := range []context.Context{context.Background(), transport.WithMoneyMoving(context.Background())} {
		call := apiclient.NewCall("Pay", "POST", "/pay")
		call.JSONBody(map[string]int{"amount": 1}, "application/json")
		if _, err := c.Send(ctx, call); err != nil {
			t.Fatal(err)
		}
	}
	if len(rewindable) != 2 || !rewindable[0] || rewindable[1] {
		t.Errorf("GetBody set: %v, want [true false]", rewindable)
	}
}

// TestBodyIsBounded: a body over the limit fails the call with
// codebook.ErrBodyTooLarge, keeping the status and the start of the body;
// one within it is read whole, whatever the chunks it took.
func TestBodyIsBounded(t *testing.T) {
	body := strings.Repeat("x", 65)
	c := newClient(t, "https://api.example.com", roundTrip(func(r *http.Request) (*http.Response, error) {
		return answer(r, 200, body), nil
	}))
	r, err := c.Send(context.Background(), apiclient.NewCall("Get", "GET", "/"))
	if !errors.Is(err, codebook.ErrBodyTooLarge) || r == nil || r.Status != 200 || len(r.Body) > 64 {
		t.Errorf("65 bytes over a 64-byte limit: %v %+v", err, r)
	}
	body = strings.Repeat("y", 64)
	if r, err := c.Send(context.Background(), apiclient.NewCall("Get", "GET", "/")); err != nil || string(r.Body) != body {
		t.Errorf("64 bytes within the limit: %v %d", err, len(r.Body))
	}
}

// TestNotSent: a call that cannot be built, or whose context is done,
// never reaches the transport and gives no response.
func TestNotSent(t *testing.T) {
	var sent atomic.Int32
	c := newClient(t, "https://api.example.com", roundTrip(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return answer(r, 200, ``), nil
	}))
	empty := apiclient.NewCall("Get", "GET", "/x/{id}")
	empty.Path = "/x/" + empty.Seg("id", "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, tc := range map[string]struct {
		ctx  context.Context
		call *apiclient.Call
	}{"empty path parameter": {context.Background(), empty}, "context done": {ctx, apiclient.NewCall("Get", "GET", "/")}} {
		if r, err := c.Send(tc.ctx, tc.call); r != nil || err == nil {
			t.Errorf("%s: %+v %v, want no response and an error", name, r, err)
		}
	}
	if sent.Load() != 0 {
		t.Errorf("%d requests reached the transport", sent.Load())
	}
}

// TestRedirects: a redirect to the same origin is followed, one to another
// host is the call's response, and a money-moving call follows none.
func TestRedirects(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("the other host got %s with key %q", r.URL, r.Header.Get("X-Key"))
	}))
	defer other.Close()
	var api *httptest.Server
	api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, api.URL+"/done", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		default:
			w.WriteHeader(200)
		}
	}))
	defer api.Close()
	c, err := apiclient.New(apiclient.Config{BaseURL: api.URL, MaxResponseBytes: 1 << 10},
		apiclient.WithAuth("key", apiclient.APIKey("header", "X-Key", codebook.NewSecret("k"))))
	if err != nil {
		t.Fatal(err)
	}
	status := func(path string, moneyMoving bool) int {
		call := apiclient.NewCall("Op", "GET", path)
		call.Security, call.NoRedirect = [][]string{{"key"}}, moneyMoving
		r, err := c.Send(context.Background(), call)
		if err != nil {
			t.Fatal(err)
		}
		return r.Status
	}
	if got := [3]int{status("/same", false), status("/away", false), status("/same", true)}; got != [3]int{200, 302, 302} {
		t.Errorf("statuses %v, want [200 302 302]", got)
	}
}

// TestAuthorize: the first security alternative whose schemes all have a
// credential is applied; API keys go in a header, the query or a cookie.
func TestAuthorize(t *testing.T) {
	var got *http.Request
	c := newClient(t, "https://api.example.com", roundTrip(func(r *http.Request) (*http.Response, error) {
		got = r
		return answer(r, 204, ``), nil
	}),
		apiclient.WithAuth("q", apiclient.APIKey("query", "api_key", codebook.NewSecret("qk"))),
		apiclient.WithAuth("c", apiclient.APIKey("cookie", "S", codebook.NewSecret("ck"))),
		apiclient.WithAuth("b", apiclient.Basic("u", codebook.NewSecret("p"))),
	)
	call := apiclient.NewCall("Op", "GET", "/")
	call.Security = [][]string{{"q", "missing"}, {"q", "c"}, {"b"}}
	if _, err := c.Send(context.Background(), call); err != nil {
		t.Fatal(err)
	}
	ck, _ := got.Cookie("S")
	if _, _, basic := got.BasicAuth(); got.URL.Query().Get("api_key") != "qk" || ck == nil || ck.Value != "ck" || basic {
		t.Errorf("request %s cookies %v basic %v: want the second alternative only", got.URL, got.Cookies(), basic)
	}
}

// TestOperationServers: an operation's own server takes its calls; a
// relative one is resolved against the base URL; only such operations
// take WithOperationBaseURL.
func TestOperationServers(t *testing.T) {
	var hosts []string
	rt := roundTrip(func(r *http.Request) (*http.Response, error) {
		hosts = append(hosts, r.URL.String())
		return answer(r, 200, ``), nil
	})
	cfg := apiclient.Config{BaseURL: "https://api.example.com/v1", HTTPClient: &http.Client{Transport: rt}, MaxResponseBytes: 64,
		Servers: map[string]string{"Upload": "https://upload.example.com", "Rel": "/v2"}}
	c, err := apiclient.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"Upload", "Rel", "Other"} {
		if _, err := c.Send(context.Background(), apiclient.NewCall(op, "GET", "/x")); err != nil {
			t.Fatal(err)
		}
	}
	want := "https://upload.example.com/x|https://api.example.com/v2/x|https://api.example.com/v1/x"
	if strings.Join(hosts, "|") != want {
		t.Errorf("URLs %v, want %s", hosts, want)
	}
	if _, err := apiclient.New(cfg, apiclient.WithOperationBaseURL("Other", "https://x.example.com")); err == nil || !strings.Contains(err.Error(), "use WithBaseURL") {
		t.Errorf("WithOperationBaseURL of an operation without a server of its own: %v", err)
	}
}
