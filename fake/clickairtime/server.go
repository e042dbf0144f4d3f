package clickairtime

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/faults"
	"github.com/codebookgen/codebook/fake/internal/ledger"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

// The credentials, currency and balance of a Server made without options.
const (
	DefaultEmail    = "fake@example.com"
	DefaultToken    = "fake-token"
	DefaultCurrency = "USD"
	DefaultBalance  = 1_000_000.0
)

// maxBody bounds the request bodies the server reads.
const maxBody = 1 << 20

// Op names an operation of the API by its operationId.
type Op string

// The operations the fake serves, and OpOther for every other path.
const (
	// AnyOp, given to InjectFaults, matches every operation.
	AnyOp Op = ""
	// OpTopUp is POST /adp.
	OpTopUp Op = "topUp"
	// OpGetTransactions is GET /adp/transactions.
	OpGetTransactions Op = "getTransactions"
	// OpGetBalances is GET /adp/balances.
	OpGetBalances Op = "getBalances"
	// OpOther is any other request; it is answered 404.
	OpOther Op = "other"
)

// State is the state of a transaction: StatePending, StateSuccess or
// StateFailed; its String is the state GET /adp/transactions shows.
type State = ledger.State

// The states of a transaction.
const (
	StatePending = ledger.Pending
	StateSuccess = ledger.Succeeded
	StateFailed  = ledger.Failed
)

// Request is what a Script and a fault chooser see of a request.
type Request struct {
	// Op is the operation.
	Op Op
	// Seq is the request's number among all the server received, from 1.
	Seq int
	// Method, Path and Query are the request's.
	Method string
	Path   string
	Query  url.Values
	// Header is the request's header.
	Header http.Header
	// Body is the request's body (at most 1 MiB of it).
	Body []byte

	// ExtRefID, MSISDN, Amount, ProductID and ProcessingMode are the fields
	// of a top-up's body (zero for other operations or a body that does not
	// decode).
	ExtRefID       string
	MSISDN         string
	Amount         float64
	ProductID      int64
	ProcessingMode string
	// Attempt is how many top-ups carried ExtRefID so far, this one included.
	Attempt int
	// Duplicate reports whether the duplicate check recognised ExtRefID as
	// already in the ledger when the request arrived (a Script sees it again
	// when the request is processed; see WithDuplicateDetection for a check
	// that lags or is off).
	Duplicate bool
}

// CommitMode says whether an Outcome writes the ledger.
type CommitMode uint8

// The commit modes.
const (
	// CommitAuto writes the ledger for a row of the top-up table, unless it
	// is sent with HTTP 400; status-only rows (TableHTTPStatus) write nothing.
	CommitAuto CommitMode = iota
	// CommitAlways writes the ledger whatever the answer (a 500 after the
	// top-up happened, say).
	CommitAlways
	// CommitNever answers without writing the ledger: the extRefId stays
	// unused.
	CommitNever
)

// Outcome is a scripted answer. The zero Outcome means "the default": a
// success (232 queued for processingMode ASYNC, 20 low balance when the
// balance is short) for a new top-up, code 90 for a duplicate one, and the
// ledger's answer for other operations.
type Outcome struct {
	// Entry is the answer: a row of TableTopup for a top-up (any code), a
	// row of TableTransactionErrors or TableBalanceErrors for those
	// operations, or a status-only row of TableHTTPStatus (such as
	// HTTPStatusInternalServerError) for any operation.
	Entry ca.Entry
	// Status is the HTTP status of the answer; 0 means the row's own status,
	// or 200 for a code the docs give no status (403 is the other documented
	// choice for a failed top-up).
	Status int
	// Final is how the transaction ends, for a top-up that writes the ledger:
	// for a pending answer (10, 232) the row it settles to, TopupSuccess when
	// zero; for any other answer that is not a success the row the ledger
	// records, which is the answer itself when zero (so code 5 records
	// FAILED unless Final is TopupSuccess). A pending Final never settles by
	// itself.
	Final ca.Entry
	// PendingLookups is how many lookups see a pending transaction pending;
	// 0 means the server's default (WithPending), negative means lookups
	// never settle it.
	PendingLookups int
	// PendingFor is how long a pending transaction stays pending whatever the
	// lookups; 0 means the server's default.
	PendingFor time.Duration
	// Commit says whether the answer writes the ledger.
	Commit CommitMode
}

