package banktest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiserver"
	"github.com/codebookgen/codebook/generated/clickatell"
)

const (
	specPath = "../../spec/openapi/clickatell-bank.yaml"
	secret   = "shared-secret-of-the-funding-source"
)

// bank is a funding source: one account, and the reservations it holds.
type bank struct {
	mu           sync.Mutex
	balance      int64
	reservations map[string]int64 // by raasTxnRef
	fail         bool             // the next call fails with an internal error
	successCode  string           // a code put into the body of a success by hand
	successRow   clickatell.Entry // the row a success answers with; 0 means successEntry()
	delay        time.Duration    // how long a reservation takes, outside the lock
	reserveCalls int              // calls of ReserveFunds
	resultCalls  int              // calls of TransactResult
}

var _ clickatell.Server = (*bank)(nil)

// ReserveFunds answers with a row of the Reserve Funds table, or with
// success (see successEntry).
func (b *bank) ReserveFunds(_ context.Context, req *clickatell.ReserveFundsRequest, r *http.Request) (clickatell.ReserveFundsReply, error) {
	b.mu.Lock()
	b.reserveCalls++
	delay := b.delay
	b.mu.Unlock()
	time.Sleep(delay) // a slow ledger: concurrent repeats arrive while this one runs
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail {
		return clickatell.ReserveFundsReply{}, errors.New("ledger unreachable at 10.0.0.7 with password hunter2")
	}
	switch {
	case req.AuthCode == nil || *req.AuthCode != "1234":
		return clickatell.ReserveFundsReply{Entry: clickatell.ReserveFundsInvalidAuthCode}, nil
	case req.ReserveAmount < 100:
		return clickatell.ReserveFundsReply{Entry: clickatell.ReserveFundsBelowMinimumAmount}, nil
	case req.ReserveAmount > 1_000_000:
		return clickatell.ReserveFundsReply{Entry: clickatell.ReserveFundsMaximumAmountExceeded}, nil
	case req.ReserveAmount > b.balance:
		return clickatell.ReserveFundsReply{Entry: clickatell.ReserveFundsInsufficientFunds}, nil
	}
	if _, ok := b.reservations[req.RaasTxnRef]; !ok { // a resend reserves nothing more
		b.balance -= req.ReserveAmount
		b.reservations[req.RaasTxnRef] = req.ReserveAmount
	}
	ref := "rf-" + req.RaasTxnRef
	entry := successEntry()
	if b.successRow != 0 {
		entry = b.successRow
	}
	reply := clickatell.ReserveFundsReply{Entry: entry, Body: clickatell.ReserveFundsResponse{ReserveFundsTxnRef: &ref}}
	if b.successCode != "" {
		reply.Body.ResponseCode = &b.successCode
	}
	return reply, nil
}

// successEntry is the row a bank answers a reservation with: the Reserve
// Funds row of the success code "0000" (inferred in spec/codes.yaml), or
// the fallback's code-less 200 row should the table lose it.
func successEntry() clickatell.Entry {
	for _, e := range clickatell.TableReserveFunds.Entries() {
		if e.HasCode() && e.Code() == "0000" {
			return e
		}
	}
	return clickatell.HTTPStatusOK
}

// TransactResult confirms receipt; on 9001 it answers 404 when it holds
// no reservation for the purchase.
func (b *bank) TransactResult(_ context.Context, req *clickatell.TransactResultRequest, r *http.Request) (clickatell.TransactResultReply, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.resultCalls++
	ref := ""
	if req.RaasTxnRef != nil {
		ref = *req.RaasTxnRef
	}
	amount, found := b.reservations[ref]
	entry, _ := clickatell.Classify(clickatell.TableTransactResult, clickatell.Response{Status: 200, Code: clickatell.Code(req.ResponseCode), HasCode: true})
	switch {
	case entry == clickatell.TransactResultReservationUncertain && !found:
		return clickatell.TransactResultReply{Status: http.StatusNotFound}, nil
	case entry == clickatell.TransactResultSuccess:
		delete(b.reservations, ref) // debited
	case found && entry.Class().Outcome == codebook.OutcomeFailed:
		b.balance += amount // released
		delete(b.reservations, ref)
	}
	return clickatell.TransactResultReply{}, nil
}

