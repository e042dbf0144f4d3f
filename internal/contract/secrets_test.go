package contract

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/spectest"
)

// leakCheck gathers every text a credential could leak into.
type leakCheck struct {
	mu    sync.Mutex
	texts map[string][]string // where → texts
	log   bytes.Buffer        // the client's slog JSON output, and the caller's
}

func newLeakCheck() *leakCheck { return &leakCheck{texts: map[string][]string{}} }

func (l *leakCheck) add(where, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.texts[where] = append(l.texts[where], text)
}

// logger is a debug-level JSON logger writing into the check.
func (l *leakCheck) logger() *slog.Logger {
	return slog.New(slog.NewJSONHandler(&lockedWriter{mu: &l.mu, w: &l.log}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// result records what a call gave back, the way a caller would print or log it.
func (l *leakCheck) result(logger *slog.Logger, label string, res any, err error) {
	if err == nil {
		return
	}
	l.add("err.Error()", err.Error())
	l.add("%v", fmt.Sprintf("%v", err))
	l.add("%+v", fmt.Sprintf("%+v", err))
	l.add("%#v", fmt.Sprintf("%#v", err))
	l.add("Result %+v", fmt.Sprintf("%+v", res))
	logger.Error("call failed", "call", label, "err", err, "result", res)
}

// assertClean fails for every canary found anywhere.
func (l *leakCheck) assertClean(t *testing.T, canaries []string) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.texts["slog JSON"] = []string{l.log.String()}
	if l.log.Len() == 0 {
		t.Error("the logger wrote nothing")
	}
	for where, texts := range l.texts {
		for _, text := range texts {
			for _, c := range canaries {
				if strings.Contains(text, c) {
					t.Errorf("credential %q leaks into %s: %s", c, where, text)
				}
			}
		}
	}
}

func TestCredentialsDoNotLeakClickatell(t *testing.T) {
	runSecrets(t, clickatellProvider)
}

func TestCredentialsDoNotLeakClickAirtime(t *testing.T) {
	runSecrets(t, clickairtimeProvider)
}

// runSecrets makes every call of a client holding canary credentials fail in
// several ways (a documented 401, an unknown code, a proxy's HTML page, no
// server at all) and looks for the canaries in the errors, printed with
// every verb, in the Result, in the client's debug log and a caller's log of
// the error, and in the request URLs the server saw. The server checks they
// did travel, in the headers.
func runSecrets[T table, E entry[C], C code](t *testing.T, p provider[T, E, C]) {
	doc := loadDoc(t, p.specFile)
	srv := spectest.NewServer(t, doc)
	lc := newLeakCheck()
	logger := lc.logger()
	calls := p.client(t, clientConfig{base: srv.URL, logger: logger})
	ctx := context.Background()

	carried := map[string]bool{}
	var answer spectest.Answer
	srv.Script(func(ex *spectest.Exchange) spectest.Answer {
		lc.add("request URL", ex.Request.URL.String())
		lc.add("request URI", ex.Request.RequestURI)
		for _, vs := range ex.Request.Header {
			for _, v := range vs {
				for _, c := range p.canaries {
					if strings.Contains(v, c) {
						carried[c] = true
					}
				}
			}
		}
		return answer
	})

	failures := 0
	for _, op := range operations(t, doc) {
		c := calls[op.id]
		var answers []spectest.Answer
		if rep, reason := buildReply(op, http.StatusUnauthorized, p.envelope, nil, ""); reason == "" {
			answers = append(answers, rep.answer("req-401"))
		}
		if rep, reason := buildReply(op, http.StatusBadRequest, p.envelope, p.unknownCode, ""); reason == "" {
			answers = append(answers, rep.answer("req-unknown"))
		}
		answers = append(answers, spectest.Answer{Status: http.StatusBadGateway, Header: headerWith("text/html", "req-proxy"), Body: []byte(proxyPage), OffSpec: true})
		for i, a := range answers {
			answer = a
			_, res, err := c(ctx)
			if err == nil {
				t.Errorf("%s answer %d: no error", op.id, i)
				continue
			}
			failures++
			lc.result(logger, op.id, res, err)
		}
	}

	// No server at all: the transport's error names the URL it tried.
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	for id, c := range p.client(t, clientConfig{base: gone.URL + "/base", logger: logger}) {
		_, res, err := c(ctx)
		if err == nil {
			t.Errorf("%s: no error without a server", id)
			continue
		}
		failures++
		lc.result(logger, id, res, err)
	}

	for _, c := range p.canaries {
		if !carried[c] {
			t.Errorf("credential %q never reached the server: the check would prove nothing", c)
		}
	}
	t.Logf("%d failed calls checked", failures)
	lc.assertClean(t, p.canaries)
}

// TestCredentialsDoNotLeakClientCredentials checks the OAuth2
// client-credentials flow of the Clickatell client: neither the client
// secret nor the access token it gets may leak, whether the token endpoint
// refuses or the call fails afterwards. The token endpoint is a validating
// server playing the spec's getToken: the token request must be the one it
// documents (form fields client_id, client_secret and grant_type), and the
// secret must travel in its body.
func TestCredentialsDoNotLeakClientCredentials(t *testing.T) {
	const (
		secret = "canary-client-secret-321"
		token  = "canary-access-token-654"
		apiKey = "canary-apikey-123"
	)
	canaries := []string{secret, token, apiKey}
	var (
		mu        sync.Mutex
		refuse    = true
		tokenURLs []string
		sawSecret bool
	)
	tokens := spectest.NewServer(t, loadDoc(t, clickatellProvider.specFile))
	tokens.Script(func(ex *spectest.Exchange) spectest.Answer {
		mu.Lock()
		defer mu.Unlock()
		if ex.Op != "getToken" {
			t.Errorf("the token endpoint got %s", ex.Op)
		}
		tokenURLs = append(tokenURLs, ex.Request.URL.String())
		if form, err := url.ParseQuery(string(ex.Body)); err == nil && form.Get("client_secret") == secret && form.Get("client_id") == "200" {
			sawSecret = true
		}
		h := headerWith("application/json", "req-token")
		if refuse {
			return spectest.Answer{Status: http.StatusBadRequest, Header: h, Body: []byte(`{"error":"unauthorized_client","error_description":"Invalid client secret"}`)}
		}
		return spectest.Answer{Status: http.StatusOK, Header: h, Body: []byte(fmt.Sprintf(`{"access_token":%q,"token_type":"bearer","expires_in":300}`, token))}
	})

	doc := loadDoc(t, clickatellProvider.specFile)
	srv := spectest.NewServer(t, doc)
	lc := newLeakCheck()
	logger := lc.logger()
	sawToken := false
	srv.Script(func(ex *spectest.Exchange) spectest.Answer {
		lc.add("request URL", ex.Request.URL.String())
		if ex.Request.Header.Get("Authorization") == "Bearer "+token {
			sawToken = true
		}
		return spectest.Answer{Status: http.StatusBadGateway, Header: headerWith("text/html", "req-proxy"), Body: []byte(proxyPage), OffSpec: true}
	})
	c, err := clickatell.NewClient(
		clickatell.WithBaseURL(srv.URL),
		clickatell.WithLogger(logger),
		clickatell.WithAPIKey(codebook.NewSecret(apiKey)),
		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{
			TokenURL: tokens.URL + "/auth/realms/UAT-API/protocol/openid-connect/token", ClientID: "200", ClientSecret: codebook.NewSecret(secret),
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	calls := clickatellCalls(c)
	ctx := context.Background()
	for _, id := range []string{"transact", "transactionLookup"} {
		_, res, err := calls[id](ctx)
		if err == nil {
			t.Fatalf("%s: no error though the token endpoint refused", id)
		}
		lc.result(logger, id, res, err)
	}
	mu.Lock()
	refuse = false
	mu.Unlock()
	for _, id := range []string{"transact", "transactionLookup"} {
		_, res, err := calls[id](ctx)
		if err == nil {
			t.Fatalf("%s: no error though the server answered 502", id)
		}
		lc.result(logger, id, res, err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, u := range tokenURLs {
		lc.add("token request URL", u)
	}
	if got := tokens.Count("getToken"); got != 3 {
		t.Errorf("the token endpoint got %d requests, want 3 (two refused, then one token cached)", got)
	}
	if !sawSecret || !sawToken {
		t.Errorf("the client secret reached the token endpoint: %v; the token reached the server: %v", sawSecret, sawToken)
	}
	lc.assertClean(t, canaries)
}