// Script chooses the answer to a request; the zero Outcome means the default.
// For a top-up it is asked after the outcomes of ScriptReference and Enqueue;
// for a duplicate top-up (Request.Duplicate) it alone is asked, and whatever
// it answers the ledger is not written again. For the other operations an
// Outcome whose Entry belongs to the operation's table (TableTransactionErrors,
// TableBalanceErrors) or to TableHTTPStatus replaces the ledger's answer; any
// other Outcome is ignored, so a Script written for top-ups need not check
// Request.Op.
type Script func(Request) Outcome

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the email and token the server accepts.
func WithCredentials(email, token string) Option {
	return func(s *Server) { s.email, s.token = email, token }
}

// WithScript sets the Script.
func WithScript(f Script) Option { return func(s *Server) { s.ctl.SetScript(f) } }

// WithFaults sets the function choosing the fault of every request not given
// one by InjectFaults; fault.Random[Request] makes a seeded one.
func WithFaults(f func(Request) fault.Fault) Option { return func(s *Server) { s.ctl.SetFaults(f) } }

// WithPending sets how pending transactions settle when their Outcome does not
// say: they stay pending for the first lookups lookups (default 1; negative:
// never by lookups) and, when after > 0, until after has passed since the
// top-up.
func WithPending(lookups int, after time.Duration) Option {
	return func(s *Server) { s.pending = ledger.Settling{Lookups: lookups, For: after} }
}

// WithClock sets the clock of the ledger (the default is time.Now).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithBalance sets the account's opening balance (default DefaultBalance). A
// default top-up larger than what is left is answered with code 20.
func WithBalance(b float64) Option { return func(s *Server) { s.balance = b } }

// WithCurrency sets the currency transactions show (default DefaultCurrency).
func WithCurrency(c string) Option { return func(s *Server) { s.currency = c } }

// DuplicateDetection is how the provider recognises a top-up whose extRefId
// it already holds; the zero value recognises it at once (code 90), as the
// docs say. Its fields: None (no detection at all: every send is charged
// again) and Lag (a resend within Lag of the first charge of its extRefId,
// measured on the server's clock, is not recognised and is charged again).
type DuplicateDetection = ledger.Dedupe

// WithDuplicateDetection sets how a resend of an extRefId already in the
// ledger is recognised (default: at once, answered with code 90). With a Lag
// or None the resend the check misses writes a second transaction for the
// same extRefId and charges it again: Charges(ref) counts both.
func WithDuplicateDetection(d DuplicateDetection) Option {
	return func(s *Server) { s.cfg.Dedupe = d }
}

// WithLookupLag makes a transaction visible to GET /adp/transactions only lag
// after it was written (on the server's clock): a lookup right after the
// top-up answers the documented 404 "No transactions found". The default is
// no lag.
func WithLookupLag(lag time.Duration) Option { return func(s *Server) { s.cfg.LookupLag = lag } }

// WithRefusedResend makes the provider refuse a top-up whose extRefId was
// already charged with e (a row of TableTopup, such as TopupLowBalance: the
// first charge spent the float, or TopupInvalidRecipient and
// TopupBundleFailed: the operator refuses a repeat) before the duplicate
// check: the resend is answered e instead of code 90 (or of a second charge
// under a lagging check), writes nothing, and the Script is not asked. The
// default (0) is no refusal.
func WithRefusedResend(e ca.Entry) Option { return func(s *Server) { s.refusal = e } }

// txData is the Click Airtime part of a ledger record.
type txData struct {
	id        string
	msisdn    string
	productID int64
	answer    ca.Entry
	status    int
	final     ca.Entry
}

