package oapi_test

// Runtime tests of issue 9 (items 2, 8, 9 and 11) against the generated
// clients: what the engine's wire probe learns from a call that never
// left, what a hostile gzip answer costs, that no credential prints, and
// that a token the API refused is dropped.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/transport"
)

// airServer is a Click Airtime stand-in that answers every top-up with
// code 1 and counts top-ups and lookups.
type airServer struct {
	*httptest.Server
	topups, lookups atomic.Int32
}

func newAirServer(t *testing.T) *airServer {
	s := &airServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/adp":
			s.topups.Add(1)
			_, _ = fmt.Fprint(w, `{"code":1,"statusCode":200,"message":"Top-up successful! Airtime has been successfully topped up","data":{}}`)
		default:
			s.lookups.Add(1)
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprint(w, `{"message":"No transactions found"}`)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// fastEngine retries at once and gives up within a few seconds.
func fastEngine() *engine.Engine {
	return engine.NewEngine(engine.Policy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, Deadline: 3 * time.Second})
}

// TestCodebookUnsentIsRecordedForTheEngine (issue 9, item 2): every way a
// generated call fails before the HTTP client's Do (the request cannot be
// built, its credentials fail, a request hook refuses it, the context is
// already done) tells the engine's wire probe that nothing was sent, so
// the engine sends again at once instead of treating the first attempt as
// possibly charged (a lookup, a settle time, an unsettled order).
func TestCodebookUnsentIsRecordedForTheEngine(t *testing.T) {
	cases := []struct {
		name  string
		first func(t *testing.T, srv *airServer, ctx context.Context, ref string) (codebook.Classified, error)
	}{
		{"request could not be built", func(t *testing.T, srv *airServer, ctx context.Context, _ string) (codebook.Classified, error) {
			c := airClient(t, srv.URL)
			_, rr, err := c.GetBalance(ctx, clickairtime.GetBalanceParams{}) // empty path parameter
			return rr, err
		}},
		{"request hook refused", func(t *testing.T, srv *airServer, ctx context.Context, ref string) (codebook.Classified, error) {
			c := airClient(t, srv.URL, clickairtime.WithRequestHook(func(*http.Request) error { return errors.New("not now") }))
			_, rr, err := c.TopUp(transport.WithMoneyMoving(ctx), clickairtime.TopUpRequest{MSISDN: "263719545499", ExtRefID: &ref})
			return rr, err
		}},
		{"context already done", func(t *testing.T, srv *airServer, ctx context.Context, ref string) (codebook.Classified, error) {
			c := airClient(t, srv.URL)
			done, cancel := context.WithCancel(ctx)
			cancel()
			_, rr, err := c.TopUp(transport.WithMoneyMoving(done), clickairtime.TopUpRequest{MSISDN: "263719545499", ExtRefID: &ref})
			return rr, err
		}},
		{"credentials failed", func(t *testing.T, srv *airServer, ctx context.Context, _ string) (codebook.Classified, error) {
			tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusInternalServerError) }))
			defer tokens.Close()
			c, err := clickatell.NewClient(clickatell.WithBaseURL(srv.URL), clickatell.WithAPIKey(codebook.NewSecret("k")),
				clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{TokenURL: tokens.URL, ClientID: "200", ClientSecret: codebook.NewSecret("s")}))
			if err != nil {
				t.Fatal(err)
			}
			_, rr, err := c.Transact(transport.WithMoneyMoving(ctx), clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV4}, clickatell.TransactRequest{ClientTxnRef: "ref-1", ReserveFundsTxnRef: "res-1"})
			return rr, err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAirServer(t)
			c := airClient(t, srv.URL)
			tx := c.TopUpTransaction(clickairtime.TopUpRequest{MSISDN: "263719545499"}, clickairtime.GetTransactionsParams{}, &journal.Memory{})
			send, n := tx.Send, 0
			tx.Send = func(ctx context.Context, ref string, body []byte) (*clickairtime.TopUpResponse, codebook.Classified, error) {
				if n++; n == 1 {
					rr, err := tc.first(t, srv, ctx, ref)
					if err == nil {
						t.Fatal("the first attempt did not fail")
					}
					return nil, rr, err
				}
				return send(ctx, ref, body)
			}
			s, err := engine.Execute(context.Background(), fastEngine(), tx)
			if err != nil || s.Class.Outcome != codebook.OutcomeSuccess {
				t.Errorf("Execute: %v, outcome %v; want success", err, s.Class.Outcome)
			}
			if s.Attempts != 2 || srv.topups.Load() != 1 || srv.lookups.Load() != 0 || s.WireSends != 1 {
				t.Errorf("%d attempts, %d top-ups, %d lookups, %d wire sends; want 2 attempts (the first known unsent), 1 top-up, no lookup, 1 wire send",
					s.Attempts, srv.topups.Load(), srv.lookups.Load(), s.WireSends)
			}
		})
	}
}

