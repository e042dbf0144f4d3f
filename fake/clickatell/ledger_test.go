package clickatell_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// lookupRaw looks ref up with a plain client, checks the answer against the
// spec and decodes it.
func lookupRaw(t *testing.T, srv *fake.Server, ref string) (int, map[string]any) {
	t.Helper()
	r, err := do(t, plain(), "GET", srv.URL()+fake.LookupPath+"?clientId=200&clientTransactionReference="+url.QueryEscape(ref), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Check(spec(t)); err != nil {
		t.Error(err)
	}
	return r.Status, decode(t, r.Body)
}

func TestTokenEndpoint(t *testing.T) {
	srv := start(t)
	v := spec(t)
	form := func(id, secret, grant string) string {
		return url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {grant}}.Encode()
	}
	for _, tc := range []struct {
		name, body string
		basic      [2]string
		status     int
		desc       string
	}{
		{"form", form(fake.DefaultClientID, fake.DefaultClientSecret, "client_credentials"), [2]string{}, 200, ""},
		{"basic", "grant_type=client_credentials", [2]string{fake.DefaultClientID, fake.DefaultClientSecret}, 200, ""},
		{"wrong secret", form(fake.DefaultClientID, "nope", "client_credentials"), [2]string{}, 400, "Invalid client secret"},
		{"unknown client", form("999", fake.DefaultClientSecret, "client_credentials"), [2]string{}, 400, "UNKNOWN_CLIENT: Client was not identified by any client authenticator"},
		{"grant", form(fake.DefaultClientID, fake.DefaultClientSecret, "password"), [2]string{}, 400, "invalid GRANT_TYPE"},
	} {
		req, _ := http.NewRequest("POST", srv.TokenURL(), strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if tc.basic[0] != "" {
			req.SetBasicAuth(tc.basic[0], tc.basic[1])
		}
		resp, err := plain().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := make([]byte, 4096)
		n, _ := resp.Body.Read(body)
		body = body[:n]
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d %s", tc.name, resp.StatusCode, body)
			continue
		}
		if err := v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		m := decode(t, body)
		if tc.status == 200 {
			if m["access_token"] == "" || m["token_type"] != "bearer" || m["expires_in"] != 300.0 {
				t.Errorf("%s: %v", tc.name, m)
			}
			continue
		}
		if m["error_description"] != tc.desc {
			t.Errorf("%s: %v", tc.name, m)
		}
		res := cl.ClassifyHTTP(cl.TableSecurityService, resp.StatusCode, resp.Header, body, "", "error_description")
		if res.Entry != cl.SecurityServiceInvalidClient {
			t.Errorf("%s: classified %v", tc.name, res.Entry)
		}
	}
	if st := srv.Stats(); st.TokensIssued != 2 {
		t.Errorf("issued %d", st.TokensIssued)
	}

	// The generated operation, too.
	c := client(t, srv)
	tok, res, err := c.GetToken(context.Background(), cl.TokenRequest{ClientID: 200, ClientSecret: fake.DefaultClientSecret, GrantType: cl.TokenRequestGrantTypeClientCredentials})
	if err != nil || res.Entry != cl.SecurityServiceOK || tok.AccessToken == "" {
		t.Fatalf("GetToken: %v %v", res.Entry, err)
	}
	_, res, err = c.GetToken(context.Background(), cl.TokenRequest{ClientID: 200, ClientSecret: "x", GrantType: cl.TokenRequestGrantTypeClientCredentials})
	if !errors.Is(err, cl.SecurityServiceInvalidClient) {
		t.Fatalf("GetToken with a wrong secret: %v %v", res.Entry, err)
	}
}