// Server is the fake. It is safe for concurrent use. Its zero value is not
// usable: make one with New or NewHandler.
type Server struct {
	base   *faults.Base
	ledger *ledger.Ledger[txData]

	email, token string
	currency     string
	balance      float64
	now          func() time.Time
	pending      ledger.Settling
	cfg          ledger.Config
	refusal      ca.Entry
	ctl          faults.Control[Request, Outcome]
}

// NewHandler returns a Server that is not listening: serve it with your own
// http.Server (faults that hijack the connection need HTTP/1.x).
func NewHandler(opts ...Option) *Server {
	s := &Server{
		base:     faults.NewBase(),
		email:    DefaultEmail,
		token:    DefaultToken,
		currency: DefaultCurrency,
		balance:  DefaultBalance,
		now:      time.Now,
		pending:  ledger.Settling{Lookups: 1},
	}
	for _, o := range opts {
		o(s)
	}
	s.ledger = ledger.NewWith[txData](s.now, s.cfg)
	return s
}

// New returns a Server listening on a new httptest server; Close it when done.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Start(s)
	return s
}

// URL returns the base URL of the server (for the generated client's
// WithBaseURL); "" for a Server made by NewHandler.
func (s *Server) URL() string { return s.base.URL() }

// Client returns an http.Client for the server (nil for NewHandler).
func (s *Server) Client() *http.Client { return s.base.Client() }

// Close shuts the server down, ending the delays in progress. It may be
// called more than once.
func (s *Server) Close() { s.base.Close() }

// SetScript replaces the Script.
func (s *Server) SetScript(f Script) { s.ctl.SetScript(f) }

// SetFaults replaces the fault chooser (see WithFaults).
func (s *Server) SetFaults(f func(Request) fault.Fault) { s.ctl.SetFaults(f) }

// Enqueue queues outcomes for the next top-ups with a new extRefId (or none),
// one each, in order, ahead of the Script.
func (s *Server) Enqueue(outcomes ...Outcome) { s.ctl.Enqueue(outcomes...) }

// ScriptReference sets the outcome of the first top-up with extRefId ref,
// ahead of Enqueue and the Script.
func (s *Server) ScriptReference(ref string, o Outcome) { s.ctl.ScriptReference(ref, o) }

// InjectFaults queues one-shot faults for the next requests of op (AnyOp: of
// any operation), one each, in order, ahead of the WithFaults chooser.
func (s *Server) InjectFaults(op Op, fs ...fault.Fault) { s.base.Queue.Push(string(op), fs...) }

// Transaction is a transaction of the ledger.
type Transaction struct {
	// ExtRefID is the client's reference ("" when it sent none).
	ExtRefID string
	// TransactionID is the fake's id (a UUID).
	TransactionID string
	// MSISDN, Amount and ProductID are the top-up's.
	MSISDN    string
	Amount    float64
	ProductID int64
	// Currency is the server's.
	Currency string
	// State is the state now.
	State State
	// Answer is the row the top-up was answered with, and Status its HTTP
	// status.
	Answer ca.Entry
	Status int
	// Final is the row the transaction ends as (for a pending one, the row it
	// will settle to).
	Final ca.Entry
	// Charged reports whether the top-up took the amount from the balance.
	Charged bool
	// Lookups is how many lookups found it.
	Lookups int
	// Created is when it was written; Settled when it became final.
	Created time.Time
	Settled time.Time
}

func toTransaction(r ledger.Record[txData], currency string) Transaction {
	return Transaction{
		ExtRefID:      r.Ref,
		TransactionID: r.Data.id,
		MSISDN:        r.Data.msisdn,
		Amount:        r.Amount,
		ProductID:     r.Data.productID,
		Currency:      currency,
		State:         r.State,
		Answer:        r.Data.answer,
		Status:        r.Data.status,
		Final:         r.Data.final,
		Charged:       r.Charged,
		Lookups:       r.Lookups,
		Created:       r.Created,
		Settled:       r.Settled,
	}
}

