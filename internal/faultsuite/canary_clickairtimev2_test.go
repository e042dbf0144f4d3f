package faultsuite

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	"github.com/codebookgen/codebook/fake/fault"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// The planted V2 API keys (ce_live_ and 32 alphanumerics, as the docs
// shape them): the one the fake accepts, which also signs its webhooks, and
// a mistyped one.
const (
	canaryV2Key      = "ce_live_canaryv2key000000000000000004f1c"
	canaryV2WrongKey = "ce_live_canaryv2mistyped00000000000009a2"
)

// canaryV2Phone is the planted recipient of V2 order i (E.164, digits no
// log line holds by chance).
func canaryV2Phone(i int) string { return fmt.Sprintf("+2399867530%04d", i) }

// TestCanariesClickAirtimeV2 is TestCanaries for V2: the API key (a bearer
// token) and a mistyped one, and every recipient, planted; top-ups run
// through Execute and Wait under the mixed faults and answers, with the
// wrong key, and against a server that is gone; the canaries are counted in
// the client's debug log, the callers' logs, every error in every verb
// with its chain, and panic values.
func TestCanariesClickAirtimeV2(t *testing.T) {
	const perClient = 300
	l := newLeaks()
	l.plant(canaryV2Key, canaryV2WrongKey)
	for i := range perClient {
		l.plant(canaryV2Phone(i))
	}
	jsonLog, textLog := l.logger(true), l.logger(false)
	eng := engine.NewEngine(mixedPolicy())
	var journal cbjournal.Memory
	srv := fake.New(fake.WithAPIKey(canaryV2Key), fake.WithFaults(fault.Random[fake.Request](41, v2Rates)), fake.WithScript(v2Script(42)))
	defer srv.Close()
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	newClient := func(base, key string, json bool) *v2.Client {
		logger := textLog
		if json {
			logger = jsonLog
		}
		c, err := v2.NewClient(v2.WithBaseURL(base), v2.WithHTTPClient(guardedClient()), v2.WithAPIKey(codebook.NewSecret(key)),
			v2.WithLogger(logger), v2.WithRequestHook(l.hook))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	clients := []struct {
		name string
		c    *v2.Client
		n    int
	}{
		{"clickairtimev2", newClient(srv.URL(), canaryV2Key, true), perClient},
		{"clickairtimev2 wrong key", newClient(srv.URL(), canaryV2WrongKey, false), 20},
		{"clickairtimev2 no server", newClient(gone.URL, canaryV2Key, true), 20},
	}
	calls := 0
	for _, c := range clients {
		var wg sync.WaitGroup
		for i := range c.n {
			calls++
			wg.Go(func() {
				l.guard(func() {
					body := v2TopupBody(i)
					body.PhoneNumber = canaryV2Phone(i)
					tx := c.c.CreateTopupTransaction(v2.CreateTopupParams{}, body, v2.ListTopupsParams{PhoneNumber: ptr(canaryV2Phone(i))}, &journal)
					tx.Settle = canarySettle
					ref, err := caller(context.Background(), eng, tx, l, jsonLog)
					jsonLog.Info("order done", "client", c.name, "ref", ref, "ok", err == nil)
				})
			})
		}
		wg.Wait()
	}
	for _, c := range []string{canaryV2Key, canaryV2WrongKey} {
		if !l.carried[c] {
			t.Errorf("canary %q never left in a request: the check would prove nothing", c)
		}
	}
	phones := 0
	for _, tx := range srv.Transactions() {
		if l.canaries[tx.PhoneNumber] {
			phones++
		}
	}
	if phones == 0 {
		t.Error("no canary phone number reached the ledger: the check would prove nothing")
	}
	occurrences, searched, samples := l.count()
	for _, s := range samples {
		t.Error(s)
	}
	figures(t, "canaries clickairtimev2: planted=%d (credentials 2, phone numbers %d) orders=%d phones_in_ledger=%d errors_checked=%d "+
		"bytes_searched=%d log_bytes=%d panics=%d occurrences=%d",
		len(l.canaries), perClient, calls, phones, l.errs, searched, len(l.log.String()), len(l.panics), occurrences)
	if occurrences != 0 || len(l.panics) != 0 {
		t.Errorf("%d canary occurrences, %d panics: both must be 0", occurrences, len(l.panics))
	}
	if l.errs == 0 || len(l.log.String()) == 0 {
		t.Error("no error and no log line checked: the check would prove nothing")
	}
}
