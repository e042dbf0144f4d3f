package clickairtime_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

// checked sends a request with a plain client, checks the answer against
// the spec and decodes its body.
func checked(t *testing.T, srv *fake.Server, method, path string, body any) (int, map[string]any) {
	t.Helper()
	r, err := do(t, plain(), method, srv.URL()+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(spec(t)); err != nil {
		t.Error(err)
	}
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s: %v", r.Body, err)
	}
	return r.Status, m
}

// send tops up ref and returns the answer's code (-1 for none).
func send(t *testing.T, srv *fake.Server, ref string) float64 {
	t.Helper()
	_, m := checked(t, srv, "POST", "/adp", topUpBody(ref))
	if c, ok := m["code"].(float64); ok {
		return c
	}
	return -1
}

// records looks ref up and returns the status and the records.
func records(t *testing.T, srv *fake.Server, ref string) (int, map[string]any, []map[string]any) {
	t.Helper()
	st, m := checked(t, srv, "GET", "/adp/transactions?extRefId="+url.QueryEscape(ref), nil)
	var out []map[string]any
	data, _ := m["data"].([]any)
	for _, d := range data {
		out = append(out, d.(map[string]any))
	}
	return st, m, out
}

func TestLookupLagSaysNotFoundUntilTheLagPassed(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithLookupLag(30*time.Second))
	if code := send(t, srv, "lag-1"); code != 1 || srv.Charges("lag-1") != 1 {
		t.Fatalf("top-up: code %v, charges %d", code, srv.Charges("lag-1"))
	}
	st, m, _ := records(t, srv, "lag-1")
	if st != http.StatusNotFound || m["message"] != ca.TransactionErrorsNoTransactions.Message() {
		t.Fatalf("lookup right after the charge: %d %v, want the documented 404", st, m)
	}
	clk.Add(29 * time.Second)
	if st, _, _ := records(t, srv, "lag-1"); st != http.StatusNotFound {
		t.Fatalf("lookup within the lag: %d", st)
	}
	clk.Add(time.Second)
	st, _, recs := records(t, srv, "lag-1")
	if st != http.StatusOK || len(recs) != 1 || recs[0]["extRefId"] != "lag-1" || recs[0]["state"] != "SUCCESS" {
		t.Fatalf("lookup after the lag: %d %v", st, recs)
	}
}

func TestDuplicateLagChargesTwiceWithinTheLag(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: time.Minute}))
	for i := range 2 {
		if code := send(t, srv, "dup-1"); code != 1 {
			t.Fatalf("send %d inside the lag: code %v, want 1 (not recognised)", i+1, code)
		}
		clk.Add(10 * time.Second)
	}
	if srv.Charges("dup-1") != 2 {
		t.Fatalf("charges %d, want 2: a double charge", srv.Charges("dup-1"))
	}
	_, _, recs := records(t, srv, "dup-1")
	if len(recs) != 2 || recs[0]["transactionId"] == recs[1]["transactionId"] {
		t.Fatalf("the lookup shows %v, want both charges", recs)
	}
	clk.Add(time.Minute)
	if code := send(t, srv, "dup-1"); code != float64(ca.TopupDuplicateReference.Code()) || srv.Charges("dup-1") != 2 {
		t.Fatalf("after the lag: code %v, charges %d, want 90 and no third charge", code, srv.Charges("dup-1"))
	}
	if st := srv.Stats(); st.Duplicates != 1 || st.Charges != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestNoDuplicateDetectionChargesEverySend(t *testing.T) {
	srv := start(t, fake.WithDuplicateDetection(fake.DuplicateDetection{None: true}))
	for range 3 {
		if code := send(t, srv, "none-1"); code != 1 {
			t.Fatalf("code %v", code)
		}
	}
	if srv.Charges("none-1") != 3 || srv.Balance() != fake.DefaultBalance-15 {
		t.Fatalf("charges %d, balance %v", srv.Charges("none-1"), srv.Balance())
	}
	// The default recognises the resend at once.
	def := start(t)
	send(t, def, "none-1")
	if code := send(t, def, "none-1"); code != 90 || def.Charges("none-1") != 1 {
		t.Fatalf("default: code %v, charges %d", code, def.Charges("none-1"))
	}
}

