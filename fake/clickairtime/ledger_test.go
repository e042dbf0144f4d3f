package clickairtime_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

func TestTopUpSuccess(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()

	resp, res, err := c.TopUp(ctx, topUp("order-1"))
	if err != nil {
		t.Fatalf("TopUp: %v", err)
	}
	if res.Entry != ca.TopupSuccess || res.Class.Outcome != codebook.OutcomeSuccess || res.Status != 200 {
		t.Fatalf("result %v %v %d, want TopupSuccess success 200", res.Entry, res.Class, res.Status)
	}
	if code, _ := resp.Code.AsInt64(); code != 1 {
		t.Errorf("code %d, want 1", code)
	}
	if got := srv.Charges("order-1"); got != 1 {
		t.Errorf("Charges = %d, want 1", got)
	}
	tx, ok := srv.Transaction("order-1")
	if !ok || tx.State != fake.StateSuccess || tx.Amount != 5 || tx.MSISDN != "263719545499" || !tx.Charged {
		t.Errorf("Transaction = %+v, %v", tx, ok)
	}
	if got := srv.Balance(); got != fake.DefaultBalance-5 {
		t.Errorf("Balance = %v", got)
	}

	found, res, err := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("order-1")})
	if err != nil || res.Entry != ca.TransactionErrorsOK {
		t.Fatalf("GetTransactions: %v %v", res.Entry, err)
	}
	if len(found.Data) != 1 || *found.Data[0].State != "SUCCESS" || *found.Data[0].TransactionID != tx.TransactionID {
		t.Fatalf("lookup data %+v", found.Data)
	}

	bal, _, err := c.GetBalances(ctx)
	if err != nil || len(bal.Data) != 1 || *bal.Data[0].Balance != fake.DefaultBalance-5 {
		t.Fatalf("GetBalances: %+v %v", bal, err)
	}
}

func TestPendingSettlesAfterLookups(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	srv.Enqueue(fake.Outcome{Entry: ca.TopupPending, PendingLookups: 2})

	_, res, err := c.TopUp(ctx, topUp("p-1"))
	if err != nil || res.Entry != ca.TopupPending || res.Class.Outcome != codebook.OutcomePending {
		t.Fatalf("TopUp: %v %v %v", res.Entry, res.Class, err)
	}
	var states []string
	for range 3 {
		found, _, err := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("p-1")})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, *found.Data[0].State)
	}
	if got := strings.Join(states, ","); got != "PENDING,PENDING,SUCCESS" {
		t.Errorf("states %s, want PENDING,PENDING,SUCCESS", got)
	}
	if srv.Charges("p-1") != 1 {
		t.Errorf("Charges = %d", srv.Charges("p-1"))
	}
	tx, _ := srv.Transaction("p-1")
	if tx.Lookups != 3 || tx.Final != ca.TopupSuccess || tx.Settled.IsZero() {
		t.Errorf("Transaction %+v", tx)
	}
}

func TestAsyncQueuedSettlesFailedAndRefunds(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	srv.ScriptReference("a-1", fake.Outcome{Entry: ca.TopupQueued, Final: ca.TopupFailed})

	req := topUp("a-1")
	req.ProcessingMode = ptr(ca.TopUpRequestProcessingModeAsync)
	_, res, err := c.TopUp(ctx, req)
	if err != nil || res.Entry != ca.TopupQueued {
		t.Fatalf("TopUp: %v %v", res.Entry, err)
	}
	if srv.Balance() != fake.DefaultBalance-5 {
		t.Errorf("pending top-up not charged: balance %v", srv.Balance())
	}
	// The default: pending for the first lookup, final from the second.
	for _, want := range []string{"PENDING", "FAILED"} {
		found, _, err := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("a-1")})
		if err != nil {
			t.Fatal(err)
		}
		if got := *found.Data[0].State; got != want {
			t.Fatalf("state %s, want %s", got, want)
		}
	}
	if srv.Balance() != fake.DefaultBalance {
		t.Errorf("failed top-up not refunded: balance %v", srv.Balance())
	}
}

