package clickairtime_test

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

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/internal/spectest"
)

var loadSpec = sync.OnceValues(func() (*spectest.Validator, error) {
	return spectest.Load("clickairtime-v1.yaml")
})

// spec returns the validator of the Click Airtime file.
func spec(t testing.TB) *spectest.Validator {
	t.Helper()
	v, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// start starts a fake closed at the end of the test.
func start(t testing.TB, opts ...fake.Option) *fake.Server {
	t.Helper()
	srv := fake.New(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// client returns a generated client for srv whose every response is checked
// against the spec.
func client(t testing.TB, srv *fake.Server) *ca.Client {
	t.Helper()
	tr := spec(t).Transport(t, &http.Transport{})
	c, err := ca.NewClient(
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(&http.Client{Transport: tr, Timeout: 10 * time.Second}),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// topUp is a top-up request of 5 to a fixed number.
func topUp(ref string) ca.TopUpRequest {
	return ca.TopUpRequest{Msisdn: "263719545499", Amount: ptr(5.0), ExtRefID: ptr(ref)}
}

// raw is a response read in full by a plain net/http client.
type raw struct {
	status int
	header http.Header
	body   []byte
	req    *http.Request
}

// do sends a request with a plain client and the default credentials.
func do(t testing.TB, hc *http.Client, method, url string, body any) (raw, error) {
	t.Helper()
	var rd io.Reader
	if j, ok := body.(json0); ok {
		rd = strings.NewReader(string(j))
	} else if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Click-Airtime-Email", fake.DefaultEmail)
	req.Header.Set("X-Click-Airtime-Token", fake.DefaultToken)
	resp, err := hc.Do(req)
	if err != nil {
		return raw{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return raw{status: resp.StatusCode, header: resp.Header, body: b, req: req}, err
}

// plain is a client with no connection reuse, so a fault on one request
// cannot be retried by the transport on another connection.
func plain() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
}

// topUpBody is the JSON of a top-up by a plain client.
func topUpBody(ref string) map[string]any {
	return map[string]any{"msisdn": "263719545499", "amount": 5, "extRefId": ref}
}

// readAll reads and closes a response body.
func readAll(t testing.TB, resp *http.Response) []byte {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