func TestSlowCommitWritesTheLedgerAfterTheClientGaveUp(t *testing.T) {
	srv := start(t)
	const work = 400 * time.Millisecond
	srv.InjectFaults(fake.OpTopUp, fault.SlowCommit(work))
	c, err := ca.NewClient(
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(&http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 100 * time.Millisecond}),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	if _, _, err := c.TopUp(context.Background(), topUp("slow-1")); err == nil {
		t.Fatal("the client got an answer")
	}
	if srv.Charges("slow-1") != 0 {
		t.Fatal("charged before the end of the processing")
	}
	if st, _, _ := records(t, srv, "slow-1"); st != http.StatusNotFound {
		t.Fatalf("lookup while the provider works: %d, want 404", st)
	}
	for srv.Charges("slow-1") == 0 && time.Since(sent) < 5*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	if srv.Charges("slow-1") != 1 || time.Since(sent) < work {
		t.Fatalf("charges %d after %v", srv.Charges("slow-1"), time.Since(sent))
	}
	if st, _, recs := records(t, srv, "slow-1"); st != http.StatusOK || recs[0]["extRefId"] != "slow-1" {
		t.Fatalf("lookup after the commit: %d %v", st, recs)
	}
	if srv.Stats().Faults[fault.KindSlowCommit] != 1 {
		t.Errorf("faults %v", srv.Stats().Faults)
	}
}