// Transaction returns the (first) transaction of extRefId ref, without
// counting a lookup; the lookup lag does not apply.
func (s *Server) Transaction(ref string) (Transaction, bool) {
	r, ok := s.ledger.Get(ref)
	if !ok {
		return Transaction{}, false
	}
	return toTransaction(r, s.currency), true
}

// Transactions returns every transaction, in the order they were written.
func (s *Server) Transactions() []Transaction {
	var out []Transaction
	for _, r := range s.ledger.Find(nil) {
		out = append(out, toTransaction(r, s.currency))
	}
	return out
}

// Charges returns how many times extRefId ref was charged: 0 or 1 for a
// reference under the default duplicate detection, more when the check lags
// or is off (WithDuplicateDetection) and the provider charged a resend again
// ("" counts the top-ups sent without a reference).
func (s *Server) Charges(ref string) int { return s.ledger.Charges(ref) }

// Attempts returns how many top-ups carried extRefId ref, faulted, refused
// and duplicate ones included.
func (s *Server) Attempts(ref string) int { return s.base.Attempts(ref) }

// Settle ends the pending transactions of ref now, as final (a row of
// TableTopup: TopupSuccess, or a failure); it reports false when ref has none
// pending.
func (s *Server) Settle(ref string, final ca.Entry) bool {
	return s.ledger.Settle(ref, stateOf(final), func(d *txData) { d.final = final })
}

// Balance returns what is left of the opening balance.
func (s *Server) Balance() float64 { return s.balance - s.ledger.Spent() }

// Stats are the server's counters.
type Stats struct {
	// Requests is how many requests arrived, and ByOp how many per operation.
	Requests int
	ByOp     map[Op]int
	// Unauthorized is how many were refused with 401.
	Unauthorized int
	// Commits is how many transactions were written; Charges how many of
	// them took money; Duplicates how many top-ups found their extRefId
	// already written.
	Commits    int
	Charges    int
	Duplicates int
	// Lookups is how many transaction searches were answered from the ledger.
	Lookups int
	// Faults is how many faults were struck, by kind.
	Faults map[fault.Kind]int
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	n, byOp := s.base.Requests()
	st := Stats{Requests: n, ByOp: map[Op]int{}, Faults: s.base.Struck.Map()}
	for k, v := range byOp {
		st.ByOp[Op(k)] = v
	}
	c := s.ledger.Counts()
	st.Commits, st.Charges, st.Duplicates, st.Lookups = c.Commits, c.Charges, c.Duplicates, c.Lookups
	st.Unauthorized = s.ctl.Refused()
	return st
}

// ServeHTTP answers one request, faults included.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	req := Request{
		Op:     route(r),
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Body:   body,
	}
	if req.Op == OpTopUp {
		var tb topUpBody
		if json.Unmarshal(body, &tb) == nil {
			req.ExtRefID, req.MSISDN, req.ProcessingMode = tb.ExtRefID, tb.Msisdn, tb.ProcessingMode
			if tb.Amount != nil {
				req.Amount = *tb.Amount
			}
			if tb.ProductID != nil {
				req.ProductID = *tb.ProductID
			}
		}
	}
	req.Seq, req.Attempt = s.base.Count(string(req.Op), req.ExtRefID)
	if req.Op == OpTopUp {
		req.Duplicate = s.ledger.Recognised(req.ExtRefID)
	}
	f := s.ctl.Fault(&s.base.Queue, string(req.Op), req)
	errs := faults.Answers{Unavailable: s.unavailable}
	if req.Op == OpGetTransactions {
		errs.NotFound = s.notFound
	}
	s.base.Serve(w, r, f, func() faults.Response {
		if req.Op == OpTopUp {
			req.Duplicate = s.ledger.Recognised(req.ExtRefID) // again: a slow commit runs late
		}
		return s.process(r, req, f)
	}, errs)
}

func route(r *http.Request) Op {
	switch {
	case r.URL.Path == "/adp" && r.Method == http.MethodPost:
		return OpTopUp
	case r.URL.Path == "/adp/transactions" && r.Method == http.MethodGet:
		return OpGetTransactions
	case r.URL.Path == "/adp/balances" && r.Method == http.MethodGet:
		return OpGetBalances
	}
	return OpOther
}

