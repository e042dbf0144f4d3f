package faultsuite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fakeca "github.com/codebookgen/codebook/fake/clickairtime"
	fakecl "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// The planted credentials: each is unique text that must never appear in
// anything a program prints.
const (
	canaryEmail        = "canary-email-7f3a@example.com"
	canaryToken        = "canary-airtime-token-5d1e9b"
	canaryWrongToken   = "canary-mistyped-token-0c44"
	canaryAPIKey       = "canary-api-key-81b6f2"
	canaryClientSecret = "canary-client-secret-2e97"
	canaryStaticBearer = "canary-static-bearer-a3c1"
	canaryWrongSecret  = "canary-mistyped-secret-77d0"
)

// canaryPhone is the planted phone number of order i of provider p (2:
// Click Airtime recipient, 7: Clickatell buyer, 8: Clickatell recipient):
// digits no log line holds by chance.
func canaryPhone(p, i int) string { return fmt.Sprintf("26%d7867530%04d", p, i) }

// leaks gathers every text a canary could leak into.
type leaks struct {
	mu       sync.Mutex
	texts    []string
	errs     int
	panics   []any
	canaries map[string]bool
	carried  map[string]bool // canaries seen leaving in a request: the check is not vacuous
	log      sink            // every slog record, clients' and callers'
}

func newLeaks() *leaks {
	return &leaks{canaries: map[string]bool{}, carried: map[string]bool{}}
}

func (l *leaks) plant(cs ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range cs {
		l.canaries[c] = true
	}
}

// logger returns a debug-level logger writing JSON (or text) into the
// check.
func (l *leaks) logger(json bool) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	if json {
		return slog.New(slog.NewJSONHandler(&l.log, opts))
	}
	return slog.New(slog.NewTextHandler(&l.log, opts))
}

// hook records the canaries a request carries in its headers: they did
// reach the provider.
func (l *leaks) hook(req *http.Request) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.canaries {
		for _, vs := range req.Header {
			for _, v := range vs {
				if strings.Contains(v, c) {
					l.carried[c] = true
				}
			}
		}
	}
	if tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); ok && tok != "" {
		// A token the fake issued: a credential too.
		l.canaries[tok] = true
		l.carried[tok] = true
	}
	return nil
}

// err records an error the way callers print and log it: every verb, and
// each error of its chain.
func (l *leaks) err(logger *slog.Logger, what string, err error) {
	if err == nil {
		return
	}
	l.mu.Lock()
	l.errs++
	for e := err; e != nil; e = errors.Unwrap(e) {
		l.texts = append(l.texts, e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), fmt.Sprintf("%q", e), fmt.Sprintf("%s", e))
	}
	l.mu.Unlock()
	logger.Error("call failed", "what", what, "err", err)
}

// guard runs f, recording a panic's value.
func (l *leaks) guard(f func()) {
	defer func() {
		if v := recover(); v != nil {
			l.mu.Lock()
			l.panics = append(l.panics, v)
			l.texts = append(l.texts, fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v))
			l.mu.Unlock()
		}
	}()
	f()
}

// count returns the occurrences of every canary in everything gathered,
// how many bytes were searched, and the first few leaks.
func (l *leaks) count() (occurrences, searched int, samples []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	all := append([]string{l.log.String()}, l.texts...)
	for _, text := range all {
		searched += len(text)
		for c := range l.canaries {
			if n := strings.Count(text, c); n > 0 {
				occurrences += n
				if len(samples) < 10 {
					samples = append(samples, fmt.Sprintf("canary %q leaks into: %.300s", c, text))
				}
			}
		}
	}
	return occurrences, searched, samples
}

// canarySettle is the Settle of TestCanaries' transactions: its fakes take
// no freedom (they write the ledger before they answer and their lookups do
// not lag), so the settle time of a fake without freedoms is true of them.
var canarySettle = freedoms{}.settle()