// fixture is the bank served over HTTP, with the spec to check against.
type fixture struct {
	t      *testing.T
	bank   *bank
	srv    *httptest.Server
	router routers.Router
	logs   *bytes.Buffer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	b := &bank{balance: 50_000, reservations: map[string]int64{}}
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := clickatell.NewServerHandler(b, apiserver.WithSignatureSecret(secret), apiserver.WithLogger(logger), withStore())
	require.NoError(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	doc.Servers = openapi3.Servers{{URL: srv.URL}} // the spec's https://{bankHost} is a placeholder
	router, err := legacyrouter.NewRouter(doc)
	require.NoError(t, err)
	return &fixture{t: t, bank: b, srv: srv, router: router, logs: logs}
}

// exchange is one request and its answer.
type exchange struct {
	status int
	header http.Header
	body   []byte
	input  *openapi3filter.RequestValidationInput
}

// call sends body to path, signed with sig ("" for none, "ok" for the
// right signature), after checking the request against the spec when
// valid says it is valid (and that the spec refuses it otherwise).
func (f *fixture) call(path, body, sig string, valid bool) exchange {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(body))
	require.NoError(f.t, err)
	req.Header.Set("Content-Type", "application/json")
	switch sig {
	case "":
	case "ok":
		req.Header.Set(apiserver.SignatureHeader, sign(body))
	default:
		req.Header.Set(apiserver.SignatureHeader, sig)
	}
	route, params, err := f.router.FindRoute(req)
	require.NoError(f.t, err)
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}
	verr := openapi3filter.ValidateRequest(context.Background(), input)
	if valid {
		require.NoError(f.t, verr, "the test's request does not fit the spec")
	} else {
		require.Error(f.t, verr, "the spec accepts a request the test means to be invalid")
	}
	req.Body = io.NopCloser(strings.NewReader(body)) // the validator read it
	resp, err := f.srv.Client().Do(req)
	require.NoError(f.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(f.t, err)
	return exchange{status: resp.StatusCode, header: resp.Header, body: data, input: input}
}

// documented checks the answer against the spec: a status it documents,
// a body of the documented schema.
func (f *fixture) documented(x exchange) {
	f.t.Helper()
	err := openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: x.input,
		Status:                 x.status,
		Header:                 x.header,
		Body:                   io.NopCloser(bytes.NewReader(x.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	})
	require.NoError(f.t, err, "the answer %d %s does not fit the spec", x.status, x.body)
}

// withStore gives a handler a replay store of its own.
func withStore() apiserver.Option {
	return apiserver.WithReplayStore(apiserver.NewMemoryStore())
}

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func reserve(ref string, amount int64, auth string) string {
	req := map[string]any{
		"clientTxnRef": "c-" + ref, "raasTxnRef": ref, "productId": 7, "purchaseAmount": amount,
		"reserveAmount": amount, "authCode": auth, "sourceIdentifier": "27820000000",
		"futureField": map[string]any{"kept": true}, // unknown properties are not refused
	}
	data, _ := json.Marshal(req)
	return string(data)
}

// TestReserveFunds answers several rows of the Reserve Funds table and
// checks what goes over the wire, against the spec and as the client side
// classifies it.
func TestReserveFunds(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		body   string
		entry  clickatell.Entry
		code   string
		status int
	}{
		{"insufficient", reserve("t1", 60_000, "1234"), clickatell.ReserveFundsInsufficientFunds, "2010", 200},
		{"auth", reserve("t2", 500, "0000"), clickatell.ReserveFundsInvalidAuthCode, "2020", 200},
		{"maximum", reserve("t3", 2_000_000, "1234"), clickatell.ReserveFundsMaximumAmountExceeded, "2040", 200},
		{"minimum", reserve("t4", 99, "1234"), clickatell.ReserveFundsBelowMinimumAmount, "2050", 200},
		{"success", reserve("t5", 25_000, "1234"), successEntry(), "", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := f.call("/reserveFunds", tc.body, "ok", true)
			require.Equal(t, tc.status, x.status, "%s", x.body)
			f.documented(x)
			require.Equal(t, "application/json", x.header.Get("Content-Type"))
			var got clickatell.ReserveFundsResponse
			require.NoError(t, json.Unmarshal(x.body, &got))
			if tc.entry.HasCode() {
				require.NotNil(t, got.ResponseCode)
				require.Equal(t, tc.entry.Code().String(), *got.ResponseCode)
				if tc.code != "" {
					require.Equal(t, tc.code, *got.ResponseCode, "the code the docs give")
				}
			} else {
				require.Nil(t, got.ResponseCode)
			}
			if msg := tc.entry.Message(); msg != "" {
				require.NotNil(t, got.ResponseMessage)
				require.Equal(t, msg, *got.ResponseMessage)
			} else {
				require.Nil(t, got.ResponseMessage)
			}
			res := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, x.status, x.header, x.body, "responseCode", "responseMessage")
			require.Equal(t, tc.entry, res.Entry, "the client side reads %s", res.Entry)
		})
	}
	require.Equal(t, int64(25_000), f.bank.balance)

	// The answer keeps the bank's own fields.
	x := f.call("/reserveFunds", reserve("t5", 25_000, "1234"), "ok", true)
	var got map[string]any
	require.NoError(t, json.Unmarshal(x.body, &got))
	require.Equal(t, "rf-t5", got["reserveFundsTxnRef"])
	require.Equal(t, int64(25_000), f.bank.balance, "a resend reserved again")
}

// TestReplyThatWouldBeMisreadIsRefused: a reply whose body the client side
// would classify as another row (here the code-less 200 row with a code
// no row documents put in by hand) is refused with a 500 and logged, never
// sent.
func TestReplyThatWouldBeMisreadIsRefused(t *testing.T) {
	f := newFixture(t)
	f.bank.successRow = clickatell.HTTPStatusOK
	f.bank.successCode = "7777"
	x := f.call("/reserveFunds", reserve("u1", 1_000, "1234"), "ok", true)
	require.Equal(t, http.StatusInternalServerError, x.status)
	require.Contains(t, f.logs.String(), "would be read as Entry(0)")
	res := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, 200, nil, []byte(`{"responseCode":"7777"}`), "responseCode", "responseMessage")
	require.False(t, res.Entry.Known(), "the client side reads the code as %s", res.Entry)
}