// envelope is the V1 response envelope.
type envelope struct {
	Message    string `json:"message"`
	StatusCode int    `json:"statusCode"`
	Code       *int   `json:"code,omitempty"`
	Data       any    `json:"data,omitempty"`
}

func answer(status int, e envelope) faults.Response {
	e.StatusCode = status
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return faults.JSON(status, b)
}

// unavailable is the documented 503 answer.
func (s *Server) unavailable() faults.Response {
	return answer(http.StatusServiceUnavailable, envelope{Message: ca.HTTPStatusServiceUnavailable.Description()})
}

// notFound is the documented answer of a lookup that found nothing.
func (s *Server) notFound() faults.Response {
	return answer(http.StatusNotFound, envelope{Message: ca.TransactionErrorsNoTransactions.Message()})
}

// process handles an authenticated or refused request under fault f (which
// may shape a lookup's answer) and returns the answer.
func (s *Server) process(r *http.Request, req Request, f fault.Fault) faults.Response {
	if r.Header.Get("X-Click-Airtime-Email") != s.email || r.Header.Get("X-Click-Airtime-Token") != s.token || s.email == "" {
		s.ctl.Unauthorized()
		return answer(http.StatusUnauthorized, envelope{Message: "Invalid or missing authentication credentials"})
	}
	switch req.Op {
	case OpTopUp:
		return s.topUp(req)
	case OpGetTransactions:
		if o := s.scriptedFor(req, ca.TableTransactionErrors); o.Entry != 0 {
			return entryAnswer(o, nil)
		}
		return s.transactions(req, f)
	case OpGetBalances:
		if o := s.scriptedFor(req, ca.TableBalanceErrors); o.Entry != 0 {
			return entryAnswer(o, nil)
		}
		return answer(http.StatusOK, envelope{Message: "Success", Data: []balance{{
			ServiceName: "Click Airtime (fake)", ServiceCountry: "ZW", Balance: s.Balance(),
		}}})
	}
	if o := s.scriptedFor(req); o.Entry != 0 {
		return entryAnswer(o, nil)
	}
	return answer(http.StatusNotFound, envelope{Message: ca.HTTPStatusNotFound.Description()})
}

// scriptedFor asks the Script about a request other than a top-up: an answer
// from a table other than tables and TableHTTPStatus is ignored, so that a
// Script written for top-ups leaves the other operations alone.
func (s *Server) scriptedFor(req Request, tables ...ca.Table) Outcome {
	o := s.ctl.Scripted(req)
	t := o.Entry.Table()
	if t == ca.TableHTTPStatus {
		return o
	}
	for _, want := range tables {
		if t == want {
			return o
		}
	}
	return Outcome{}
}

type balance struct {
	ServiceName    string  `json:"serviceName"`
	ServiceCountry string  `json:"serviceCountry"`
	Balance        float64 `json:"balance"`
}

type topUpBody struct {
	Msisdn         string   `json:"msisdn"`
	Amount         *float64 `json:"amount"`
	ExtRefID       string   `json:"extRefId"`
	ProductID      *int64   `json:"productId"`
	ProcessingMode string   `json:"processingMode"`
	SendSMS        *bool    `json:"sendSMS"`
}

// transaction is an item of GET /adp/transactions and the data of a top-up.
// ExtRefID is not in the docs' sample (whose field table was not retrieved):
// the fake adds it so that a client can tell whose record it got.
type transaction struct {
	TransactionID string  `json:"transactionId"`
	ExtRefID      string  `json:"extRefId,omitempty"`
	Amount        float64 `json:"amount"`
	Currency      string  `json:"currency"`
	Msisdn        string  `json:"msisdn"`
	State         string  `json:"state"`
}

func (s *Server) item(r ledger.Record[txData]) transaction {
	return transaction{TransactionID: r.Data.id, ExtRefID: r.Ref, Amount: r.Amount, Currency: s.currency, Msisdn: r.Data.msisdn, State: r.State.String()}
}