func TestUnauthorized(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithAccessToken(""))
	v := spec(t)
	tokReq, _ := http.NewRequest("POST", srv.TokenURL(), strings.NewReader("grant_type=client_credentials&client_id=200&client_secret="+fake.DefaultClientSecret))
	tokReq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := plain().Do(tokReq)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := jsonDecode(resp, &tok); err != nil || tok.AccessToken == "" {
		t.Fatal(err)
	}
	url := srv.URL() + "/raas/v4/reserveAndTransact"
	for _, tc := range []struct {
		name string
		hdr  map[string]string
	}{
		{"no key", map[string]string{"X-API-Key": "", "Authorization": "Bearer " + tok.AccessToken}},
		{"wrong key", map[string]string{"X-API-Key": "x", "Authorization": "Bearer " + tok.AccessToken}},
		{"no bearer", map[string]string{"Authorization": ""}},
		{"static token off", map[string]string{}},
		{"unknown token", map[string]string{"Authorization": "Bearer abc"}},
		{"basic", map[string]string{"Authorization": "Basic abc"}},
	} {
		r, err := do(t, plain(), "POST", url, purchase("u-1"), tc.hdr)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != 401 || decode(t, r.Body)["responseMessage"] == "" {
			t.Errorf("%s: %d %s", tc.name, r.Status, r.Body)
		}
		if err := r.Check(v); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	good := map[string]string{"Authorization": "Bearer " + tok.AccessToken}
	if r, _ := do(t, plain(), "POST", url, purchase("u-2"), good); r.Status != 200 {
		t.Fatalf("issued token refused: %d %s", r.Status, r.Body)
	}
	clk.Add(fake.DefaultTokenTTL)
	if r, _ := do(t, plain(), "POST", url, purchase("u-3"), good); r.Status != 401 || !strings.Contains(string(r.Body), "expired") {
		t.Fatalf("expired token: %d %s", r.Status, r.Body)
	}
	st := srv.Stats()
	if st.Unauthorized != 7 || st.Commits != 1 || srv.Attempts("u-1") != 6 {
		t.Errorf("stats %+v", st)
	}
	c := client0(t, srv) // the static token is off
	if _, res, err := c.ReserveAndTransact(context.Background(), v4, purchase("u-4")); !errors.Is(err, cl.HTTPStatusUnauthorized) {
		t.Fatalf("static token: %v %v", res.Entry, err)
	}
}