func TestSuccessRowIsReadAsSuccess(t *testing.T) {
	require.Equal(t, clickatell.ReserveFundsReserved, successEntry())
	f := newFixture(t)
	x := f.call("/reserveFunds", reserve("u2", 1_000, "1234"), "ok", true)
	require.Equal(t, http.StatusOK, x.status)
	res := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, x.status, nil, x.body, "responseCode", "responseMessage")
	require.Equal(t, clickatell.ReserveFundsReserved, res.Entry)
	require.NoError(t, res.Err())
}

// TestSignature: a request without the signature, with a wrong one or one
// of another body never reaches the bank.
func TestSignature(t *testing.T) {
	f := newFixture(t)
	body := reserve("s1", 1_000, "1234")
	for name, sig := range map[string]string{
		"missing":    "",
		"wrong":      sign(body + " "),
		"not base64": "%%%",
		"truncated":  sign(body)[:20],
	} {
		x := f.call("/reserveFunds", body, sig, true)
		require.Equal(t, http.StatusUnauthorized, x.status, name)
		require.NotContains(t, string(x.body), secret)
	}
	require.Empty(t, f.bank.reservations)
	x := f.call("/reserveFunds", body, "ok", true)
	require.Equal(t, http.StatusOK, x.status)
	require.Len(t, f.bank.reservations, 1)
}

// TestTransactResult: 200 on receipt; 404 for 9001 when the bank holds no
// such reservation; success debits, a failure releases.
func TestTransactResult(t *testing.T) {
	f := newFixture(t)
	require.Equal(t, http.StatusOK, f.call("/reserveFunds", reserve("r1", 10_000, "1234"), "ok", true).status)
	require.Equal(t, http.StatusOK, f.call("/reserveFunds", reserve("r2", 5_000, "1234"), "ok", true).status)
	require.Equal(t, int64(35_000), f.bank.balance)

	result := func(ref, code string) string {
		return `{"raasTxnRef":"` + ref + `","clientTxnRef":"c-` + ref + `","responseCode":"` + code + `"}`
	}
	for _, tc := range []struct {
		name, body string
		status     int
		entry      clickatell.Entry // as the client side classifies the answer
	}{
		{"success", result("r1", "0000"), 200, clickatell.HTTPStatusOK},
		{"failed", result("r2", "2213"), 200, clickatell.HTTPStatusOK}, // 2201 is uncertain since issue 16: funds kept
		{"uncertain, unknown", result("r9", "9001"), 404, clickatell.HTTPStatusNotFound},
		{"pending", result("r9", "9999"), 200, clickatell.HTTPStatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := f.call("/transactResult", tc.body, "ok", true)
			require.Equal(t, tc.status, x.status, "%s", x.body)
			f.documented(x)
			require.Empty(t, x.body)
			res := clickatell.ClassifyHTTP(clickatell.TableTransactResult, x.status, x.header, x.body, "", "")
			require.Equal(t, tc.entry, res.Entry)
		})
	}
	require.Empty(t, f.bank.reservations)
	require.Equal(t, int64(40_000), f.bank.balance, "r1 debited, r2 released")
}

// TestRefused: malformed bodies get 400 (and the spec refuses them too),
// an implementation error 500 without its details, other methods and paths
// 405 and 404.
func TestRefused(t *testing.T) {
	f := newFixture(t)
	for name, body := range map[string]string{
		"not JSON":         `{"raasTxnRef":`,
		"missing required": `{"raasTxnRef":"x","clientTxnRef":"y","productId":1,"purchaseAmount":1}`,
		"wrong type":       `{"raasTxnRef":"x","clientTxnRef":"y","productId":"one","purchaseAmount":1,"reserveAmount":1}`,
		"empty":            ``,
	} {
		x := f.call("/reserveFunds", body, "ok", false)
		require.Equal(t, http.StatusBadRequest, x.status, name)
	}
	x := f.call("/transactResult", `{"raasTxnRef":"x"}`, "ok", false)
	require.Equal(t, http.StatusBadRequest, x.status)
	require.Equal(t, "request body lacks the required property \"responseCode\"\n", string(x.body))

	f.bank.fail = true
	x = f.call("/reserveFunds", reserve("e1", 1_000, "1234"), "ok", true)
	require.Equal(t, http.StatusInternalServerError, x.status)
	f.documented(x)
	require.NotContains(t, string(x.body), "hunter2")
	require.Contains(t, f.logs.String(), "ledger unreachable", "the error is logged")

	resp, err := f.srv.Client().Get(f.srv.URL + "/reserveFunds")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	resp, err = f.srv.Client().Post(f.srv.URL+"/elsewhere", "application/json", strings.NewReader("{}"))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)

	logs := f.logs.String()
	require.NotContains(t, logs, secret)
	require.NotContains(t, logs, "27820000000", "a request body reached the log")
}