// statusOf is the HTTP status an entry is sent with by default.
func statusOf(e ca.Entry) int {
	if st := e.HTTPStatus(); st != 0 {
		return st
	}
	switch e {
	case ca.TransactionErrorsMissingSearchParameter:
		return http.StatusBadRequest
	case ca.TransactionErrorsInvalidCredentials, ca.BalanceErrorsInvalidCredentials:
		return http.StatusUnauthorized
	case ca.TransactionErrorsNoTransactions, ca.BalanceErrorsAccountNotFound:
		return http.StatusNotFound
	}
	return http.StatusOK
}

// entryAnswer is the envelope of a scripted entry; data, when not nil, is the
// top-up's data.
func entryAnswer(o Outcome, data any) faults.Response {
	st := o.Status
	if st == 0 {
		st = statusOf(o.Entry)
	}
	e := envelope{Message: o.Entry.Message(), Data: data}
	if e.Message == "" {
		e.Message = o.Entry.Description()
	}
	if o.Entry.HasCode() {
		c := int(o.Entry.Code())
		e.Code = &c
	}
	return answer(st, e)
}

// stateOf is the ledger state a row leaves a transaction in.
func stateOf(e ca.Entry) State {
	switch e.Class().Outcome {
	case codebook.OutcomeSuccess:
		return StateSuccess
	case codebook.OutcomePending:
		return StatePending
	}
	return StateFailed
}

// topUp handles POST /adp.
func (s *Server) topUp(req Request) faults.Response {
	var tb topUpBody
	if err := json.Unmarshal(req.Body, &tb); err != nil {
		return answer(http.StatusBadRequest, envelope{Message: "Invalid JSON body"})
	}
	switch {
	case tb.Msisdn == "":
		return answer(http.StatusBadRequest, envelope{Message: "msisdn is required"})
	case tb.Amount == nil && tb.ProductID == nil:
		return answer(http.StatusBadRequest, envelope{Message: "amount is required unless productId is given"})
	case tb.Amount != nil && *tb.Amount <= 0:
		return answer(http.StatusBadRequest, envelope{Message: "amount must be positive"})
	case tb.ProcessingMode != "" && tb.ProcessingMode != "SYNC" && tb.ProcessingMode != "ASYNC":
		return answer(http.StatusBadRequest, envelope{Message: "processingMode must be SYNC or ASYNC"})
	}
	ref := req.ExtRefID
	if s.refusal != 0 && ref != "" && s.ledger.Charges(ref) > 0 {
		s.ledger.CountDuplicate()
		return entryAnswer(Outcome{Entry: s.refusal}, nil)
	}
	if req.Duplicate {
		s.ledger.CountDuplicate()
		if o := s.ctl.Scripted(req); o.Entry != 0 {
			return entryAnswer(o, nil)
		}
		return s.duplicate()
	}
	o, scripted := s.ctl.Next(req.ExtRefID, req)
	if !scripted {
		return s.commitDefault(req)
	}
	if !commits(o) {
		return entryAnswer(o, nil)
	}
	rec, ok := s.ledger.Commit(ref, func(float64) ledger.Record[txData] { return s.record(req, o) })
	if !ok {
		return s.duplicate()
	}
	return entryAnswer(o, s.item(rec))
}

// duplicate is the answer to an extRefId already in the ledger.
func (s *Server) duplicate() faults.Response {
	return entryAnswer(Outcome{Entry: ca.TopupDuplicateReference}, nil)
}

// commits reports whether o writes the ledger.
func commits(o Outcome) bool {
	switch o.Commit {
	case CommitAlways:
		return true
	case CommitNever:
		return false
	}
	st := o.Status
	if st == 0 {
		st = statusOf(o.Entry)
	}
	return o.Entry.Table() == ca.TableTopup && st != http.StatusBadRequest
}