func TestDefaultAsyncIsQueued(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	req := topUp("q-1")
	req.ProcessingMode = ptr(ca.TopUpRequestProcessingModeAsync)
	_, res, err := c.TopUp(context.Background(), req)
	if err != nil || res.Entry != ca.TopupQueued {
		t.Fatalf("TopUp: %v %v", res.Entry, err)
	}
	if tx, _ := srv.Transaction("q-1"); tx.State != fake.StatePending {
		t.Fatalf("state %v", tx.State)
	}
}

func TestPendingSettlesByTime(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now))
	c := client(t, srv)
	ctx := context.Background()
	srv.Enqueue(fake.Outcome{Entry: ca.TopupPending, PendingLookups: -1, PendingFor: time.Minute})
	if _, _, err := c.TopUp(ctx, topUp("t-1")); err != nil {
		t.Fatal(err)
	}
	state := func() string {
		found, _, err := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("t-1")})
		if err != nil {
			t.Fatal(err)
		}
		return *found.Data[0].State
	}
	for range 5 {
		if s := state(); s != "PENDING" {
			t.Fatalf("state %s before the minute", s)
		}
	}
	clk.Add(time.Minute)
	if s := state(); s != "SUCCESS" {
		t.Fatalf("state %s after the minute", s)
	}
}

func TestSettleByHand(t *testing.T) {
	srv := start(t, fake.WithPending(-1, 0))
	c := client(t, srv)
	srv.Enqueue(fake.Outcome{Entry: ca.TopupPending})
	if _, _, err := c.TopUp(context.Background(), topUp("h-1")); err != nil {
		t.Fatal(err)
	}
	if tx, _ := srv.Transaction("h-1"); tx.State != fake.StatePending {
		t.Fatalf("state %v", tx.State)
	}
	if !srv.Settle("h-1", ca.TopupLowBalance) {
		t.Fatal("Settle: false")
	}
	if srv.Settle("h-1", ca.TopupSuccess) {
		t.Fatal("Settle of a final transaction: true")
	}
	if tx, _ := srv.Transaction("h-1"); tx.State != fake.StateFailed || tx.Final != ca.TopupLowBalance {
		t.Fatalf("after Settle: %+v", tx)
	}
}

func TestDuplicateReference(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	if _, _, err := c.TopUp(ctx, topUp("dup-1")); err != nil {
		t.Fatal(err)
	}
	again := topUp("dup-1")
	again.Amount = ptr(50.0) // a different body with the same reference
	_, res, err := c.TopUp(ctx, again)
	if err == nil {
		t.Fatal("duplicate TopUp: no error")
	}
	if !errors.Is(err, ca.TopupDuplicateReference) || res.Entry != ca.TopupDuplicateReference {
		t.Fatalf("duplicate: %v %v", res.Entry, err)
	}
	if res.Class.Outcome != codebook.OutcomeUncertain || res.Class.Category != codebook.CategoryDuplicate {
		t.Errorf("class %v, want uncertain duplicate", res.Class)
	}
	if !errors.Is(err, codebook.OutcomeUncertain) {
		t.Error("error not uncertain")
	}
	if res.Code != 90 || !res.HasCode {
		t.Errorf("code %v, want 90", res.Code)
	}
	st := srv.Stats()
	if srv.Charges("dup-1") != 1 || st.Commits != 1 || st.Charges != 1 || st.Duplicates != 1 || srv.Attempts("dup-1") != 2 {
		t.Errorf("charges %d, stats %+v, attempts %d", srv.Charges("dup-1"), st, srv.Attempts("dup-1"))
	}
	if srv.Balance() != fake.DefaultBalance-5 {
		t.Errorf("balance %v", srv.Balance())
	}
}

func TestDuplicateOfAFailedTopUp(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	srv.Enqueue(fake.Outcome{Entry: ca.TopupInvalidRecipient})
	_, res, _ := c.TopUp(context.Background(), topUp("f-1"))
	if res.Entry != ca.TopupInvalidRecipient {
		t.Fatalf("first: %v", res.Entry)
	}
	_, res, _ = c.TopUp(context.Background(), topUp("f-1"))
	if res.Entry != ca.TopupDuplicateReference {
		t.Fatalf("second: %v", res.Entry)
	}
	if srv.Charges("f-1") != 0 {
		t.Errorf("a declined top-up was charged")
	}
	if tx, _ := srv.Transaction("f-1"); tx.State != fake.StateFailed {
		t.Errorf("state %v", tx.State)
	}
}