// TestCanaries plants canary credentials (Click Airtime email and token,
// Clickatell API key, client secret, static bearer token, the tokens the
// fake issues, and mistyped ones) and canary phone numbers (every
// recipient and buyer), runs top-ups and purchases through Execute and
// Wait under mixed faults, with wrong credentials, and against a server
// that is gone, and counts the canaries in the clients' debug logs
// (WithLogger), the callers' logs of every outcome (slog JSON and text),
// every error printed with %v, %+v, %#v, %q and %s (the whole chain), and
// panic values. The engine has no logger of its own: what it returns is
// what it could leak, and it is all checked.
func TestCanaries(t *testing.T) {
	const perProvider = 300
	l := newLeaks()
	l.plant(canaryEmail, canaryToken, canaryWrongToken, canaryAPIKey, canaryClientSecret, canaryStaticBearer, canaryWrongSecret)
	for i := range perProvider {
		l.plant(canaryPhone(2, i), canaryPhone(7, i), canaryPhone(8, i))
	}
	jsonLog, textLog := l.logger(true), l.logger(false)
	ctx := context.Background()
	eng := engine.NewEngine(mixedPolicy())
	var journal cbjournal.Memory

	// Click Airtime, with the mixed faults and answers.
	srvCA := fakeca.New(fakeca.WithCredentials(canaryEmail, canaryToken),
		fakeca.WithFaults(fault.Random[fakeca.Request](31, mixedRates)), fakeca.WithScript(caScript(32)))
	defer srvCA.Close()
	caClient := func(base, token string) *ca.Client {
		c, err := ca.NewClient(ca.WithBaseURL(base), ca.WithHTTPClient(httpClient()),
			ca.WithClickAirtimeEmail(codebook.NewSecret(canaryEmail)), ca.WithClickAirtimeToken(codebook.NewSecret(token)),
			ca.WithLogger(jsonLog), ca.WithRequestHook(l.hook))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Clickatell: client credentials, and a static bearer token.
	srvCL := fakecl.New(fakecl.WithAPIKey(canaryAPIKey), fakecl.WithClientCredentials(fakecl.DefaultClientID, canaryClientSecret),
		fakecl.WithAccessToken(canaryStaticBearer),
		fakecl.WithFaults(fault.Random[fakecl.Request](33, mixedRates)), fakecl.WithScript(clScript(34)))
	defer srvCL.Close()
	clOAuth := func(base, secret string) *cl.Client {
		c, err := cl.NewClient(cl.WithBaseURL(base), cl.WithHTTPClient(httpClient()), cl.WithAPIKey(codebook.NewSecret(canaryAPIKey)),
			cl.WithClickatellOAuthClientCredentials(cl.ClientCredentials{TokenURL: base + fakecl.TokenPath, ClientID: fakecl.DefaultClientID, ClientSecret: codebook.NewSecret(secret)}),
			cl.WithLogger(jsonLog), cl.WithRequestHook(l.hook))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	clStatic, err := cl.NewClient(cl.WithBaseURL(srvCL.URL()), cl.WithHTTPClient(httpClient()), cl.WithAPIKey(codebook.NewSecret(canaryAPIKey)),
		cl.WithBearerAuth(codebook.NewSecret(canaryStaticBearer)), cl.WithLogger(textLog), cl.WithRequestHook(l.hook))
	if err != nil {
		t.Fatal(err)
	}

	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()

	type client struct {
		name string
		run  func(i int) (string, error) // one order: its reference and the caller's error
	}
	runCA := func(c *ca.Client) func(int) (string, error) {
		return func(i int) (string, error) {
			tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: canaryPhone(2, i), Amount: ptr(1.0)}, ca.GetTransactionsParams{MSISDN: ptr(canaryPhone(2, i))}, &journal)
			tx.Settle = canarySettle
			return caller(ctx, eng, tx, l, jsonLog)
		}
	}
	runCL := func(c *cl.Client) func(int) (string, error) {
		return func(i int) (string, error) {
			body := transactBody(i, canaryPhone(7, i))
			body.TargetIdentifier = ptr(canaryPhone(8, i))
			if i%2 == 0 {
				return caller(ctx, eng, clTransactTx(c, body, canarySettle, &journal), l, textLog)
			}
			rb := reserveBody(i, canaryPhone(7, i))
			rb.TargetIdentifier = ptr(canaryPhone(8, i))
			return caller(ctx, eng, clReserveTx(c, rb, canarySettle, &journal), l, textLog)
		}
	}
	clients := []client{
		{"clickairtime", runCA(caClient(srvCA.URL(), canaryToken))},
		{"clickairtime wrong token", runCA(caClient(srvCA.URL(), canaryWrongToken))},
		{"clickairtime no server", runCA(caClient(gone.URL, canaryToken))},
		{"clickatell oauth", runCL(clOAuth(srvCL.URL(), canaryClientSecret))},
		{"clickatell static bearer", runCL(clStatic)},
		{"clickatell wrong secret", runCL(clOAuth(srvCL.URL(), canaryWrongSecret))},
		{"clickatell no server", runCL(clOAuth(gone.URL, canaryClientSecret))},
	}
	calls := 0
	for _, c := range clients {
		n := perProvider
		if strings.Contains(c.name, "wrong") || strings.Contains(c.name, "no server") {
			n = 20
		}
		var wg sync.WaitGroup
		for i := range n {
			calls++
			wg.Go(func() {
				l.guard(func() {
					ref, err := c.run(i)
					jsonLog.Info("order done", "client", c.name, "ref", ref, "ok", err == nil)
				})
			})
		}
		wg.Wait()
	}

	for _, c := range []string{canaryEmail, canaryToken, canaryWrongToken, canaryAPIKey, canaryStaticBearer} {
		if !l.carried[c] {
			t.Errorf("canary %q never left in a request: the check would prove nothing", c)
		}
	}
	// The client secret travels to the token endpoint in the body or basic
	// auth, and the phone numbers in bodies: the ledgers show they arrived.
	if srvCL.Stats().TokensIssued == 0 {
		t.Error("the fake issued no token: the client secret never reached it")
	}
	phones := 0
	for _, tx := range srvCA.Transactions() {
		if l.canaries[tx.MSISDN] {
			phones++
		}
	}
	for _, tx := range srvCL.Transactions() {
		if l.canaries[tx.SourceIdentifier] && l.canaries[tx.TargetIdentifier] {
			phones++
		}
	}
	if phones == 0 {
		t.Error("no canary phone number reached a ledger: the check would prove nothing")
	}
	occurrences, searched, samples := l.count()
	for _, s := range samples {
		t.Error(s)
	}
	figures(t, "canaries: planted=%d (credentials %d incl. issued tokens, phone numbers %d) orders=%d errors_checked=%d "+
		"bytes_searched=%d log_bytes=%d panics=%d occurrences=%d",
		len(l.canaries), len(l.canaries)-3*perProvider, 3*perProvider, calls, l.errs, searched, len(l.log.String()), len(l.panics), occurrences)
	if occurrences != 0 || len(l.panics) != 0 {
		t.Errorf("%d canary occurrences, %d panics: both must be 0", occurrences, len(l.panics))
	}
	if l.errs == 0 || len(l.log.String()) == 0 {
		t.Error("no error and no log line checked: the check would prove nothing")
	}
}

