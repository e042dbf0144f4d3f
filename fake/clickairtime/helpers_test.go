package clickairtime_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

// spec returns the validator of the Click Airtime file.
var spec = testkit.Spec("clickairtime-v1.yaml")

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
	return ca.TopUpRequest{MSISDN: "263719545499", Amount: ptr(5.0), ExtRefID: ptr(ref)}
}

// raw is a response read in full by a plain net/http client.
type raw = testkit.Raw

// do sends a request with a plain client and the default credentials; a
// json0 body is sent as it is.
func do(t testing.TB, hc *http.Client, method, url string, body any) (raw, error) {
	t.Helper()
	if j, ok := body.(json0); ok {
		body = string(j)
	}
	return testkit.Do(t, hc, method, url, body, map[string]string{
		"X-Click-Airtime-Email": fake.DefaultEmail, "X-Click-Airtime-Token": fake.DefaultToken,
	})
}

// plain is a client with no connection reuse.
func plain() *http.Client { return testkit.Plain() }

// topUpBody is the JSON of a top-up by a plain client.
func topUpBody(ref string) map[string]any {
	return map[string]any{"msisdn": "263719545499", "amount": 5, "extRefId": ref}
}

// readAll reads and closes a response body.
func readAll(t testing.TB, resp *http.Response) []byte { t.Helper(); return testkit.ReadAll(t, resp) }