func TestPurchaseWithClientCredentialsSettles(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()

	resp, res, err := c.ReserveAndTransact(ctx, v4, purchase("p-1"))
	if err != nil || res.Entry != cl.ReserveAndTransactProcessingRequest || res.Class.Outcome != codebook.OutcomePending {
		t.Fatalf("ReserveAndTransact: %v %v %v", res.Entry, res.Class, err)
	}
	if *resp.ResponseCode != "0000" || *resp.ResponseMessage != "Processing request (funds reserved)" || *resp.RaasTxnRef == "" {
		t.Fatalf("answer %+v", resp)
	}
	tx, _ := srv.Transaction("p-1")
	if tx.State != fake.StatePending || tx.RaasTxnRef != *resp.RaasTxnRef || !tx.Charged || srv.Charges("p-1") != 1 {
		t.Fatalf("transaction %+v", tx)
	}

	// The first lookup sees it pending, with 0000 "Transaction processing".
	found, res, err := c.TransactionLookup(ctx, lookupRef("p-1"))
	if err != nil || res.Entry != cl.TransactionLookupProcessing || *found.TransactionStatus != "PENDING" || *found.RaasTxnRef != tx.RaasTxnRef {
		t.Fatalf("first lookup: %v %v %+v", res.Entry, err, found)
	}
	// The second sees it settled.
	status, m := lookupRaw(t, srv, "p-1")
	if status != 200 || m["transactionStatus"] != "SUCCESS" || m["reserveFundsResponseCode"] != "0000" || m["transactResultResponseCode"] != "0000" || m["responseCode"] != nil {
		t.Fatalf("second lookup: %d %v", status, m)
	}
	if m["clientTxnRef"] != "p-1" || m["purchaseAmount"] != 25000.0 || m["clientId"] != 200.0 {
		t.Errorf("lookup fields %v", m)
	}
	if st := srv.Stats(); st.TokensIssued != 1 || st.Lookups != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestDuplicateReplaysFirstAnswer(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	first, _, err := c.ReserveAndTransact(ctx, v4, purchase("d-1"))
	if err != nil {
		t.Fatal(err)
	}
	again := purchase("d-1")
	again.PurchaseAmount = 99 // another body, same reference
	second, res, err := c.ReserveAndTransact(ctx, v4, again)
	if err != nil || res.Entry != cl.ReserveAndTransactProcessingRequest {
		t.Fatalf("duplicate: %v %v", res.Entry, err)
	}
	if *second.RaasTxnRef != *first.RaasTxnRef {
		t.Errorf("duplicate got raasTxnRef %s, want the first's %s", *second.RaasTxnRef, *first.RaasTxnRef)
	}
	// The same reference on Transact is the same transaction too.
	third, _, _ := c.Transact(ctx, cl.TransactParams{Version: v4.Version}, transact("d-1"))
	if third == nil || *third.RaasTxnRef != *first.RaasTxnRef || *third.ResponseMessage != "Processing request (funds reserved)" {
		t.Errorf("duplicate on Transact: %+v", third)
	}
	st := srv.Stats()
	if srv.Charges("d-1") != 1 || st.Commits != 1 || st.Duplicates != 2 || srv.Attempts("d-1") != 3 {
		t.Errorf("charges %d stats %+v", srv.Charges("d-1"), st)
	}
	if tx, _ := srv.Transaction("d-1"); tx.PurchaseAmount != 25000 {
		t.Errorf("the duplicate changed the transaction: %+v", tx)
	}
}

func TestDuplicateOfAFailedPurchaseReplaysTheFailure(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	srv.Enqueue(fake.Outcome{Entry: cl.TransactMaximumAmountExceeded})
	p := cl.TransactParams{Version: v4.Version}
	for range 2 {
		_, res, err := c.Transact(context.Background(), p, transact("f-1"))
		if !errors.Is(err, cl.TransactMaximumAmountExceeded) {
			t.Fatalf("%v %v", res.Entry, err)
		}
	}
	if srv.Charges("f-1") != 0 || srv.Stats().Duplicates != 1 {
		t.Fatalf("charges %d", srv.Charges("f-1"))
	}
	status, m := lookupRaw(t, srv, "f-1")
	if status != 200 || m["transactionStatus"] != "FAILED" || m["responseCode"] != "2040" || m["responseMessage"] != "Maximum amount exceeded" {
		t.Fatalf("lookup %d %v", status, m)
	}
}

func TestScriptedResults(t *testing.T) {
	srv := start(t, fake.WithPending(0, 0))
	c := client(t, srv)
	ctx := context.Background()
	srv.ScriptReference("r-funds", fake.Outcome{Entry: cl.ReserveAndTransactProcessingRequest, Result: cl.ReserveFundsInsufficientFunds})
	srv.ScriptReference("r-msisdn", fake.Outcome{Entry: cl.ReserveAndTransactProcessingRequest, Result: cl.TransactResultInvalidMSISDN})
	srv.ScriptReference("r-open", fake.Outcome{Entry: cl.ReserveAndTransactProcessingRequest, Result: cl.TransactResultPending})
	srv.ScriptReference("r-liar", fake.Outcome{Entry: cl.TransactUnexpectedError, Result: cl.TransactResultSuccess})
	for _, ref := range []string{"r-funds", "r-msisdn", "r-open", "r-liar"} {
		if _, res, _ := c.ReserveAndTransact(ctx, v4, purchase(ref)); res.Status != 200 {
			t.Fatalf("%s: %v", ref, res)
		}
	}

	_, res, err := c.TransactionLookup(ctx, lookupRef("r-funds"))
	if !errors.Is(err, cl.TransactionLookupInsufficientFunds) || !errors.Is(err, codebook.ErrInsufficientFunds) {
		t.Errorf("r-funds: %v %v", res.Entry, err)
	}
	_, m := lookupRaw(t, srv, "r-funds")
	if m["transactionStatus"] != "FAILED" || m["reserveFundsResponseCode"] != "2010" || m["transactResultResponseCode"] != nil {
		t.Errorf("r-funds: %v", m)
	}
	_, m = lookupRaw(t, srv, "r-msisdn")
	if m["transactionStatus"] != "FAILED" || m["reserveFundsResponseCode"] != "0000" || m["transactResultResponseCode"] != "2213" || m["responseCode"] != nil {
		t.Errorf("r-msisdn: %v", m)
	}
	for range 3 {
		_, m = lookupRaw(t, srv, "r-open")
		if m["transactionStatus"] != "PENDING" || m["transactResultResponseCode"] != "9999" || m["responseCode"] != "0000" {
			t.Errorf("r-open: %v", m)
		}
	}
	if !srv.Settle("r-open", cl.TransactResultSuccess) {
		t.Fatal("Settle: false")
	}
	if _, m = lookupRaw(t, srv, "r-open"); m["transactionStatus"] != "SUCCESS" {
		t.Errorf("r-open after Settle: %v", m)
	}
	// 0001 "Unexpected error", yet the purchase went through.
	if _, m = lookupRaw(t, srv, "r-liar"); m["transactionStatus"] != "SUCCESS" || srv.Charges("r-liar") != 1 {
		t.Errorf("r-liar: %v", m)
	}
	if srv.Charges("r-funds") != 1 { // reserved when written, released when it failed
		t.Errorf("r-funds charges %d", srv.Charges("r-funds"))
	}
}

func TestPendingSettlesByTimeAndLookupWindow(t *testing.T) {
	clk := testkit.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now), fake.WithPending(-1, time.Minute))
	c := client0(t, srv)
	ctx := context.Background()
	if _, _, err := c.ReserveAndTransact(ctx, v4, purchase("w-1")); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, m := lookupRaw(t, srv, "w-1"); m["transactionStatus"] != "PENDING" {
			t.Fatalf("%v", m)
		}
	}
	clk.Add(time.Minute)
	if _, m := lookupRaw(t, srv, "w-1"); m["transactionStatus"] != "SUCCESS" {
		t.Fatalf("%v", m)
	}
	clk.Add(30 * 24 * time.Hour)
	if status, m := lookupRaw(t, srv, "w-1"); status != 404 {
		t.Fatalf("after 30 days: %d %v", status, m)
	}
}

