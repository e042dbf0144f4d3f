package contract

import (
	"context"
	"fmt"
	"net/http"
	"testing"
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
	srv := NewServer(t, doc)
	other := NewServer(t, loadDoc(t, p.specFile))
	other.Script(func(ex *Exchange) Answer {
		t.Errorf("%s: the redirect was followed", ex.Op)
		return Answer{Status: http.StatusServiceUnavailable, OffSpec: true}
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
			var a Answer
			srv.Script(func(ex *Exchange) Answer {
				h := headerWith("", requestID)
				h.Set("Location", other.URL+ex.Request.URL.RequestURI())
				// Redirects are no documented response: not validated.
				a = Answer{Status: status, Header: h, OffSpec: true}
				return a
			})
			body, res, err := c(ctx)
			label := fmt.Sprintf("%s: HTTP %d", op.id, status)
			if got := srv.Count(op.id); got == 0 {
				t.Fatalf("%s: the call did not reach the first server", label)
			}
			checkUncertain(t, label, true, tbl, reply{status: status}, a, body, res, err)
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