// record builds the ledger record of a new top-up answered with o.
func (s *Server) record(req Request, o Outcome) ledger.Record[txData] {
	st := o.Status
	if st == 0 {
		st = statusOf(o.Entry)
	}
	rec := ledger.Record[txData]{
		Amount: req.Amount,
		Data:   txData{id: ledger.NewUUID(), msisdn: req.MSISDN, productID: req.ProductID, answer: o.Entry, status: st},
	}
	final := o.Final
	switch stateOf(o.Entry) {
	case StateSuccess:
		final = o.Entry
		rec.State = StateSuccess
	case StatePending:
		if final == 0 {
			final = ca.TopupSuccess
		}
		rec.State = StatePending
	default:
		if final == 0 {
			final = o.Entry
		}
		rec.State = stateOf(final)
	}
	rec.Data.final = final
	rec.Final = stateOf(final)
	rec.Charged = rec.State != StateFailed
	if rec.State == StatePending {
		rec.Schedule(ledger.Settling{Lookups: o.PendingLookups, For: o.PendingFor}, s.pending, s.now())
	}
	return rec
}

// commitDefault answers a new top-up nobody scripted: success (232 for
// ASYNC), or 20 when the balance is short.
func (s *Server) commitDefault(req Request) faults.Response {
	var o Outcome
	rec, ok := s.ledger.Commit(req.ExtRefID, func(spent float64) ledger.Record[txData] {
		o = Outcome{Entry: ca.TopupSuccess}
		if req.ProcessingMode == "ASYNC" {
			o.Entry = ca.TopupQueued
		}
		if req.Amount > s.balance-spent {
			o = Outcome{Entry: ca.TopupLowBalance}
		}
		return s.record(req, o)
	})
	if !ok {
		return s.duplicate()
	}
	return entryAnswer(o, s.item(rec))
}

// transactions handles GET /adp/transactions; f may add other records.
func (s *Server) transactions(req Request, f fault.Fault) faults.Response {
	ext, id, msisdn := req.Query.Get("extRefId"), req.Query.Get("transaction_Id"), req.Query.Get("msisdn")
	if ext == "" && id == "" && msisdn == "" {
		return answer(http.StatusBadRequest, envelope{Message: ca.TransactionErrorsMissingSearchParameter.Message()})
	}
	found := s.ledger.Lookup(func(r *ledger.Record[txData]) bool {
		return (ext == "" || r.Ref == ext) && (id == "" || r.Data.id == id) && (msisdn == "" || r.Data.msisdn == msisdn)
	})
	items := make([]transaction, 0, len(found)+1)
	for _, r := range found {
		items = append(items, s.item(r))
	}
	switch f.Kind {
	case fault.KindOthersFirst:
		items = append([]transaction{s.other(req, items, f.OtherState())}, items...)
	case fault.KindOthersInstead:
		items = []transaction{s.other(req, items, f.OtherState())}
	case fault.KindOursTwice:
		if len(items) > 0 {
			twin := items[0]
			twin.TransactionID, twin.State = ledger.NewUUID(), opposite(found[0].State).String()
			items = append(items, twin)
		}
	}
	if len(items) == 0 {
		return s.notFound()
	}
	return answer(http.StatusOK, envelope{Message: "Success", Data: items})
}

// other is the record of another reference that a lookup shows under an
// OthersFirst or OthersInstead fault: same number and amount as ours when
// ours was found, extRefId "other-" and ours, in state st.
func (s *Server) other(req Request, ours []transaction, st State) transaction {
	t := transaction{Msisdn: req.Query.Get("msisdn"), Amount: 1}
	if len(ours) > 0 {
		t = ours[0]
	}
	if t.Msisdn == "" {
		t.Msisdn = "263700000000"
	}
	ref := req.Query.Get("extRefId")
	if ref == "" {
		ref = "reference"
	}
	t.TransactionID, t.ExtRefID, t.Currency, t.State = ledger.NewUUID(), "other-"+ref, s.currency, st.String()
	return t
}

// opposite is the state a record that disagrees with one in state st shows.
func opposite(st State) State {
	if st == StateFailed {
		return StateSuccess
	}
	return StateFailed
}
