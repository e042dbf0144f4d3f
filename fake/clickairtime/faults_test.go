package clickairtime_test

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
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

func TestFaultReset(t *testing.T) {
	srv := start(t)
	srv.InjectFaults(fake.OpTopUp, fault.Reset())
	_, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("reset-1"))
	if err == nil {
		t.Fatal("reset: no error")
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("reset: %v, want ECONNRESET", err)
	}
	st := srv.Stats()
	if srv.Charges("reset-1") != 0 || st.Commits != 0 || st.Faults[fault.KindReset] != 1 {
		t.Fatalf("a reset before commit touched the ledger: %+v", st)
	}
	if _, ok := srv.Transaction("reset-1"); ok {
		t.Fatal("transaction written")
	}
}

func TestFaultDropAfterCommit(t *testing.T) {
	srv := start(t)
	srv.InjectFaults(fake.OpTopUp, fault.DropAfterCommit())
	_, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("drop-1"))
	if err == nil {
		t.Fatal("drop: no error")
	}
	if srv.Charges("drop-1") != 1 {
		t.Fatalf("drop after commit: charges %d, want 1", srv.Charges("drop-1"))
	}
	if tx, _ := srv.Transaction("drop-1"); tx.State != fake.StateSuccess {
		t.Fatalf("state %v", tx.State)
	}
	// The resend is answered 90, and the lookup shows the top-up.
	c := client(t, srv)
	_, res, _ := c.TopUp(context.Background(), topUp("drop-1"))
	if res.Entry != ca.TopupDuplicateReference {
		t.Fatalf("resend: %v", res.Entry)
	}
	found, _, err := c.GetTransactions(context.Background(), ca.GetTransactionsParams{ExtRefID: ptr("drop-1")})
	if err != nil || *found.Data[0].State != "SUCCESS" {
		t.Fatalf("lookup: %v %v", found, err)
	}
	if srv.Charges("drop-1") != 1 {
		t.Fatal("charged twice")
	}
}

func TestFaultDropWithGeneratedClient(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	srv.InjectFaults(fake.OpTopUp, fault.DropAfterCommit())
	_, res, err := c.TopUp(context.Background(), topUp("drop-2"))
	if err == nil || res.Status != 0 {
		t.Fatalf("generated client after a drop: %v %v", res, err)
	}
	if srv.Charges("drop-2") != 1 || srv.Stats().ByOp[fake.OpTopUp] != 1 {
		t.Fatalf("charges %d, requests %v (the POST must not be resent)", srv.Charges("drop-2"), srv.Stats().ByOp)
	}
}

func TestFaultTruncatedBody(t *testing.T) {
	srv := start(t)
	srv.InjectFaults(fake.OpTopUp, fault.TruncatedBody())
	r, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("trunc-1"))
	if err != nil {
		t.Fatalf("truncated body must read without error: %v", err)
	}
	if r.Status != 200 || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q", r.Status, r.Header.Get("Content-Type"))
	}
	var v map[string]any
	var syntax *json.SyntaxError
	if err := json.Unmarshal(r.Body, &v); err == nil || !(errors.As(err, &syntax) || strings.Contains(err.Error(), "unexpected end of JSON")) {
		t.Fatalf("decode of %q: %v, want a JSON syntax error", r.Body, err)
	}
	if !strings.HasPrefix(string(r.Body), `{"message":`) {
		t.Errorf("body %q is not the start of the answer", r.Body)
	}
	if srv.Charges("trunc-1") != 1 {
		t.Fatal("a truncated answer is sent after the commit")
	}

	// The generated client classifies it as uncertain.
	c := client0(t, srv)
	srv.InjectFaults(fake.OpTopUp, fault.TruncatedBody())
	_, res, err := c.TopUp(context.Background(), topUp("trunc-2"))
	if !errors.Is(err, codebook.OutcomeUncertain) || res.Entry == ca.TopupSuccess {
		t.Fatalf("generated client: %v %v", res.Entry, err)
	}
}

func TestFaultHTMLProxyError(t *testing.T) {
	srv := start(t)
	srv.InjectFaults(fake.OpTopUp, fault.HTMLProxyError())
	r, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("html-1"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != 502 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.Body), "<h1>502 Bad Gateway</h1>") {
		t.Fatalf("%d %q %q", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if srv.Stats().Commits != 0 {
		t.Fatal("an HTML error before commit touched the ledger")
	}

	c := client0(t, srv)
	srv.InjectFaults(fake.OpTopUp, fault.HTMLProxyError())
	_, res, err := c.TopUp(context.Background(), topUp("html-2"))
	if !errors.Is(err, codebook.OutcomeUncertain) || res.Status != 502 {
		t.Fatalf("generated client: %v %d %v", res.Entry, res.Status, err)
	}

	// A proxy that lost the answer of a processed request.
	f := fault.HTMLProxyError()
	f.Commit = true
	srv.InjectFaults(fake.OpTopUp, f)
	if r, _ := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("html-3")); r.Status != 502 || srv.Charges("html-3") != 1 {
		t.Fatalf("after commit: %d, charges %d", r.Status, srv.Charges("html-3"))
	}
}