func TestScriptAnswersDuplicateWithoutCharging(t *testing.T) {
	srv := start(t, fake.WithScript(func(r fake.Request) fake.Outcome {
		if r.Duplicate {
			return fake.Outcome{Entry: ca.TopupSuccess} // a provider that replays success
		}
		return fake.Outcome{}
	}))
	c := client(t, srv)
	for range 3 {
		if _, res, err := c.TopUp(context.Background(), topUp("r-1")); err != nil || res.Entry != ca.TopupSuccess {
			t.Fatalf("%v %v", res.Entry, err)
		}
	}
	if srv.Charges("r-1") != 1 || srv.Stats().Commits != 1 {
		t.Fatalf("charges %d, stats %+v", srv.Charges("r-1"), srv.Stats())
	}
}

func TestTopUpsWithoutReference(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	for range 2 {
		if _, _, err := c.TopUp(context.Background(), ca.TopUpRequest{MSISDN: "263719545499", Amount: ptr(1.0)}); err != nil {
			t.Fatal(err)
		}
	}
	if srv.Charges("") != 2 || len(srv.Transactions()) != 2 {
		t.Fatalf("charges %d", srv.Charges(""))
	}
}

func TestLowBalance(t *testing.T) {
	srv := start(t, fake.WithBalance(7))
	c := client(t, srv)
	ctx := context.Background()
	if _, _, err := c.TopUp(ctx, topUp("b-1")); err != nil {
		t.Fatal(err)
	}
	_, res, err := c.TopUp(ctx, topUp("b-2"))
	if !errors.Is(err, ca.TopupLowBalance) || !errors.Is(err, codebook.ErrInsufficientFunds) {
		t.Fatalf("second top-up: %v %v", res.Entry, err)
	}
	if srv.Charges("b-2") != 0 || srv.Balance() != 2 {
		t.Fatalf("charges %d balance %v", srv.Charges("b-2"), srv.Balance())
	}
}

func TestLookup(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	for i := range 3 {
		if _, _, err := c.TopUp(ctx, topUp(fmt.Sprint("l-", i))); err != nil {
			t.Fatal(err)
		}
	}
	_, res, err := c.GetTransactions(ctx, ca.GetTransactionsParams{ExtRefID: ptr("nope")})
	if !errors.Is(err, ca.TransactionErrorsNoTransactions) || res.Status != 404 {
		t.Fatalf("not found: %v %d %v", res.Entry, res.Status, err)
	}
	_, res, err = c.GetTransactions(ctx, ca.GetTransactionsParams{})
	if !errors.Is(err, ca.TransactionErrorsMissingSearchParameter) || res.Status != 400 {
		t.Fatalf("no parameter: %v %d %v", res.Entry, res.Status, err)
	}
	found, _, err := c.GetTransactions(ctx, ca.GetTransactionsParams{MSISDN: ptr("263719545499")})
	if err != nil || len(found.Data) != 3 {
		t.Fatalf("by msisdn: %v %v", found, err)
	}
	id := *found.Data[1].TransactionID
	found, _, err = c.GetTransactions(ctx, ca.GetTransactionsParams{TransactionID: &id, MSISDN: ptr("263719545499")})
	if err != nil || len(found.Data) != 1 || *found.Data[0].TransactionID != id {
		t.Fatalf("by id and msisdn: %v %v", found, err)
	}
	_, _, err = c.GetTransactions(ctx, ca.GetTransactionsParams{TransactionID: &id, ExtRefID: ptr("l-0")})
	if !errors.Is(err, ca.TransactionErrorsNoTransactions) {
		t.Fatalf("ANDed parameters: %v", err)
	}
	if st := srv.Stats(); st.Lookups != 4 { // the parameterless search is refused before the ledger
		t.Errorf("Lookups = %d, want 4", st.Lookups)
	}
}

