package clickatell_test

import (
	"encoding/json"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// spec returns the validator of the Clickatell Transact file.
var spec = testkit.Spec("clickatell-transact.yaml")

// start starts a fake closed at the end of the test.
func start(t testing.TB, opts ...fake.Option) *fake.Server {
	t.Helper()
	srv := fake.New(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// client returns a generated client for srv that gets its tokens from the
// fake's token endpoint; every response is checked against the spec.
func client(t testing.TB, srv *fake.Server) *cl.Client {
	t.Helper()
	tr := spec(t).Transport(t, &http.Transport{})
	c, err := cl.NewClient(
		cl.WithBaseURL(srv.URL()),
		cl.WithOperationBaseURL("GetToken", srv.URL()),
		cl.WithHTTPClient(&http.Client{Transport: tr, Timeout: 10 * time.Second}),
		cl.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
		cl.WithClickatellOAuthClientCredentials(cl.ClientCredentials{
			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: codebook.NewSecret(fake.DefaultClientSecret),
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// client0 is a generated client with the static token and no response
// checks (for faults), and no connection reuse.
func client0(t testing.TB, srv *fake.Server) *cl.Client {
	t.Helper()
	c, err := cl.NewClient(
		cl.WithBaseURL(srv.URL()),
		cl.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}),
		cl.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
		cl.WithBearerAuth(codebook.NewSecret(fake.DefaultAccessToken)),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

var v4 = cl.ReserveAndTransactParams{Version: cl.ReserveAndTransactVersionV4}

// purchase is a Reserve and Transact request of 250.00.
func purchase(ref string) cl.ReserveAndTransactRequest {
	return cl.ReserveAndTransactRequest{
		PurchaseAmount: 25000, ChannelID: 2, ChannelName: "Internet", ChannelSessionID: "sess-1",
		ClientID: 200, ClientTxnRef: ref, ProductID: ptr(int32(12)),
		SourceIdentifier: ptr("27821234567"), TargetIdentifier: ptr("27827654321"),
	}
}

// transact is a Transact request of 250.00.
func transact(ref string) cl.TransactRequest {
	p := purchase(ref)
	return cl.TransactRequest{
		PurchaseAmount: p.PurchaseAmount, ChannelID: p.ChannelID, ChannelName: p.ChannelName, ChannelSessionID: p.ChannelSessionID,
		ClientID: p.ClientID, ClientTxnRef: ref, ProductID: p.ProductID, SourceIdentifier: p.SourceIdentifier,
		TargetIdentifier: p.TargetIdentifier, ReserveFundsTxnRef: "bank-" + ref,
	}
}

// lookupRef is a Transaction Lookup by clientTransactionReference.
func lookupRef(ref string) cl.TransactionLookupParams {
	return cl.TransactionLookupParams{ClientID: 200, ClientTransactionReference: &ref}
}

// raw is a response read in full by a plain net/http client.
type raw = testkit.Raw

// do sends a request with a plain client; body is JSON unless it is a string
// (sent as it is); hdr adds headers, the default credentials unless it sets
// them.
func do(t testing.TB, hc *http.Client, method, url string, body any, hdr map[string]string) (raw, error) {
	t.Helper()
	h := map[string]string{"X-API-Key": fake.DefaultAPIKey, "Authorization": "Bearer " + fake.DefaultAccessToken}
	maps.Copy(h, hdr)
	return testkit.Do(t, hc, method, url, body, h)
}

// plain is a client with no connection reuse.
func plain() *http.Client { return testkit.Plain() }

// decode decodes a JSON body into a map.
func decode(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}