func TestLookupErrors(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	first, _, err := c.ReserveAndTransact(ctx, v4, purchase("l-1"))
	if err != nil {
		t.Fatal(err)
	}
	_, res, err := c.TransactionLookup(ctx, lookupRef("nope"))
	if !errors.Is(err, cl.TransactionLookupReferenceNotFound) || res.Status != 404 {
		t.Errorf("not found: %v %v", res.Entry, err)
	}
	_, res, err = c.TransactionLookup(ctx, cl.TransactionLookupParams{ClientID: 200})
	if !errors.Is(err, cl.TransactionLookupMissingParameter) || res.Status != 400 {
		t.Errorf("no reference: %v %v", res.Entry, err)
	}
	// Another client does not see it.
	_, res, _ = c.TransactionLookup(ctx, cl.TransactionLookupParams{ClientID: 201, ClientTransactionReference: ptr("l-1")})
	if res.Entry != cl.TransactionLookupReferenceNotFound {
		t.Errorf("other client: %v", res.Entry)
	}
	// By raasTxnRef, and ANDed.
	found, res, err := c.TransactionLookup(ctx, cl.TransactionLookupParams{ClientID: 200, RaasTxnRef: first.RaasTxnRef})
	if err != nil || *found.ClientTxnRef != "l-1" {
		t.Errorf("by raasTxnRef: %v %v", res.Entry, err)
	}
	_, res, _ = c.TransactionLookup(ctx, cl.TransactionLookupParams{ClientID: 200, RaasTxnRef: first.RaasTxnRef, ClientTransactionReference: ptr("l-2")})
	if res.Entry != cl.TransactionLookupReferenceNotFound {
		t.Errorf("ANDed: %v", res.Entry)
	}
	r, _ := do(t, plain(), "GET", srv.URL()+fake.LookupPath+"?clientTransactionReference=l-1", nil, nil)
	if r.Status != 400 {
		t.Errorf("no clientId: %d", r.Status)
	}
	if err := r.Check(spec(t)); err != nil {
		t.Error(err)
	}
}

func TestBadFormat(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	p := purchase("b-1")
	p.SourceIdentifier = ptr("27 82 123")
	_, res, err := c.ReserveAndTransact(ctx, v4, p)
	if !errors.Is(err, cl.ReserveAndTransactBadFormat) || res.Message != "Bad format: sourceIdentifier" {
		t.Fatalf("%v %q %v", res.Entry, res.Message, err)
	}
	tr := transact("b-2")
	tr.ReserveFundsTxnRef = ""
	_, res, err = c.Transact(ctx, cl.TransactParams{Version: v4.Version}, tr)
	if !errors.Is(err, cl.TransactBadFormat) || res.Message != "Bad format: reserveFundsTxnRef" {
		t.Fatalf("%v %q %v", res.Entry, res.Message, err)
	}
	for _, body := range []string{`{`, `{"purchaseAmount":1,"channelId":2,"channelName":"x","channelSessionId":"s","clientId":200}`} {
		r, _ := do(t, plain(), "POST", srv.URL()+"/raas/v1/reserveAndTransact", body, nil)
		if r.Status != 400 || decode(t, r.Body)["responseCode"] != "4000" {
			t.Errorf("%s: %d %s", body, r.Status, r.Body)
		}
	}
	if srv.Stats().Commits != 0 {
		t.Fatal("a bad request wrote the ledger")
	}
	if r, _ := do(t, plain(), "POST", srv.URL()+"/raas/v9/transact", transact("b-3"), nil); r.Status != 404 {
		t.Errorf("unknown version: %d", r.Status)
	}
}

