package clickatell_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// checkedDo sends a request with a plain client, checks the answer against
// the spec and decodes it.
func checkedDo(t *testing.T, srv *fake.Server, method, path string, body any) (int, map[string]any) {
	t.Helper()
	r, err := do(t, plain(), method, srv.URL()+path, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(spec(t)); err != nil {
		t.Error(err)
	}
	return r.Status, decode(t, r.Body)
}

// buy sends a Reserve and Transact for ref and returns the answer's body.
func buy(t *testing.T, srv *fake.Server, ref string) map[string]any {
	t.Helper()
	_, m := checkedDo(t, srv, "POST", "/raas/v4/reserveAndTransact", purchase(ref))
	return m
}

// inFlight reports how many pending purchases the In-Flight Transaction
// Check lists for purchase's fields.
func inFlight(t *testing.T, srv *fake.Server) int {
	t.Helper()
	_, m := checkedDo(t, srv, "POST", fake.InFlightPath, map[string]any{
		"sourceIdentifier": "27821234567", "targetIdentifier": "27827654321", "clientId": 200, "productId": 12, "purchaseAmount": 25000,
	})
	txs, _ := m["transactions"].([]any)
	return len(txs)
}

func TestLookupLagSaysNotFoundUntilTheLagPassed(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithLookupLag(time.Minute), fake.WithPending(-1, 0))
	if m := buy(t, srv, "lag-1"); m["responseCode"] != "0000" || srv.Charges("lag-1") != 1 {
		t.Fatalf("purchase: %v, charges %d", m, srv.Charges("lag-1"))
	}
	st, m := lookupRaw(t, srv, "lag-1")
	if st != http.StatusNotFound || m["responseMessage"] != "Client transaction reference ID: ‘lag-1’ not found" {
		t.Fatalf("lookup right after the purchase: %d %v, want the documented 404", st, m)
	}
	if n := inFlight(t, srv); n != 0 {
		t.Fatalf("in-flight check within the lag lists %d", n)
	}
	clk.Add(time.Minute)
	st, m = lookupRaw(t, srv, "lag-1")
	if st != http.StatusOK || m["clientTxnRef"] != "lag-1" || m["transactionStatus"] != "PENDING" {
		t.Fatalf("lookup after the lag: %d %v", st, m)
	}
	if n := inFlight(t, srv); n != 1 {
		t.Fatalf("in-flight check after the lag lists %d", n)
	}
}

func TestDuplicateLagChargesTwiceWithinTheLag(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: time.Minute}))
	first := buy(t, srv, "dup-1")
	clk.Add(30 * time.Second)
	second := buy(t, srv, "dup-1")
	if second["responseCode"] != "0000" || second["raasTxnRef"] == first["raasTxnRef"] || srv.Charges("dup-1") != 2 {
		t.Fatalf("resend inside the lag: %v (first %v), charges %d: want a second purchase", second, first, srv.Charges("dup-1"))
	}
	clk.Add(30 * time.Second)
	third := buy(t, srv, "dup-1")
	if third["raasTxnRef"] != first["raasTxnRef"] || srv.Charges("dup-1") != 2 {
		t.Fatalf("resend after the lag: %v, charges %d: want the first answer replayed", third, srv.Charges("dup-1"))
	}
	if st := srv.Stats(); st.Duplicates != 1 || st.Commits != 2 {
		t.Errorf("stats %+v", st)
	}
	// The lookup shows one record (its body is one object): the first.
	if _, m := lookupRaw(t, srv, "dup-1"); m["raasTxnRef"] != first["raasTxnRef"] {
		t.Errorf("lookup: %v", m)
	}
}

func TestNoDuplicateDetectionChargesEverySend(t *testing.T) {
	srv := start(t, fake.WithDuplicateDetection(fake.DuplicateDetection{None: true}))
	seen := map[any]bool{}
	for range 3 {
		m := buy(t, srv, "none-1")
		if m["responseCode"] != "0000" || seen[m["raasTxnRef"]] {
			t.Fatalf("send: %v", m)
		}
		seen[m["raasTxnRef"]] = true
	}
	if srv.Charges("none-1") != 3 || len(srv.Transactions()) != 3 {
		t.Fatalf("charges %d, transactions %d", srv.Charges("none-1"), len(srv.Transactions()))
	}
	if !srv.Settle("none-1", cl.TransactResultSuccess) {
		t.Fatal("Settle")
	}
	for _, tx := range srv.Transactions() {
		if tx.State != fake.StateSuccess {
			t.Errorf("%s: %v", tx.RaasTxnRef, tx.State)
		}
	}
	// The default replays the first answer and charges once.
	def := start(t)
	first := buy(t, def, "none-1")
	if again := buy(t, def, "none-1"); again["raasTxnRef"] != first["raasTxnRef"] || def.Charges("none-1") != 1 {
		t.Fatalf("default: %v, charges %d", again, def.Charges("none-1"))
	}
}

func TestSlowCommitWritesTheLedgerAfterTheClientGaveUp(t *testing.T) {
	srv := start(t)
	const work = 400 * time.Millisecond
	srv.InjectFaults(fake.OpReserveAndTransact, fault.SlowCommit(work))
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 100 * time.Millisecond}
	sent := time.Now()
	if _, err := do(t, hc, "POST", srv.URL()+"/raas/v4/reserveAndTransact", purchase("slow-1"), nil); err == nil {
		t.Fatal("the client got an answer")
	}
	if srv.Charges("slow-1") != 0 {
		t.Fatal("charged before the end of the processing")
	}
	if st, _ := lookupRaw(t, srv, "slow-1"); st != http.StatusNotFound {
		t.Fatalf("lookup while the provider works: %d, want 404", st)
	}
	for srv.Charges("slow-1") == 0 && time.Since(sent) < 5*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	if srv.Charges("slow-1") != 1 || time.Since(sent) < work {
		t.Fatalf("charges %d after %v", srv.Charges("slow-1"), time.Since(sent))
	}
	if st, m := lookupRaw(t, srv, "slow-1"); st != http.StatusOK || m["clientTxnRef"] != "slow-1" {
		t.Fatalf("lookup after the commit: %d %v", st, m)
	}
}