// airClient returns a Click Airtime client with credentials, calling base.
func airClient(t *testing.T, base string, opts ...clickairtime.Option) *clickairtime.Client {
	t.Helper()
	c, err := clickairtime.NewClient(append([]clickairtime.Option{clickairtime.WithBaseURL(base),
		clickairtime.WithClickAirtimeEmail(codebook.NewSecret("e")), clickairtime.WithClickAirtimeToken(codebook.NewSecret("t"))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCodebookRejectedTokenIsDropped (issue 9, item 11): the API revokes a
// token it issued. The client drops it on the first 401 and fetches a new
// one for the next call, instead of being refused until the token expires.
// A money-moving call met by the 401 is not sent again by the client (its
// 401 is its result); a lookup, safe to repeat, is sent once more at once.
func TestCodebookRejectedTokenIsDropped(t *testing.T) {
	var mu sync.Mutex
	issued := 0
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		issued++
		_, _ = fmt.Fprintf(w, `{"access_token":"tok-%d","expires_in":300}`, issued)
	}))
	defer tokens.Close()
	revoked := map[string]bool{"Bearer tok-1": true}
	var seen []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		auth := r.Header.Get("Authorization")
		seen = append(seen, r.Method+" "+auth)
		w.Header().Set("Content-Type", "application/json")
		if revoked[auth] {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = fmt.Fprint(w, `{"error":"invalid_token"}`)
			return
		}
		if r.Method == http.MethodPost {
			_, _ = fmt.Fprint(w, `{"responseCode":"0000","responseMessage":"Processing request"}`)
			return
		}
		_, _ = fmt.Fprint(w, `{"responseCode":"0000","responseMessage":"Transaction processing"}`)
	}))
	defer api.Close()
	c, err := clickatell.NewClient(clickatell.WithBaseURL(api.URL), clickatell.WithAPIKey(codebook.NewSecret("k")),
		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{TokenURL: tokens.URL, ClientID: "200", ClientSecret: codebook.NewSecret("s")}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_, rr, _ := transact(ctx, c)
	if rr.Status != http.StatusUnauthorized {
		t.Fatalf("money-moving call with a revoked token: status %d, want its 401", rr.Status)
	}
	for i := 0; i < 3; i++ {
		if _, rr, _ := transact(ctx, c); rr.Status != http.StatusOK {
			t.Errorf("transact %d after the 401: status %d, want 200 with a new token", i, rr.Status)
		}
	}
	mu.Lock()
	revoked["Bearer tok-2"] = true
	mu.Unlock()
	if _, rr, _ := lookup(ctx, c); rr.Status != http.StatusOK {
		t.Errorf("lookup with a revoked token: status %d, want 200 after one repeat with a new token", rr.Status)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "POST Bearer tok-1,POST Bearer tok-2,POST Bearer tok-2,POST Bearer tok-2,GET Bearer tok-2,GET Bearer tok-3"
	if got := strings.Join(seen, ","); got != want || issued != 3 {
		t.Errorf("the API saw %s after %d token fetches;\nwant %s after 3", got, issued, want)
	}
}

// TestCodebookSecretsNeverPrint (issue 9, item 9): a credential given to a
// generated client never prints: not from the option value, the client,
// the OAuth2 configuration or a struct holding them in exported and
// unexported fields, whatever the fmt verb or slog handler.
func TestCodebookSecretsNeverPrint(t *testing.T) {
	const canary = "canary-cred-5e1f0a"
	s := codebook.NewSecret(canary)
	air, err := clickairtime.NewClient(clickairtime.WithClickAirtimeEmail(s), clickairtime.WithClickAirtimeToken(s))
	if err != nil {
		t.Fatal(err)
	}
	cc := clickatell.ClientCredentials{ClientID: "200", ClientSecret: s}
	cat, err := clickatell.NewClient(clickatell.WithAPIKey(s), clickatell.WithBearerAuth(s), clickatell.WithClickatellOAuthClientCredentials(cc))
	if err != nil {
		t.Fatal(err)
	}
	type holder struct {
		Air  *clickairtime.Client
		air  clickairtime.Client
		Cat  *clickatell.Client
		cat  clickatell.Client
		CC   clickatell.ClientCredentials
		cc   clickatell.ClientCredentials
		Opt  clickairtime.Option
		key  codebook.Secret
		Key  codebook.Secret
		Keys []codebook.Secret
	}
	h := holder{Air: air, air: *air, Cat: cat, cat: *cat, CC: cc, cc: cc, Opt: clickairtime.WithClickAirtimeToken(s), key: s, Key: s, Keys: []codebook.Secret{s}}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		for _, v := range []any{h, &h, *air, *cat, cc, s} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
	}
	for _, newHandler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		slog.New(newHandler(&buf)).Info("config", "holder", h, "client", air, "cc", cc, "secret", s)
		outs = append(outs, buf.String())
	}
	for _, out := range outs {
		if strings.Contains(out, canary) {
			t.Errorf("a credential printed: %.300s", out)
		}
	}
}