func TestFaultUnavailable(t *testing.T) {
	srv := start(t)
	v := spec(t)
	retryDate := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	dated := fault.Unavailable()
	dated.RetryAfterValue = retryDate
	for _, tc := range []struct {
		f    fault.Fault
		want string
	}{
		{fault.Unavailable(), ""},
		{fault.UnavailableRetryAfter(2 * time.Second), "2"},
		{fault.UnavailableRetryAfter(1500 * time.Millisecond), "2"},
		{dated, retryDate},
	} {
		srv.InjectFaults(fake.OpTopUp, tc.f)
		r, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("u-1"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 503 || r.Header.Get("Retry-After") != tc.want {
			t.Errorf("%v: %d Retry-After %q, want 503 %q", tc.f, r.Status, r.Header.Get("Retry-After"), tc.want)
		}
		if _, ok := r.Header["Retry-After"]; ok != (tc.want != "") {
			t.Errorf("%v: Retry-After present %v", tc.f, ok)
		}
		if err := r.Check(v); err != nil {
			t.Errorf("the 503 is documented and must be valid: %v", err)
		}
	}
	if srv.Stats().Commits != 0 || srv.Stats().Faults[fault.KindUnavailable] != 4 {
		t.Fatalf("stats %+v", srv.Stats())
	}
	c := client(t, srv)
	srv.InjectFaults(fake.OpTopUp, fault.UnavailableRetryAfter(3*time.Second))
	_, res, err := c.TopUp(context.Background(), topUp("u-2"))
	if !errors.Is(err, ca.HTTPStatusServiceUnavailable) || res.RetryAfter != 3*time.Second {
		t.Fatalf("generated client: %v %v %v", res.Entry, res.RetryAfter, err)
	}
}

func TestFaultDelay(t *testing.T) {
	srv := start(t)
	hc := plain()
	hc.Timeout = 50 * time.Millisecond

	// Delay: processed, then the answer is held; the client gives up, the
	// top-up happened.
	srv.InjectFaults(fake.OpTopUp, fault.Delay(2*time.Second))
	start := time.Now()
	if _, err := do(t, hc, "POST", srv.URL()+"/adp", topUpBody("slow-1")); err == nil {
		t.Fatal("no timeout")
	}
	if srv.Charges("slow-1") != 1 {
		t.Fatal("a delayed answer is processed first")
	}

	// A delay before processing: the client gives up, nothing happened.
	srv.InjectFaults(fake.OpTopUp, fault.Fault{Kind: fault.KindDelay, Delay: 2 * time.Second})
	if _, err := do(t, hc, "POST", srv.URL()+"/adp", topUpBody("slow-2")); err == nil {
		t.Fatal("no timeout")
	}
	deadline := time.Now().Add(time.Second)
	for srv.Stats().ByOp[fake.OpTopUp] < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	if _, ok := srv.Transaction("slow-2"); ok {
		t.Fatal("a request whose client left during the delay was processed")
	}

	// A short delay is waited out.
	srv.InjectFaults(fake.OpTopUp, fault.Delay(30*time.Millisecond))
	t0 := time.Now()
	r, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("slow-3"))
	if err != nil || r.Status != 200 || time.Since(t0) < 30*time.Millisecond {
		t.Fatalf("short delay: %v %d %v", err, r.Status, time.Since(t0))
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("the held requests were not ended with their clients")
	}
}

func TestCloseEndsDelays(t *testing.T) {
	srv := fake.New()
	srv.InjectFaults(fake.AnyOp, fault.Delay(time.Hour))
	done := make(chan error, 1)
	go func() {
		_, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody("c-1"))
		done <- err
	}()
	for srv.Stats().Requests == 0 {
		time.Sleep(time.Millisecond)
	}
	t0 := time.Now()
	srv.Close()
	srv.Close()
	if d := time.Since(t0); d > 5*time.Second {
		t.Fatalf("Close took %v", d)
	}
	if err := <-done; err == nil {
		t.Error("the held request got an answer")
	}
}