func TestOtherRecordsInTheLookup(t *testing.T) {
	srv := start(t, fake.WithPending(0, 0))
	ours := buy(t, srv, "ours-1")
	for _, f := range []fault.Fault{fault.OtherRecordFirst(fake.StateFailed), fault.OtherRecordInstead(fake.StateFailed)} {
		srv.InjectFaults(fake.OpTransactionLookup, f)
		st, m := lookupRaw(t, srv, "ours-1")
		if st != http.StatusOK || m["clientTxnRef"] != "other-ours-1" || m["transactionStatus"] != "FAILED" || m["raasTxnRef"] == ours["raasTxnRef"] {
			t.Fatalf("%v: %d %v", f, st, m)
		}
	}
	// A reference never sent: a success that never happened to ours.
	srv.InjectFaults(fake.OpTransactionLookup, fault.OtherRecordInstead(0))
	st, m := lookupRaw(t, srv, "never-1")
	if st != http.StatusOK || m["clientTxnRef"] != "other-never-1" || m["transactionStatus"] != "SUCCESS" || m["transactResultResponseCode"] != "0000" {
		t.Fatalf("others for a reference never sent: %d %v", st, m)
	}
	// One-shot, and the ledger is untouched.
	if _, m := lookupRaw(t, srv, "ours-1"); m["clientTxnRef"] != "ours-1" || m["transactionStatus"] != "SUCCESS" {
		t.Fatalf("plain lookup: %v", m)
	}
	if st, _ := lookupRaw(t, srv, "never-1"); st != http.StatusNotFound || len(srv.Transactions()) != 1 {
		t.Fatalf("plain lookup of a reference never sent: %d; transactions %d", st, len(srv.Transactions()))
	}
}

// TestOurRecordTwiceIsIgnored checks what the doc says of the one shared
// kind this fake does not strike: its lookup answers one object, so
// fault.OurRecordTwice leaves the answer as it is (our record, once).
func TestOurRecordTwiceIsIgnored(t *testing.T) {
	srv := start(t)
	ours := buy(t, srv, "twice-1")
	srv.InjectFaults(fake.OpTransactionLookup, fault.OurRecordTwice())
	st, m := lookupRaw(t, srv, "twice-1")
	if st != http.StatusOK || m["clientTxnRef"] != "twice-1" || m["raasTxnRef"] != ours["raasTxnRef"] {
		t.Fatalf("lookup under OurRecordTwice: %d %v, want our record %v", st, m, ours["raasTxnRef"])
	}
	if len(srv.Transactions()) != 1 {
		t.Fatalf("transactions %d, want 1", len(srv.Transactions()))
	}
}

func TestRefusedResend(t *testing.T) {
	for _, e := range []cl.Entry{cl.ReserveFundsInsufficientFunds, cl.TransactMaximumAmountExceeded} {
		t.Run(e.String(), func(t *testing.T) {
			srv := start(t, fake.WithRefusedResend(e), fake.WithDuplicateDetection(fake.DuplicateDetection{None: true}))
			if m := buy(t, srv, "refused-1"); m["responseCode"] != "0000" {
				t.Fatalf("first send: %v", m)
			}
			m := buy(t, srv, "refused-1")
			if m["responseCode"] != string(e.Code()) || m["responseMessage"] != e.Message() || m["raasTxnRef"] != nil {
				t.Fatalf("resend: %v, want %s instead of the replay", m, e.Code())
			}
			if srv.Charges("refused-1") != 1 || len(srv.Transactions()) != 1 {
				t.Fatalf("charges %d, transactions %d", srv.Charges("refused-1"), len(srv.Transactions()))
			}
		})
	}
	// A purchase refused at its first send is not "already charged".
	srv := start(t, fake.WithRefusedResend(cl.ReserveFundsInsufficientFunds))
	srv.Enqueue(fake.Outcome{Entry: cl.TransactSourceBlacklisted})
	first := buy(t, srv, "uncharged-1")
	if again := buy(t, srv, "uncharged-1"); again["responseCode"] != first["responseCode"] {
		t.Fatalf("resend of an uncharged reference: %v, want the replay of %v", again, first)
	}
}

func TestNotFoundServerError(t *testing.T) {
	srv := start(t)
	buy(t, srv, "nf-1")
	for _, status := range []int{0, http.StatusServiceUnavailable} {
		srv.InjectFaults(fake.OpTransactionLookup, fault.NotFoundServerError(status))
		st, m := lookupRaw(t, srv, "nf-1")
		want := status
		if want == 0 {
			want = http.StatusInternalServerError
		}
		if st != want || m["responseMessage"] != "Client transaction reference ID: ‘nf-1’ not found" {
			t.Fatalf("status %d: %d %v", status, st, m)
		}
	}
	if srv.Stats().Lookups != 0 {
		t.Errorf("the 5xx looked the ledger up: %+v", srv.Stats())
	}
	srv.InjectFaults(fake.OpReserveAndTransact, fault.NotFoundServerError(0))
	if m := buy(t, srv, "nf-2"); !strings.HasPrefix(m["responseMessage"].(string), "Processing request") {
		t.Fatalf("purchase: %v", m)
	}
}