func TestUnauthorized(t *testing.T) {
	srv := start(t, fake.WithCredentials("me@example.com", "s3cret"))
	v := spec(t)
	for _, hdr := range []map[string]string{
		{},
		{"X-Click-Airtime-Email": "me@example.com"},
		{"X-Click-Airtime-Email": "me@example.com", "X-Click-Airtime-Token": "wrong"},
		{"X-Click-Airtime-Email": "other@example.com", "X-Click-Airtime-Token": "s3cret"},
	} {
		req, _ := http.NewRequest("POST", srv.URL()+"/adp", strings.NewReader(`{"msisdn":"263719545499","amount":5,"extRefId":"u-1"}`))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := plain().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != 401 || string(body) != `{"message":"Invalid or missing authentication credentials","statusCode":401}` {
			t.Errorf("%v: %d %s", hdr, resp.StatusCode, body)
		}
		if err := v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
			t.Error(err)
		}
	}
	st := srv.Stats()
	if st.Unauthorized != 4 || st.Commits != 0 || srv.Attempts("u-1") != 4 {
		t.Errorf("stats %+v", st)
	}

	// The generated client with the right credentials gets through.
	c, _ := ca.NewClient(ca.WithBaseURL(srv.URL()), ca.WithClickAirtimeEmail(codebook.NewSecret("me@example.com")), ca.WithClickAirtimeToken(codebook.NewSecret("s3cret")))
	if _, _, err := c.TopUp(context.Background(), topUp("u-1")); err != nil {
		t.Fatal(err)
	}
	bad, _ := ca.NewClient(ca.WithBaseURL(srv.URL()), ca.WithClickAirtimeEmail(codebook.NewSecret("me@example.com")), ca.WithClickAirtimeToken(codebook.NewSecret("nope")))
	_, res, err := bad.GetTransactions(context.Background(), ca.GetTransactionsParams{ExtRefID: ptr("u-1")})
	if !errors.Is(err, ca.TransactionErrorsInvalidCredentials) || res.Status != 401 {
		t.Fatalf("bad credentials lookup: %v %v", res.Entry, err)
	}
}

func TestBadRequests(t *testing.T) {
	srv := start(t)
	v := spec(t)
	for _, body := range []string{`{`, `{"amount":5}`, `{"msisdn":"263719545499"}`, `{"msisdn":"263719545499","amount":-1}`, `{"msisdn":"263719545499","amount":1,"processingMode":"LATER"}`} {
		r, err := do(t, plain(), "POST", srv.URL()+"/adp", json0(body))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 400 {
			t.Errorf("%s: status %d", body, r.Status)
		}
		if err := r.Check(v); err != nil {
			t.Error(err)
		}
		if e, _ := ca.Classify(ca.TableTopup, ca.DecodeResponse(r.Status, r.Body, "code", "message")); e != ca.HTTPStatusBadRequest {
			t.Errorf("%s: classified %v", body, e)
		}
	}
	if srv.Stats().Commits != 0 {
		t.Error("a bad request wrote the ledger")
	}
}

// json0 is a raw body for do.
type json0 string

// TestEveryTopUpCode scripts every row the top-up can answer with and checks
// that the generated client classifies it as that row, and that the answer
// is valid under the spec (the client's transport checks it).
func TestEveryTopUpCode(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	entries := append(ca.TableTopup.Entries(), ca.HTTPStatusOK, ca.HTTPStatusBadRequest, ca.HTTPStatusForbidden, ca.HTTPStatusInternalServerError, ca.HTTPStatusServiceUnavailable)
	for i, e := range entries {
		ref := fmt.Sprint("code-", i)
		srv.Enqueue(fake.Outcome{Entry: e})
		_, res, err := c.TopUp(context.Background(), topUp(ref))
		if res.Entry != e {
			t.Errorf("%v: classified %v (%v)", e, res.Entry, err)
		}
		if (err == nil) != (res.Class.Outcome == codebook.OutcomeSuccess || res.Class.Outcome == codebook.OutcomePending) {
			t.Errorf("%v: err %v with class %v", e, err, res.Class)
		}
		_, written := srv.Transaction(ref)
		if want := e.Table() == ca.TableTopup; written != want {
			t.Errorf("%v: written %v, want %v", e, written, want)
		}
	}
	// A failure code may come with 403, as the docs allow.
	srv.Enqueue(fake.Outcome{Entry: ca.TopupLowBalance, Status: 403})
	if _, res, _ := c.TopUp(context.Background(), topUp("code-403")); res.Entry != ca.TopupLowBalance || res.Status != 403 {
		t.Errorf("403: %v %d", res.Entry, res.Status)
	}
}