// TestEveryPurchaseCode scripts every row a purchase can answer with and
// checks the generated client's classification; the client's transport
// checks every answer against the spec.
func TestEveryPurchaseCode(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	ctx := context.Background()
	status := []cl.Entry{cl.HTTPStatusBadRequest, cl.HTTPStatusInternalServerError, cl.HTTPStatusServiceUnavailable}
	i := 0
	for _, e := range append(cl.TableReserveAndTransact.Entries(), status...) {
		i++
		ref := fmt.Sprint("rt-", i)
		srv.Enqueue(fake.Outcome{Entry: e})
		_, res, err := c.ReserveAndTransact(ctx, v4, purchase(ref))
		if res.Entry != e {
			t.Errorf("R&T %v: classified %v (%v)", e, res.Entry, err)
		}
		if _, written := srv.Transaction(ref); written != (e.Table() == cl.TableReserveAndTransact && e.HTTPStatus() != 400) {
			t.Errorf("R&T %v: written %v", e, written)
		}
	}
	for _, e := range append(cl.TableTransact.Entries(), status...) {
		i++
		srv.Enqueue(fake.Outcome{Entry: e})
		_, res, err := c.Transact(ctx, cl.TransactParams{Version: v4.Version}, transact(fmt.Sprint("t-", i)))
		if res.Entry != e {
			t.Errorf("Transact %v: classified %v (%v)", e, res.Entry, err)
		}
	}
}

func TestEveryLookupAnswer(t *testing.T) {
	var mu sync.Mutex
	var want cl.Entry
	srv := start(t, fake.WithScript(func(fake.Request) fake.Outcome {
		mu.Lock()
		defer mu.Unlock()
		return fake.Outcome{Entry: want}
	}))
	c := client(t, srv)
	for _, e := range append(cl.TableTransactionLookup.Entries(), cl.HTTPStatusInternalServerError, cl.HTTPStatusServiceUnavailable) {
		mu.Lock()
		want = e
		mu.Unlock()
		_, res, _ := c.TransactionLookup(context.Background(), lookupRef("x"))
		if res.Entry != e {
			t.Errorf("%v: classified %v", e, res.Entry)
		}
	}
	for _, e := range cl.TableInflightTransactionCheck.Entries() {
		mu.Lock()
		want = e
		mu.Unlock()
		_, res, _ := c.InFlightTransactionCheck(context.Background(), cl.InFlightCheckRequest{SourceIdentifier: "a", TargetIdentifier: "b", ClientID: 200, ProductID: 1, PurchaseAmount: 1})
		if res.Entry != e {
			t.Errorf("%v: classified %v", e, res.Entry)
		}
	}
}

func TestInFlightCheck(t *testing.T) {
	srv := start(t, fake.WithPending(-1, 0))
	c := client(t, srv)
	ctx := context.Background()
	check := cl.InFlightCheckRequest{SourceIdentifier: "27821234567", TargetIdentifier: "27827654321", ClientID: 200, ProductID: 12, PurchaseAmount: 25000}
	got, _, err := c.InFlightTransactionCheck(ctx, check)
	if err != nil || *got.HasPendingTransactions {
		t.Fatalf("before: %+v %v", got, err)
	}
	first, _, _ := c.ReserveAndTransact(ctx, v4, purchase("i-1"))
	got, _, err = c.InFlightTransactionCheck(ctx, check)
	if err != nil || !*got.HasPendingTransactions || len(got.Transactions) != 1 || *got.Transactions[0].RaasTxnRef != *first.RaasTxnRef {
		t.Fatalf("pending: %+v %v", got, err)
	}
	other := check
	other.PurchaseAmount = 1
	if got, _, _ = c.InFlightTransactionCheck(ctx, other); *got.HasPendingTransactions {
		t.Fatal("a different amount matched")
	}
	srv.Settle("i-1", cl.TransactResultSuccess)
	if got, _, _ = c.InFlightTransactionCheck(ctx, check); *got.HasPendingTransactions {
		t.Fatal("settled transaction still in flight")
	}
	r, _ := do(t, plain(), "POST", srv.URL()+fake.InFlightPath, map[string]any{"sourceIdentifier": "a"}, nil)
	if r.Status != 400 {
		t.Fatalf("missing fields: %d", r.Status)
	}
	if err := r.Check(spec(t)); err != nil {
		t.Error(err)
	}
}

func TestConcurrentDuplicates(t *testing.T) {
	srv := start(t)
	c := client(t, srv)
	const n = 50
	refs := make(chan string, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, _, err := c.ReserveAndTransact(context.Background(), v4, purchase("same"))
			if err != nil {
				t.Error(err)
				return
			}
			refs <- *resp.RaasTxnRef
		})
	}
	wg.Wait()
	close(refs)
	seen := map[string]int{}
	for r := range refs {
		seen[r]++
	}
	st := srv.Stats()
	if len(seen) != 1 || srv.Charges("same") != 1 || st.Commits != 1 || st.Duplicates != n-1 {
		t.Errorf("raasTxnRefs %v, stats %+v", seen, st)
	}
}