func TestInjectFaultsPerOperation(t *testing.T) {
	srv := start(t)
	c := client0(t, srv)
	ctx := context.Background()
	srv.InjectFaults(fake.OpTopUp, fault.Unavailable(), fault.Unavailable())
	// A lookup in between is not touched.
	if _, res, _ := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("i-1")}); res.Status != 404 {
		t.Fatalf("lookup: %d", res.Status)
	}
	for range 2 {
		if _, res, _ := c.TopUp(ctx, topUp("i-1")); res.Status != 503 {
			t.Fatalf("top-up: %d", res.Status)
		}
	}
	if _, res, err := c.TopUp(ctx, topUp("i-1")); err != nil || res.Entry != ca.TopupSuccess {
		t.Fatalf("third top-up: %v %v", res.Entry, err)
	}
	// AnyOp faults hit whatever comes next.
	srv.InjectFaults(fake.AnyOp, fault.Unavailable())
	if _, res, _ := c.GetBalances(ctx); res.Status != 503 {
		t.Fatalf("balances: %d", res.Status)
	}
	if srv.Charges("i-1") != 1 || srv.Attempts("i-1") != 3 {
		t.Fatalf("charges %d attempts %d", srv.Charges("i-1"), srv.Attempts("i-1"))
	}
}

// client0 is a generated client that does not check the responses (for
// faults, which are not valid under the spec).
func client0(t testing.TB, srv *fake.Server) *ca.Client {
	t.Helper()
	c, err := ca.NewClient(
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRandomFaultsAreSeeded(t *testing.T) {
	rates := fault.Rates{Unavailable: 20, UnavailableRetryAfter: 10, Reset: 10, Drop: 10, Truncate: 10, HTMLProxy: 10, Delay: 10, DelayFor: time.Millisecond}
	run := func(seed uint64) []string {
		srv := start(t, fake.WithFaults(fault.Random[fake.Request](seed, rates)))
		var got []string
		for i := range 40 {
			r, err := do(t, plain(), "POST", srv.URL()+"/adp", topUpBody(fmt.Sprint("s-", i)))
			got = append(got, fmt.Sprintf("%d/%v", r.Status, err != nil))
		}
		return got
	}
	a, b, c := run(7), run(7), run(8)
	if strings.Join(a, " ") != strings.Join(b, " ") {
		t.Errorf("same seed, different faults:\n%v\n%v", a, b)
	}
	if strings.Join(a, " ") == strings.Join(c, " ") {
		t.Errorf("different seeds, same faults: %v", a)
	}
	clean := 0
	for _, s := range a {
		if s == "200/false" {
			clean++
		}
	}
	if clean == 0 || clean == len(a) {
		t.Errorf("%d of %d clean answers at 80%% faults", clean, len(a))
	}
}

// TestReconcilingClientUnderRandomFaults runs many top-ups from several
// goroutines through every kind of fault, with a client that does what the
// docs say (on an unclear answer, look the extRefId up before resending the
// same extRefId), and checks the ledger: every order charged exactly once.
func TestReconcilingClientUnderRandomFaults(t *testing.T) {
	srv := start(t, fake.WithFaults(fault.Random[fake.Request](42, fault.Rates{
		Delay: 5, Unavailable: 5, UnavailableRetryAfter: 5, Reset: 10, Drop: 10, Truncate: 10, HTMLProxy: 5,
		DelayFor: 2 * time.Millisecond,
	})))
	c := client0(t, srv)
	ctx := context.Background()
	const workers, orders = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range orders {
				ref := fmt.Sprintf("o%d-%d", w, i)
				for attempt := 0; ; attempt++ {
					if attempt > 50 {
						t.Errorf("%s: no answer after 50 attempts", ref)
						return
					}
					_, res, err := c.TopUp(ctx, topUp(ref))
					if err == nil || errors.Is(err, ca.TopupDuplicateReference) {
						break
					}
					if res.Class.Outcome == codebook.OutcomeFailed {
						t.Errorf("%s: failed %v", ref, res.Entry)
						return
					}
					// Unclear: look it up first.
					found, _, lerr := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: &ref})
					if lerr == nil && len(found.Data) == 1 {
						break
					}
				}
			}
		})
	}
	wg.Wait()
	st := srv.Stats()
	if st.Commits != workers*orders || st.Charges != workers*orders {
		t.Errorf("commits %d charges %d, want %d", st.Commits, st.Charges, workers*orders)
	}
	for w := range workers {
		for i := range orders {
			if ref := fmt.Sprintf("o%d-%d", w, i); srv.Charges(ref) != 1 {
				t.Errorf("%s charged %d times", ref, srv.Charges(ref))
			}
		}
	}
	if len(st.Faults) < 6 {
		t.Errorf("faults struck: %v", st.Faults)
	}
	t.Logf("requests %d, faults %v, duplicates %d", st.Requests, st.Faults, st.Duplicates)
}
