package faultsuite

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fakeca "github.com/codebookgen/codebook/fake/clickairtime"
	fakecl "github.com/codebookgen/codebook/fake/clickatell"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
	cbtransport "github.com/codebookgen/codebook/transport"
)

// redirectTarget counts what reaches the place a redirect points to.
type redirectTarget struct {
	mu          sync.Mutex
	requests    int
	bodies      int // requests with a body
	credentials int // requests carrying a credential header
}

var credentialHeaders = []string{"X-Click-Airtime-Email", "X-Click-Airtime-Token", "X-API-Key", "Authorization", "Cookie"}

func (rt *redirectTarget) record(r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.requests++
	if len(body) > 0 {
		rt.bodies++
	}
	for _, h := range credentialHeaders {
		if r.Header.Get(h) != "" {
			rt.credentials++
			break
		}
	}
}

// redirectFront stands in front of a fake: it answers the money-moving
// POSTs with a redirect (to another origin, or to /landing on itself) and
// passes everything else (lookups, tokens) to the fake.
type redirectFront struct {
	srv      *httptest.Server
	status   int
	location string // "" for /landing on the front itself
	landing  *redirectTarget
	mu       sync.Mutex
	posts    int // money-moving POSTs answered with the redirect
}

func newRedirectFront(t *testing.T, fakeURL string, landing *redirectTarget) *redirectFront {
	t.Helper()
	u, err := url.Parse(fakeURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	f := &redirectFront{landing: landing}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/landing":
			landing.record(r)
			w.WriteHeader(http.StatusOK)
		case r.Method == http.MethodPost && (r.URL.Path == "/adp" || purchasePath(r.URL.Path)):
			_, _ = io.Copy(io.Discard, r.Body)
			f.mu.Lock()
			f.posts++
			status, loc := f.status, f.location
			f.mu.Unlock()
			if loc == "" {
				loc = f.srv.URL + "/landing"
			}
			http.Redirect(w, r, loc, status)
		default:
			proxy.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func purchasePath(p string) bool {
	return p == "/raas/v4/transact" || p == "/raas/v4/reserveAndTransact"
}

// redirectSettle is the Settle of the transactions of TestRedirectsOnPOST:
// the fronts answer every money-moving POST themselves and pass none to the
// fakes, so nothing is ever recorded late (or at all) and any settle time
// is true; 1 ms keeps the lookups before each resend quick.
const redirectSettle = time.Millisecond

// TestRedirectsOnPOST answers every money-moving call (Click Airtime
// top-up, Clickatell Transact and Reserve and Transact) with 301, 302,
// 303, 307 and 308, pointing to a server of another origin and to another
// path of the same server, through a plain http.Client (Go's default
// redirect policy) and transport.SafeHTTPClient, via Execute (which looks
// the transaction up and resends it while the lookup finds nothing, after
// Clickatell's In-Flight Transaction Check, which the fronts pass on). The
// targets count what reaches them: no request, no body, no credential. A
// redirect is no answer: the outcome must be uncertain, never success or
// failed, and nothing is charged.
func TestRedirectsOnPOST(t *testing.T) {
	other := &redirectTarget{}
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.record(r)
		w.WriteHeader(http.StatusOK)
	}))
	defer otherSrv.Close()
	same := &redirectTarget{}

	srvCA := fakeca.New()
	defer srvCA.Close()
	srvCL := fakecl.New()
	defer srvCL.Close()
	frontCA := newRedirectFront(t, srvCA.URL(), same)
	frontCL := newRedirectFront(t, srvCL.URL(), same)

	// A budget that never runs out: every call resends as often as the
	// policy allows, each resend a new chance to follow a redirect.
	eng := engine.NewEngine(engine.Policy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, Deadline: 5 * time.Second,
		Budget: engine.NewRetryBudget(1, 1000)})
	var journal cbjournal.Memory
	ctx := context.Background()
	httpClients := map[string]func() *http.Client{
		"net/http default": func() *http.Client { return &http.Client{Timeout: 5 * time.Second} },
		"SafeHTTPClient":   func() *http.Client { return cbtransport.SafeHTTPClient(5 * time.Second) },
	}
	outcomes := map[string]int{}
	calls, sends := 0, 0
	for hcName, hc := range httpClients {
		ccA, err := ca.NewClient(ca.WithBaseURL(frontCA.srv.URL), ca.WithHTTPClient(hc()),
			ca.WithClickAirtimeEmail(codebook.NewSecret(fakeca.DefaultEmail)), ca.WithClickAirtimeToken(codebook.NewSecret(fakeca.DefaultToken)))
		if err != nil {
			t.Fatal(err)
		}
		ccL, err := cl.NewClient(cl.WithBaseURL(frontCL.srv.URL), cl.WithHTTPClient(hc()),
			cl.WithAPIKey(codebook.NewSecret(fakecl.DefaultAPIKey)), cl.WithClickatellOAuthClientCredentials(cl.ClientCredentials{
				TokenURL: frontCL.srv.URL + fakecl.TokenPath, ClientID: fakecl.DefaultClientID, ClientSecret: codebook.NewSecret(fakecl.DefaultClientSecret),
			}))
		if err != nil {
			t.Fatal(err)
		}
		ops := []struct {
			name  string
			front *redirectFront
			run   func() (codebook.Class, int, error)
		}{
			{"clickairtime TopUp", frontCA, func() (codebook.Class, int, error) {
				tx := ccA.TopUpTransaction(ca.TopUpRequest{MSISDN: "263770000002", Amount: ptr(1.0)}, ca.GetTransactionsParams{}, &journal)
				tx.Settle = redirectSettle
				s, err := engine.Execute(ctx, eng, tx)
				return s.Class, s.Attempts, err
			}},
			{"clickatell Transact", frontCL, func() (codebook.Class, int, error) {
				s, err := engine.Execute(ctx, eng, clTransactTx(ccL, transactBody(1, "27821234567"), redirectSettle, &journal))
				return s.Class, s.Attempts, err
			}},
			{"clickatell ReserveAndTransact", frontCL, func() (codebook.Class, int, error) {
				s, err := engine.Execute(ctx, eng, clReserveTx(ccL, reserveBody(1, "27821234567"), redirectSettle, &journal))
				return s.Class, s.Attempts, err
			}},
		}
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			for _, where := range []string{otherSrv.URL + "/adp", ""} {
				for _, op := range ops {
					op.front.mu.Lock()
					op.front.status, op.front.location = status, where
					op.front.mu.Unlock()
					class, attempts, err := op.run()
					calls++
					sends += attempts
					outcomes[class.Outcome.String()]++
					var te *engine.TransactionError
					if err == nil || !errors.As(err, &te) || !te.Reconcile() {
						t.Errorf("%s via %s, %d to %q: outcome %s (%v); a redirect must leave it uncertain", op.name, hcName, status, where, class, err)
					}
				}
			}
		}
	}
	answered := frontCA.posts + frontCL.posts
	followed := other.requests + same.requests
	charges := srvCA.Stats().Charges + srvCL.Stats().Charges
	figures(t, "redirects on POST: statuses=301,302,303,307,308 targets=other-origin,same-origin http_clients=%d calls=%d "+
		"sends=%d posts_answered_3xx=%d followed=%d bodies_at_target=%d credentials_at_target=%d charges=%d outcomes=%s",
		len(httpClients), calls, sends, answered, followed, other.bodies+same.bodies, other.credentials+same.credentials, charges, kinds(stringKeys(outcomes)))
	if followed != 0 || other.bodies+same.bodies != 0 || other.credentials+same.credentials != 0 || charges != 0 {
		t.Errorf("followed %d, bodies %d, credentials %d at the targets, charges %d: all must be 0",
			followed, other.bodies+same.bodies, other.credentials+same.credentials, charges)
	}
	if answered != sends {
		t.Errorf("the fronts answered %d POSTs with a redirect, the engine made %d sends", answered, sends)
	}
	if answered < calls {
		t.Errorf("only %d POSTs reached the fronts for %d calls", answered, calls)
	}

	// Control: a POST of net/http itself, with a credential header, follows
	// a 307 to the other origin with its body (Go drops Authorization and
	// Cookie across origins, not custom headers).
	other.mu.Lock()
	other.requests, other.bodies, other.credentials = 0, 0, 0
	other.mu.Unlock()
	frontCA.status, frontCA.location = http.StatusTemporaryRedirect, otherSrv.URL+"/adp"
	req, _ := http.NewRequest(http.MethodPost, frontCA.srv.URL+"/adp", strings.NewReader(`{"msisdn":"263770000002","amount":1}`))
	req.Header.Set("X-Click-Airtime-Token", fakeca.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	figures(t, "redirects control, net/http POST with a 307: followed=%d bodies_at_target=%d credentials_at_target=%d (must be > 0)",
		other.requests, other.bodies, other.credentials)
	if other.requests == 0 || other.bodies == 0 || other.credentials == 0 {
		t.Error("net/http itself did not follow the redirect: the test would prove nothing")
	}
}
