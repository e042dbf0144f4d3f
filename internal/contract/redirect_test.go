package contract

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/spectest"
)

func TestMoneyMovingCallsDoNotFollowRedirectsClickatell(t *testing.T) {
	runRedirects(t, clickatellProvider, 2)
}

func TestMoneyMovingCallsDoNotFollowRedirectsClickAirtime(t *testing.T) {
	runRedirects(t, clickairtimeProvider, 1)
}

// runRedirects answers every call of an operation that moves money with a
// redirect to another server, which also plays the provider: the call must
// not reach it (a resent payment is a second payment), and must come back as
// an uncertain error carrying the redirect's status.
func runRedirects[T table, E entry[C], C code](t *testing.T, p provider[T, E, C], floor int) {
	doc := loadDoc(t, p.specFile)
	srv := spectest.NewServer(t, doc)
	other := spectest.NewServer(t, loadDoc(t, p.specFile))
	other.Script(func(ex *spectest.Exchange) spectest.Answer {
		t.Errorf("%s: the redirect was followed", ex.Op)
		return spectest.Answer{Status: http.StatusServiceUnavailable, OffSpec: true}
	})
	calls := p.client(t, clientConfig{base: srv.URL})
	ctx := context.Background()
	n := 0
	for _, op := range operations(t, doc) {
		if !op.xc.MoneyMoving {
			continue
		}
		n++
		c := calls[op.id]
		tbl, _ := p.table(op.xc.Table)
		for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			requestID := fmt.Sprintf("req-redirect-%d", status)
			var a spectest.Answer
			srv.Script(func(ex *spectest.Exchange) spectest.Answer {
				h := headerWith("", requestID)
				h.Set("Location", other.URL+ex.Request.URL.RequestURI())
				// Redirects are no documented response: not validated.
				a = spectest.Answer{Status: status, Header: h, OffSpec: true}
				return a
			})
			body, res, err := c(ctx)
			label := fmt.Sprintf("%s: HTTP %d", op.id, status)
			if got := srv.Count(op.id); got == 0 {
				t.Fatalf("%s: the call did not reach the first server", label)
			}
			checkUncertain(t, label, true, false, tbl, reply{status: status}, a, body, res, err)
		}
	}
	if got := other.Count(""); got != 0 {
		t.Errorf("the server redirected to got %d requests, want 0", got)
	}
	t.Logf("%d operations move money; none followed a redirect", n)
	if n < floor {
		t.Errorf("%d operations move money, fewer than %d", n, floor)
	}
}

func TestCrossHostRedirectsCarryNoCredentialClickatell(t *testing.T) {
	runCrossHostRedirects(t, clickatellProvider, 11)
}

func TestCrossHostRedirectsCarryNoCredentialClickAirtime(t *testing.T) {
	runCrossHostRedirects(t, clickairtimeProvider, 6)
}

// runCrossHostRedirects answers every call of an operation that moves no
// money with a redirect to another host (another port of the loopback
// address, and the same port under the name localhost), which also plays
// the provider: net/http would forward it every credential header but
// Authorization and Cookie (the API keys among them), so the client must
// not follow it, and the 3xx comes back as the call's response, uncertain.
// A redirect to the same host is followed: the call gets the answer the
// server gives the second time.
func runCrossHostRedirects[T table, E entry[C], C code](t *testing.T, p provider[T, E, C], floor int) {
	doc := loadDoc(t, p.specFile)
	srv := spectest.NewServer(t, doc)
	other := spectest.NewServer(t, loadDoc(t, p.specFile))
	var leaked []string
	other.Script(func(ex *spectest.Exchange) spectest.Answer {
		for _, vs := range ex.Request.Header {
			for _, v := range vs {
				for _, c := range p.canaries {
					if strings.Contains(v, c) {
						leaked = append(leaked, ex.Op+": "+c)
					}
				}
			}
		}
		t.Errorf("%s: the redirect to another host was followed", ex.Op)
		return spectest.Answer{Status: http.StatusServiceUnavailable, OffSpec: true}
	})
	otherURL, err := url.Parse(other.URL)
	if err != nil {
		t.Fatal(err)
	}
	calls := p.client(t, clientConfig{base: srv.URL})
	ctx := context.Background()
	env := envelopeInfo{envelope: p.envelope}
	n := 0
	for _, op := range operations(t, doc) {
		if op.xc.MoneyMoving {
			continue
		}
		n++
		c := calls[op.id]
		tbl, _ := p.table(op.xc.Table)
		for _, host := range []string{other.URL, "http://localhost:" + otherURL.Port()} {
			for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
				requestID := fmt.Sprintf("req-redirect-%d", status)
				var a spectest.Answer
				srv.Script(func(ex *spectest.Exchange) spectest.Answer {
					h := headerWith("", requestID)
					h.Set("Location", host+ex.Request.URL.RequestURI())
					a = spectest.Answer{Status: status, Header: h, OffSpec: true}
					return a
				})
				before := srv.Count(op.id)
				body, res, err := c(ctx)
				label := fmt.Sprintf("%s: HTTP %d to %s", op.id, status, host)
				if got := srv.Count(op.id) - before; got != 1 {
					t.Errorf("%s: %d requests reached the first server, want 1", label, got)
				}
				checkUncertain(t, label, true, false, tbl, reply{status: status}, a, body, res, err)
			}
		}

		// The same host: followed, to the same URL, once, when the request
		// has no body; transport.SafeHTTPClient, the clients' default,
		// never replays a body to a redirect.
		rep, ok := validReply(op, env)
		if !ok {
			continue
		}
		withBody := op.op.RequestBody != nil
		hops := 0
		srv.Script(func(ex *spectest.Exchange) spectest.Answer {
			hops++
			if hops == 1 {
				h := headerWith("", "req-same-host")
				h.Set("Location", ex.Request.URL.RequestURI())
				return spectest.Answer{Status: http.StatusTemporaryRedirect, Header: h, OffSpec: true}
			}
			return rep.answer("req-after-redirect")
		})
		_, res, _ := c(ctx)
		switch {
		case withBody && (hops != 1 || res.Status != http.StatusTemporaryRedirect):
			t.Errorf("%s: a redirect of a request with a body: %d requests, status %d; want it not followed", op.id, hops, res.Status)
		case !withBody && (hops != 2 || res.Status != http.StatusOK || res.RequestID != "req-after-redirect"):
			t.Errorf("%s: a redirect to the same host: %d requests, status %d, request id %q; want it followed", op.id, hops, res.Status, res.RequestID)
		}
	}
	if got := other.Count(""); got != 0 || len(leaked) != 0 {
		t.Errorf("the other host got %d requests; credentials it saw: %q", got, leaked)
	}
	t.Logf("%d operations move no money; none followed a redirect to another host", n)
	if n < floor {
		t.Errorf("%d operations move no money, fewer than %d", n, floor)
	}
}