// TestCanaryCountFindsALeak is the control of TestCanaries: a canary put
// into an error, a log line and a panic is counted in each.
func TestCanaryCountFindsALeak(t *testing.T) {
	l := newLeaks()
	l.plant("canary-control-91f0")
	logger := l.logger(true)
	l.err(logger, "control", fmt.Errorf("wrapped: %w", errors.New("token canary-control-91f0 refused")))
	l.guard(func() { panic("canary-control-91f0") })
	n, _, _ := l.count()
	// In the error's chain, the log line and the panic value.
	if n < 3 {
		t.Errorf("the control canary was counted %d times", n)
	}
	figures(t, "canaries control: planted=1 occurrences=%d (must be > 0)", n)
}

// caller runs one transaction as a careful program does, logging what it
// learns, and records every error it meets.
func caller[S, L any](ctx context.Context, eng *engine.Engine, tx engine.Transaction[S, L], l *leaks, logger *slog.Logger) (string, error) {
	s, err := engine.Execute(ctx, eng, tx)
	l.err(logger, "execute", err)
	logger.Info("executed", "ref", s.Reference, "class", s.Class, "attempts", s.Attempts, "lookups", s.Lookups, "retry_after", s.RetryAfter)
	var te *engine.TransactionError
	if errors.As(err, &te) && te.Reconcile() && tx.Lookup != nil {
		wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		lk, werr := engine.Wait(wctx, eng, s.Reference, tx.Lookup)
		l.err(logger, "wait", werr)
		logger.Info("waited", "ref", s.Reference, "state", lk.State, "class", lk.Class)
		// And the lookup itself, as a reconciler calls it.
		_, lerr := tx.Lookup(ctx, s.Reference)
		l.err(logger, "lookup", lerr)
		err = werr
	}
	return s.Reference, err
}