// TestCodebookTokenFetchIsNotTheCallsSend: the OAuth2 token request a
// money-moving call makes first goes out without the call's context
// values, so the engine's wire probe counts one send for the attempt, not
// two (which would put a first attempt in doubt, as if the transport had
// sent the request twice).
func TestCodebookTokenFetchIsNotTheCallsSend(t *testing.T) {
	var fetches, posts atomic.Int32
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fetches.Add(1)
		_, _ = fmt.Fprint(w, `{"access_token":"tok","expires_in":300}`)
	}))
	defer tokens.Close()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		_, _ = fmt.Fprint(w, `{"responseCode":"0000","responseMessage":"Processing request"}`)
	}))
	defer api.Close()
	c, err := clickatell.NewClient(clickatell.WithBaseURL(api.URL), clickatell.WithAPIKey(codebook.NewSecret("k")),
		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{TokenURL: tokens.URL, ClientID: "200", ClientSecret: codebook.NewSecret("s")}))
	if err != nil {
		t.Fatal(err)
	}
	tx := c.TransactTransaction(clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV4},
		clickatell.TransactRequest{ReserveFundsTxnRef: "res-1"}, clickatell.TransactionLookupParams{ClientID: 200}, &journal.Memory{})
	s, err := engine.Execute(context.Background(), fastEngine(), tx)
	if !errors.Is(err, codebook.OutcomePending) {
		t.Errorf("Execute: %v; want pending (0000, processing)", err)
	}
	if s.Attempts != 1 || s.WireSends != 1 || posts.Load() != 1 || fetches.Load() != 1 {
		t.Errorf("%d attempts, %d wire sends, %d POSTs, %d token fetches; want 1 each", s.Attempts, s.WireSends, posts.Load(), fetches.Load())
	}
}
