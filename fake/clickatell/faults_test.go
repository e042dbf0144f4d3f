package clickatell_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
)

// jsonDecode decodes and closes a response body.
func jsonDecode(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

func TestFaults(t *testing.T) {
	srv := start(t)
	url := srv.URL() + "/raas/v4/reserveAndTransact"
	v := spec(t)

	srv.InjectFaults(fake.OpReserveAndTransact, fault.Reset())
	if _, err := do(t, plain(), "POST", url, purchase("f-reset"), nil); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset: %v", err)
	}
	if _, ok := srv.Transaction("f-reset"); ok {
		t.Error("reset wrote the ledger")
	}

	srv.InjectFaults(fake.OpReserveAndTransact, fault.DropAfterCommit())
	if _, err := do(t, plain(), "POST", url, purchase("f-drop"), nil); err == nil {
		t.Error("drop: no error")
	}
	if srv.Charges("f-drop") != 1 {
		t.Error("drop after commit: not charged")
	}

	srv.InjectFaults(fake.OpReserveAndTransact, fault.TruncatedBody())
	r, err := do(t, plain(), "POST", url, purchase("f-trunc"), nil)
	var m map[string]any
	if err != nil || r.Status != 200 || json.Unmarshal(r.Body, &m) == nil {
		t.Errorf("truncated: %v %d %q", err, r.Status, r.Body)
	}

	srv.InjectFaults(fake.OpReserveAndTransact, fault.HTMLProxyError())
	r, err = do(t, plain(), "POST", url, purchase("f-html"), nil)
	if err != nil || r.Status != 502 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("html: %v %d %q", err, r.Status, r.Header)
	}

	srv.InjectFaults(fake.OpReserveAndTransact, fault.Unavailable(), fault.UnavailableRetryAfter(5*time.Second))
	for _, want := range []string{"", "5"} {
		r, err = do(t, plain(), "POST", url, purchase("f-503"), nil)
		if err != nil || r.Status != 503 || r.Header.Get("Retry-After") != want {
			t.Errorf("503: %v %d %q", err, r.Status, r.Header.Get("Retry-After"))
		}
		if err := r.Check(v); err != nil {
			t.Errorf("the 503 must be valid: %v", err)
		}
	}
	for _, ref := range []string{"f-html", "f-503"} {
		if _, ok := srv.Transaction(ref); ok {
			t.Errorf("%s wrote the ledger", ref)
		}
	}
	if got := srv.Stats().Faults; len(got) != 5 || got[fault.KindUnavailable] != 2 {
		t.Errorf("faults %v", got)
	}
}

// TestDropThenResendReplays is the scenario the duplicate rule is for: the
// answer is lost after the purchase was made, the client resends the same
// clientTxnRef, and gets the first answer back without a second charge.
func TestDropThenResendReplays(t *testing.T) {
	srv := start(t)
	c := client0(t, srv)
	ctx := context.Background()
	srv.InjectFaults(fake.OpReserveAndTransact, fault.DropAfterCommit())
	if _, _, err := c.ReserveAndTransact(ctx, v4, purchase("dr-1")); err == nil {
		t.Fatal("no error")
	}
	resp, res, err := c.ReserveAndTransact(ctx, v4, purchase("dr-1"))
	tx, _ := srv.Transaction("dr-1")
	if err != nil || res.Class.Outcome != codebook.OutcomePending || *resp.RaasTxnRef != tx.RaasTxnRef {
		t.Fatalf("resend: %v %v %+v", res.Entry, err, resp)
	}
	if srv.Charges("dr-1") != 1 || srv.Stats().ByOp[fake.OpReserveAndTransact] != 2 {
		t.Fatalf("charges %d, requests %v", srv.Charges("dr-1"), srv.Stats().ByOp)
	}
}

func TestFaultsOnTokenAndLookup(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	srv.InjectFaults(fake.OpGetToken, fault.Unavailable())
	if _, _, err := c.ReserveAndTransact(ctx, v4, purchase("t-1")); err == nil || srv.Stats().Commits != 0 {
		t.Fatalf("token endpoint 503: %v", err)
	}
	if _, res, err := c.ReserveAndTransact(ctx, v4, purchase("t-1")); err != nil {
		t.Fatalf("after the 503: %v %v", res.Entry, err)
	}
	srv.InjectFaults(fake.OpTransactionLookup, fault.Reset())
	c0 := client0(t, srv)
	if _, _, err := c0.TransactionLookup(ctx, lookupRef("t-1")); err == nil {
		t.Fatal("lookup reset: no error")
	}
	if tx, _ := srv.Transaction("t-1"); tx.Lookups != 0 {
		t.Fatal("a reset lookup reached the ledger")
	}
}

func TestRandomFaultsUnderConcurrency(t *testing.T) {
	srv := start(t, fake.WithFaults(fault.Random[fake.Request](3, fault.Rates{
		Unavailable: 10, Reset: 10, Drop: 10, Truncate: 10, HTMLProxy: 10, Delay: 5, DelayFor: time.Millisecond,
	})))
	c := client0(t, srv)
	ctx := context.Background()
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			for i := range 20 {
				ref := fmt.Sprintf("o%d-%d", w, i)
				for attempt := 0; attempt < 60; attempt++ {
					// Look up first (the docs' advice), then purchase.
					if _, res, _ := c.TransactionLookup(ctx, lookupRef(ref)); res.Status == 200 {
						break
					}
					if _, _, err := c.ReserveAndTransact(ctx, v4, purchase(ref)); err == nil {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	st := srv.Stats()
	if st.Commits != 120 || st.Charges != 120 {
		t.Fatalf("commits %d charges %d, want 120", st.Commits, st.Charges)
	}
	for _, tx := range srv.Transactions() {
		if srv.Charges(tx.ClientTxnRef) != 1 {
			t.Errorf("%s charged %d times", tx.ClientTxnRef, srv.Charges(tx.ClientTxnRef))
		}
	}
	t.Logf("requests %d, faults %v, duplicates %d", st.Requests, st.Faults, st.Duplicates)
}