func TestEveryLookupAnswer(t *testing.T) {
	var want ca.Entry
	var mu sync.Mutex
	srv := start(t, fake.WithScript(func(r fake.Request) fake.Outcome {
		mu.Lock()
		defer mu.Unlock()
		return fake.Outcome{Entry: want}
	}))
	c := client(t, srv)
	for _, e := range []ca.Entry{ca.TransactionErrorsMissingSearchParameter, ca.TransactionErrorsInvalidCredentials, ca.TransactionErrorsNoTransactions, ca.HTTPStatusInternalServerError, ca.HTTPStatusServiceUnavailable} {
		mu.Lock()
		want = e
		mu.Unlock()
		_, res, _ := c.GetTransactions(context.Background(), ca.GetTransactionsParams{ExtRefID: ptr("x")})
		if res.Entry != e {
			t.Errorf("%v: classified %v", e, res.Entry)
		}
	}
	// A top-up row given for a lookup is ignored: the ledger answers.
	mu.Lock()
	want = ca.TopupPending
	mu.Unlock()
	if _, res, _ := c.GetTransactions(context.Background(), ca.GetTransactionsParams{ExtRefID: ptr("x")}); res.Entry != ca.TransactionErrorsNoTransactions {
		t.Errorf("top-up row for a lookup: %v", res.Entry)
	}
}

func TestConcurrentDuplicates(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	const n = 50
	var wg sync.WaitGroup
	results := make(chan ca.Entry, n)
	for range n {
		wg.Go(func() {
			_, res, _ := c.TopUp(context.Background(), topUp("same"))
			results <- res.Entry
		})
	}
	wg.Wait()
	close(results)
	count := map[ca.Entry]int{}
	for e := range results {
		count[e]++
	}
	if count[ca.TopupSuccess] != 1 || count[ca.TopupDuplicateReference] != n-1 {
		t.Errorf("answers %v", count)
	}
	st := srv.Stats()
	if srv.Charges("same") != 1 || st.Commits != 1 || st.Duplicates != n-1 || srv.Attempts("same") != n {
		t.Errorf("charges %d stats %+v", srv.Charges("same"), st)
	}
}

func TestConcurrentDistinct(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				ref := fmt.Sprintf("w%d-%d", w, i)
				if _, _, err := c.TopUp(context.Background(), topUp(ref)); err != nil {
					t.Error(err)
				}
				if _, _, err := c.GetTransactions(context.Background(), ca.GetTransactionsParams{ExtRefID: &ref}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	st := srv.Stats()
	if st.Commits != 160 || st.Charges != 160 || st.Lookups != 160 || st.Requests != 320 || srv.Balance() != fake.DefaultBalance-800 {
		t.Errorf("stats %+v balance %v", st, srv.Balance())
	}
}

func TestNewHandler(t *testing.T) {
	h := fake.NewHandler()
	ts := httptest.NewServer(h)
	defer ts.Close()
	if h.URL() != "" {
		t.Errorf("URL of a handler: %q", h.URL())
	}
	r, err := do(t, ts.Client(), "POST", ts.URL+"/adp", topUpBody("n-1"))
	if err != nil || r.Status != 200 || h.Charges("n-1") != 1 {
		t.Fatalf("%v %d %s", err, r.Status, r.Body)
	}
	r, err = do(t, ts.Client(), "GET", ts.URL+"/nowhere", nil)
	if err != nil || r.Status != 404 {
		t.Fatalf("unknown path: %v %d", err, r.Status)
	}
}