func TestSlowCommitRacesAResend(t *testing.T) {
	srv := start(t, fake.WithDuplicateDetection(fake.DuplicateDetection{None: true}))
	srv.InjectFaults(fake.OpTopUp, fault.SlowCommit(200*time.Millisecond))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = do(t, &http.Client{Timeout: 50 * time.Millisecond}, "POST", srv.URL()+"/adp", topUpBody("race-1"))
	}()
	<-done
	if code := send(t, srv, "race-1"); code != 1 {
		t.Fatalf("resend: %v", code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.Charges("race-1") < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if srv.Charges("race-1") != 2 {
		t.Fatalf("charges %d: the slow send must charge after the resend", srv.Charges("race-1"))
	}
}

func TestOtherRecordsInTheLookup(t *testing.T) {
	srv := start(t)
	send(t, srv, "ours-1")

	srv.InjectFaults(fake.OpGetTransactions, fault.OtherRecordFirst(fake.StateFailed))
	_, _, recs := records(t, srv, "ours-1")
	if len(recs) != 2 || recs[0]["extRefId"] != "other-ours-1" || recs[0]["state"] != "FAILED" ||
		recs[1]["extRefId"] != "ours-1" || recs[1]["state"] != "SUCCESS" {
		t.Fatalf("others first: %v", recs)
	}

	srv.InjectFaults(fake.OpGetTransactions, fault.OtherRecordInstead(fake.StateFailed))
	_, _, recs = records(t, srv, "ours-1")
	if len(recs) != 1 || recs[0]["extRefId"] != "other-ours-1" || recs[0]["state"] != "FAILED" {
		t.Fatalf("others instead: %v", recs)
	}

	// A reference never sent: the other record is the whole answer, a
	// success that never happened to ours.
	srv.InjectFaults(fake.OpGetTransactions, fault.OtherRecordInstead(0))
	st, _, recs := records(t, srv, "never-1")
	if st != http.StatusOK || len(recs) != 1 || recs[0]["extRefId"] != "other-never-1" || recs[0]["state"] != "SUCCESS" {
		t.Fatalf("others for a reference never sent: %d %v", st, recs)
	}
	srv.InjectFaults(fake.OpGetTransactions, fault.OtherRecordFirst(fake.StatePending))
	if st, _, recs := records(t, srv, "never-1"); st != http.StatusOK || len(recs) != 1 || recs[0]["state"] != "PENDING" {
		t.Fatalf("others first for a reference never sent: %d %v", st, recs)
	}

	srv.InjectFaults(fake.OpGetTransactions, fault.OurRecordTwice())
	_, _, recs = records(t, srv, "ours-1")
	if len(recs) != 2 || recs[0]["extRefId"] != "ours-1" || recs[1]["extRefId"] != "ours-1" ||
		recs[0]["state"] != "SUCCESS" || recs[1]["state"] != "FAILED" || recs[0]["transactionId"] == recs[1]["transactionId"] {
		t.Fatalf("ours twice: %v", recs)
	}
	srv.InjectFaults(fake.OpGetTransactions, fault.OurRecordTwice())
	if st, _, _ := records(t, srv, "never-1"); st != http.StatusNotFound {
		t.Fatalf("ours twice, not found: %d", st)
	}

	// The freedoms are one-shot: the next lookup is plain, and the ledger
	// was not touched.
	if _, _, recs := records(t, srv, "ours-1"); len(recs) != 1 || recs[0]["extRefId"] != "ours-1" {
		t.Fatalf("plain lookup: %v", recs)
	}
	if len(srv.Transactions()) != 1 || srv.Charges("ours-1") != 1 {
		t.Fatalf("ledger %v", srv.Transactions())
	}
	// On a top-up a lookup freedom is ignored.
	srv.InjectFaults(fake.OpTopUp, fault.OtherRecordInstead(0))
	if code := send(t, srv, "ours-2"); code != 1 {
		t.Fatalf("top-up under a lookup freedom: %v", code)
	}
}

func TestRefusedResend(t *testing.T) {
	for _, e := range []ca.Entry{ca.TopupLowBalance, ca.TopupInvalidRecipient, ca.TopupBundleFailed} {
		t.Run(e.String(), func(t *testing.T) {
			// A lagging duplicate check: the refusal comes before it, so
			// even inside the lag the resend is not charged.
			srv := start(t, fake.WithRefusedResend(e), fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: time.Hour}))
			if code := send(t, srv, "refused-1"); code != 1 {
				t.Fatalf("first send: %v", code)
			}
			if code := send(t, srv, "refused-1"); code != float64(e.Code()) {
				t.Fatalf("resend: code %v, want %v instead of 90", code, e.Code())
			}
			if srv.Charges("refused-1") != 1 || len(srv.Transactions()) != 1 {
				t.Fatalf("charges %d, transactions %d", srv.Charges("refused-1"), len(srv.Transactions()))
			}
			if tx, _ := srv.Transaction("refused-1"); tx.State != fake.StateSuccess {
				t.Fatalf("the first charge: %+v", tx)
			}
		})
	}
	// A reference never charged is not refused.
	srv := start(t, fake.WithRefusedResend(ca.TopupLowBalance))
	srv.Enqueue(fake.Outcome{Entry: ca.TopupFailed})
	send(t, srv, "failed-1")
	if code := send(t, srv, "failed-1"); code != 90 {
		t.Fatalf("resend of an uncharged reference: %v, want 90", code)
	}
}

func TestNotFoundServerError(t *testing.T) {
	srv := start(t)
	send(t, srv, "nf-1")
	for _, status := range []int{0, http.StatusServiceUnavailable} {
		srv.InjectFaults(fake.OpGetTransactions, fault.NotFoundServerError(status))
		st, m, recs := records(t, srv, "nf-1")
		want := status
		if want == 0 {
			want = http.StatusInternalServerError
		}
		if st != want || m["message"] != ca.TransactionErrorsNoTransactions.Message() || m["statusCode"] != float64(404) || recs != nil {
			t.Fatalf("status %d: %d %v", status, st, m)
		}
	}
	if srv.Stats().Lookups != 0 {
		t.Errorf("the 5xx looked the ledger up: %+v", srv.Stats())
	}
	// On a top-up it is ignored.
	srv.InjectFaults(fake.OpTopUp, fault.NotFoundServerError(0))
	if code := send(t, srv, "nf-2"); code != 1 {
		t.Fatalf("top-up: %v", code)
	}
}
