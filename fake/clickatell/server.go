package clickatell

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/faults"
	"github.com/codebookgen/codebook/fake/internal/ledger"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// The credentials of a Server made without options, and its token lifetime.
const (
	DefaultAPIKey       = "fake-api-key"
	DefaultClientID     = "200"
	DefaultClientSecret = "fake-client-secret"
	// DefaultAccessToken is a bearer token the server always accepts (see
	// WithAccessToken), for clients that do not fetch tokens.
	DefaultAccessToken = "fake-access-token"
	DefaultTokenTTL    = 300 * time.Second
)

// The paths of the operations that have a fixed path.
const (
	TokenPath    = "/auth/realms/UAT-API/protocol/openid-connect/token"
	LookupPath   = "/apiman-gateway/PaydServices/lookup-api/2.0"
	InFlightPath = "/apiman-gateway/PaydServices/in-flight-transaction-check/1.0"
)

// lookupWindow is how far back Transaction Lookup sees.
const lookupWindow = 30 * 24 * time.Hour

// maxBody bounds the request bodies the server reads.
const maxBody = 1 << 20

// Op names an operation of the API by its operationId.
type Op string

// The operations the fake serves, and OpOther for every other request.
const (
	// AnyOp, given to InjectFaults, matches every operation.
	AnyOp Op = ""
	// OpGetToken is POST TokenPath.
	OpGetToken Op = "getToken"
	// OpReserveAndTransact is POST /raas/{version}/reserveAndTransact.
	OpReserveAndTransact Op = "reserveAndTransact"
	// OpTransact is POST /raas/{version}/transact.
	OpTransact Op = "transact"
	// OpTransactionLookup is GET LookupPath.
	OpTransactionLookup Op = "transactionLookup"
	// OpInFlightTransactionCheck is POST InFlightPath.
	OpInFlightTransactionCheck Op = "inFlightTransactionCheck"
	// OpOther is any other request; it is answered 404.
	OpOther Op = "other"
)

// State is the state of a transaction: StatePending, StateSuccess or
// StateFailed; its String is the transactionStatus lookups show.
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

	// The fields of a purchase's body (zero for other operations or a body
	// that does not decode), and Version the path's version segment.
	ClientTxnRef       string
	ClientID           int32
	PurchaseAmount     int64
	FeeAmount          int64
	ProductID          int32
	SourceIdentifier   string
	TargetIdentifier   string
	ReserveFundsTxnRef string
	Version            string
	// Attempt is how many purchases carried ClientTxnRef so far, this one
	// included.
	Attempt int
	// Duplicate reports whether the duplicate check recognised ClientTxnRef
	// as already in the ledger when the request arrived (a Script sees it
	// again when the request is processed; see WithDuplicateDetection for a
	// check that lags or is off).
	Duplicate bool
}

// CommitMode says whether an Outcome writes the ledger.
type CommitMode uint8

// The commit modes.
const (
	// CommitAuto writes the ledger for a row of TableReserveAndTransact or
	// TableTransact, unless it is sent with HTTP 400; status-only rows
	// (TableHTTPStatus) write nothing.
	CommitAuto CommitMode = iota
	// CommitAlways writes the ledger whatever the answer (a 500 after the
	// purchase was made, say).
	CommitAlways
	// CommitNever answers without writing the ledger.
	CommitNever
)

// Outcome is a scripted answer. The zero Outcome means "the default": 0000
// and a pending transaction that settles SUCCESS for a new purchase, the
// replayed first answer for a duplicate, and the ledger's answer for other
// operations.
type Outcome struct {
	// Entry is the answer: for a purchase a row of TableReserveAndTransact or
	// TableTransact (any code) or of TableHTTPStatus (a status-only answer);
	// for Transaction Lookup and In-Flight Transaction Check a row of their
	// tables or of TableHTTPStatus.
	Entry cl.Entry
	// Status is the HTTP status of the answer; 0 means the row's own status,
	// or 200 for a code the docs give no status.
	Status int
	// Result is how a purchase that writes the ledger ends, as lookups show
	// it: TransactResultSuccess (the default after 0000), a failure row of
	// TableTransactResult (transactResultResponseCode), or a row of
	// TableReserveFunds (the reservation failed: reserveFundsResponseCode).
	// A pending or uncertain row (9999, 9001, 2601, 2603, 2239, 2060, 2090)
	// leaves the transaction PENDING until Settle. After an answer other than
	// 0000 the zero Result records the purchase FAILED.
	Result cl.Entry
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
// For a purchase it is asked after the outcomes of ScriptReference and
// Enqueue; for a duplicate purchase (Request.Duplicate) it alone is asked, and
// whatever it answers the ledger is not written again. For the other
// operations an Outcome whose Entry belongs to the operation's table
// (TableTransactionLookup, TableInflightTransactionCheck,
// TableSecurityService) or to TableHTTPStatus replaces the usual answer; any
// other Outcome is ignored, so a Script written for purchases need not check
// Request.Op.
type Script func(Request) Outcome

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the X-API-Key the server accepts.
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithClientCredentials sets the client id and secret the token endpoint
// accepts.
func WithClientCredentials(id, secret string) Option {
	return func(s *Server) { s.clientID, s.clientSecret = id, secret }
}

// WithAccessToken sets the static bearer token the server accepts besides
// the tokens it issues (default DefaultAccessToken; "" accepts issued tokens
// only).
func WithAccessToken(token string) Option { return func(s *Server) { s.staticToken = token } }

// WithTokenTTL sets the lifetime of issued tokens (default DefaultTokenTTL),
// measured on the server's clock.
func WithTokenTTL(d time.Duration) Option { return func(s *Server) { s.tokenTTL = d } }

// WithScript sets the Script.
func WithScript(f Script) Option { return func(s *Server) { s.ctl.SetScript(f) } }

// WithFaults sets the function choosing the fault of every request not given
// one by InjectFaults; fault.Random[Request] makes a seeded one.
func WithFaults(f func(Request) fault.Fault) Option { return func(s *Server) { s.ctl.SetFaults(f) } }

// WithPending sets how pending transactions settle when their Outcome does not
// say: they stay pending for the first lookups lookups (default 1; negative:
// never by lookups) and, when after > 0, until after has passed since the
// purchase.
func WithPending(lookups int, after time.Duration) Option {
	return func(s *Server) { s.pending = ledger.Settling{Lookups: lookups, For: after} }
}

// WithClock sets the clock of the ledger and of token expiry (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// DuplicateDetection is how the fake recognises a purchase whose clientTxnRef
// it already holds; the zero value recognises it at once and replays the
// first answer (the docs give no code for a reused clientTxnRef). Its fields:
// None (no detection at all: every send is charged, as nothing in the docs
// rules out) and Lag (a resend within Lag of the first purchase of its
// clientTxnRef, measured on the server's clock, is not recognised and is
// charged again).
type DuplicateDetection = ledger.Dedupe

// WithDuplicateDetection sets how a resend of a clientTxnRef already in the
// ledger is recognised (default: at once, the first answer replayed). With
// None or a Lag the resend the check misses writes a second transaction for
// the same clientTxnRef, with a raasTxnRef of its own, and reserves the funds
// again: Charges(ref) counts both.
func WithDuplicateDetection(d DuplicateDetection) Option {
	return func(s *Server) { s.cfg.Dedupe = d }
}

// WithLookupLag makes a transaction visible to Transaction Lookup and to
// In-Flight Transaction Check only lag after it was written (on the server's
// clock): a lookup right after the purchase answers the documented 404
// "Client transaction reference ID: ‘<ref>’ not found". The default is no
// lag.
func WithLookupLag(lag time.Duration) Option { return func(s *Server) { s.cfg.LookupLag = lag } }

// WithRefusedResend makes the provider refuse a purchase whose clientTxnRef
// already reserved funds with e, before the duplicate check: the resend is
// answered e (with its HTTP status, 200 for a row that has none) instead of
// the replayed first answer (or of a second charge when the check lags or is
// off), writes nothing, and the Script is not asked. The docs have no
// insufficient-funds row in the purchase tables: ReserveFundsInsufficientFunds
// (2010, what the bank answered the reservation) is the natural choice, which
// Reserve and Transact's table does not list (it classifies uncertain); the
// Transact table's failures (TransactMaximumAmountExceeded 2040,
// TransactBelowMinimumAmount 2050, TransactSourceBlacklisted 2070) classify
// failed. The default (0) is no refusal.
func WithRefusedResend(e cl.Entry) Option { return func(s *Server) { s.refusal = e } }

// txData is the Clickatell part of a ledger record.
type txData struct {
	op                 Op
	raasTxnRef         string
	reserveFundsTxnRef string
	clientID           int32
	productID          int32
	purchaseAmount     int64
	feeAmount          int64
	sourceIdentifier   string
	targetIdentifier   string
	channelID          int32
	channelName        string
	channelSessionID   string
	answer             cl.Entry
	answerResp         faults.Response
	result             cl.Entry
}

// Server is the fake. It is safe for concurrent use. Its zero value is not
// usable: make one with New or NewHandler.
type Server struct {
	base   *faults.Base
	ledger *ledger.Ledger[txData]

	apiKey                 string
	clientID, clientSecret string
	staticToken            string
	tokenTTL               time.Duration
	now                    func() time.Time
	pending                ledger.Settling
	cfg                    ledger.Config
	refusal                cl.Entry
	ctl                    faults.Control[Request, Outcome]

	mu     sync.Mutex
	tokens map[string]time.Time
	issued int
}

// NewHandler returns a Server that is not listening: serve it with your own
// http.Server (faults that hijack the connection need HTTP/1.x).
func NewHandler(opts ...Option) *Server {
	s := &Server{
		base:         faults.NewBase(),
		apiKey:       DefaultAPIKey,
		clientID:     DefaultClientID,
		clientSecret: DefaultClientSecret,
		staticToken:  DefaultAccessToken,
		tokenTTL:     DefaultTokenTTL,
		now:          time.Now,
		pending:      ledger.Settling{Lookups: 1},
		tokens:       map[string]time.Time{},
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

// TokenURL returns the URL of the token endpoint (for ClientCredentials).
func (s *Server) TokenURL() string { return s.base.URL() + TokenPath }

// Client returns an http.Client for the server (nil for NewHandler).
func (s *Server) Client() *http.Client { return s.base.Client() }

// Close shuts the server down, ending the delays in progress. It may be
// called more than once.
func (s *Server) Close() { s.base.Close() }

// SetScript replaces the Script.
func (s *Server) SetScript(f Script) { s.ctl.SetScript(f) }

// SetFaults replaces the fault chooser (see WithFaults).
func (s *Server) SetFaults(f func(Request) fault.Fault) { s.ctl.SetFaults(f) }

// Enqueue queues outcomes for the next purchases with a new clientTxnRef,
// one each, in order, ahead of the Script.
func (s *Server) Enqueue(outcomes ...Outcome) { s.ctl.Enqueue(outcomes...) }

// ScriptReference sets the outcome of the first purchase with clientTxnRef
// ref, ahead of Enqueue and the Script.
func (s *Server) ScriptReference(ref string, o Outcome) { s.ctl.ScriptReference(ref, o) }

// InjectFaults queues one-shot faults for the next requests of op (AnyOp: of
// any operation), one each, in order, ahead of the WithFaults chooser.
func (s *Server) InjectFaults(op Op, fs ...fault.Fault) { s.base.Queue.Push(string(op), fs...) }

// Transaction is a transaction of the ledger.
type Transaction struct {
	// ClientTxnRef is the client's reference.
	ClientTxnRef string
	// RaasTxnRef is the fake's reference; ReserveFundsTxnRef the reservation's
	// (the client's for Transact, the fake's for Reserve and Transact).
	RaasTxnRef         string
	ReserveFundsTxnRef string
	// Op is the purchase operation.
	Op Op
	// The purchase's fields.
	ClientID         int32
	ProductID        int32
	PurchaseAmount   int64
	FeeAmount        int64
	SourceIdentifier string
	TargetIdentifier string
	// State is the state now.
	State State
	// Answer is the row the purchase was answered with, and Status its HTTP
	// status.
	Answer cl.Entry
	Status int
	// Result is the row the transaction ends with (for a pending one, the row
	// it will settle to); 0 when it failed at the answer.
	Result cl.Entry
	// Charged reports whether the purchase reserved the buyer's funds.
	Charged bool
	// Lookups is how many lookups found it.
	Lookups int
	// Created is when it was written; Settled when it became final.
	Created time.Time
	Settled time.Time
}

func toTransaction(r ledger.Record[txData]) Transaction {
	d := r.Data
	return Transaction{
		ClientTxnRef: r.Ref, RaasTxnRef: d.raasTxnRef, ReserveFundsTxnRef: d.reserveFundsTxnRef, Op: d.op,
		ClientID: d.clientID, ProductID: d.productID, PurchaseAmount: d.purchaseAmount, FeeAmount: d.feeAmount,
		SourceIdentifier: d.sourceIdentifier, TargetIdentifier: d.targetIdentifier,
		State: r.State, Answer: d.answer, Status: d.answerResp.Status, Result: d.result, Charged: r.Charged,
		Lookups: r.Lookups, Created: r.Created, Settled: r.Settled,
	}
}

// Transaction returns the (first) transaction of clientTxnRef ref, without
// counting a lookup; the lookup lag does not apply.
func (s *Server) Transaction(ref string) (Transaction, bool) {
	r, ok := s.ledger.Get(ref)
	if !ok {
		return Transaction{}, false
	}
	return toTransaction(r), true
}

// Transactions returns every transaction, in the order they were written.
func (s *Server) Transactions() []Transaction {
	var out []Transaction
	for _, r := range s.ledger.Find(nil) {
		out = append(out, toTransaction(r))
	}
	return out
}

// Charges returns how many times clientTxnRef ref reserved funds: 0 or 1
// under the default duplicate detection, more when the check lags or is off
// (WithDuplicateDetection) and a resend was charged again.
func (s *Server) Charges(ref string) int { return s.ledger.Charges(ref) }

// Attempts returns how many purchases carried clientTxnRef ref, faulted,
// refused and duplicate ones included.
func (s *Server) Attempts(ref string) int { return s.base.Attempts(ref) }

// Settle ends the pending transactions of ref now with result (a row of
// TableTransactResult or TableReserveFunds; a pending or uncertain row keeps
// them pending with that code); it reports false when ref has none pending.
func (s *Server) Settle(ref string, result cl.Entry) bool {
	return s.ledger.Settle(ref, finalState(result), func(d *txData) { d.result = result })
}

// Stats are the server's counters.
type Stats struct {
	// Requests is how many requests arrived, and ByOp how many per operation.
	Requests int
	ByOp     map[Op]int
	// Unauthorized is how many were refused with 401; TokensIssued how many
	// tokens the token endpoint issued.
	Unauthorized int
	TokensIssued int
	// Commits is how many transactions were written; Charges how many of
	// them reserved funds; Duplicates how many purchases found their
	// clientTxnRef already written.
	Commits    int
	Charges    int
	Duplicates int
	// Lookups is how many transaction lookups were answered from the ledger.
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
	s.mu.Lock()
	st.Unauthorized, st.TokensIssued = s.ctl.Refused(), s.issued
	s.mu.Unlock()
	return st
}

var purchasePath = regexp.MustCompile(`^/raas/(v[1-4])/(reserveAndTransact|transact)$`)

func route(r *http.Request) (Op, string) {
	switch {
	case r.URL.Path == TokenPath && r.Method == http.MethodPost:
		return OpGetToken, ""
	case r.URL.Path == LookupPath && r.Method == http.MethodGet:
		return OpTransactionLookup, ""
	case r.URL.Path == InFlightPath && r.Method == http.MethodPost:
		return OpInFlightTransactionCheck, ""
	case r.Method == http.MethodPost:
		if m := purchasePath.FindStringSubmatch(r.URL.Path); m != nil {
			if m[2] == "transact" {
				return OpTransact, m[1]
			}
			return OpReserveAndTransact, m[1]
		}
	}
	return OpOther, ""
}

// purchaseBody is the body of a purchase.
type purchaseBody struct {
	PurchaseAmount     int64   `json:"purchaseAmount"`
	ChannelID          int32   `json:"channelId"`
	ChannelName        string  `json:"channelName"`
	ChannelSessionID   string  `json:"channelSessionId"`
	ClientID           int32   `json:"clientId"`
	ClientTxnRef       string  `json:"clientTxnRef"`
	ProductID          int32   `json:"productId"`
	FeeAmount          int64   `json:"feeAmount"`
	SourceIdentifier   *string `json:"sourceIdentifier"`
	TargetIdentifier   string  `json:"targetIdentifier"`
	ReserveFundsTxnRef string  `json:"reserveFundsTxnRef"`
}

// ServeHTTP answers one request, faults included.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBody))
	op, version := route(r)
	req := Request{
		Op:      op,
		Method:  r.Method,
		Path:    r.URL.Path,
		Query:   r.URL.Query(),
		Header:  r.Header.Clone(),
		Body:    body,
		Version: version,
	}
	purchase := op == OpReserveAndTransact || op == OpTransact
	if purchase {
		var pb purchaseBody
		if json.Unmarshal(body, &pb) == nil {
			req.ClientTxnRef, req.ClientID, req.PurchaseAmount, req.FeeAmount = pb.ClientTxnRef, pb.ClientID, pb.PurchaseAmount, pb.FeeAmount
			req.ProductID, req.TargetIdentifier, req.ReserveFundsTxnRef = pb.ProductID, pb.TargetIdentifier, pb.ReserveFundsTxnRef
			if pb.SourceIdentifier != nil {
				req.SourceIdentifier = *pb.SourceIdentifier
			}
		}
	}
	req.Seq, req.Attempt = s.base.Count(string(op), req.ClientTxnRef)
	if purchase {
		req.Duplicate = s.ledger.Recognised(req.ClientTxnRef)
	}
	f := s.ctl.Fault(&s.base.Queue, string(req.Op), req)
	errs := faults.Answers{Unavailable: s.unavailable}
	if op == OpTransactionLookup {
		errs.NotFound = func() faults.Response { return notFound(lookupRef(req.Query)) }
	}
	s.base.Serve(w, r, f, func() faults.Response {
		if purchase {
			req.Duplicate = s.ledger.Recognised(req.ClientTxnRef) // again: a slow commit runs late
		}
		return s.process(r, req, f)
	}, errs)
}

// errorBody is the documented error body (ErrorResponse, and the
// transactional envelope when it has a code and a raasTxnRef).
type errorBody struct {
	ResponseCode    string `json:"responseCode,omitempty"`
	ResponseMessage string `json:"responseMessage"`
	RaasTxnRef      string `json:"raasTxnRef,omitempty"`
}

func jsonAnswer(status int, v any) faults.Response {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return faults.JSON(status, b)
}

// unavailable is the documented 503 answer.
func (s *Server) unavailable() faults.Response {
	return jsonAnswer(http.StatusServiceUnavailable, errorBody{ResponseMessage: "Service temporarily unavailable"})
}

// process handles the request under fault f (which may shape a lookup's
// answer) and returns the answer.
func (s *Server) process(r *http.Request, req Request, f fault.Fault) faults.Response {
	if req.Op == OpGetToken {
		if o := s.scriptedFor(req, cl.TableSecurityService); o.Entry != 0 {
			return entryAnswer(o, "")
		}
		return s.token(r, req)
	}
	if msg := s.authorize(r); msg != "" {
		s.ctl.Unauthorized()
		return jsonAnswer(http.StatusUnauthorized, errorBody{ResponseMessage: msg})
	}
	switch req.Op {
	case OpReserveAndTransact, OpTransact:
		return s.purchase(req)
	case OpTransactionLookup:
		if o := s.scriptedFor(req, cl.TableTransactionLookup); o.Entry != 0 {
			return entryAnswer(o, "")
		}
		return s.lookup(req, f)
	case OpInFlightTransactionCheck:
		if o := s.scriptedFor(req, cl.TableInflightTransactionCheck); o.Entry != 0 {
			return entryAnswer(o, "")
		}
		return s.inFlight(req)
	}
	if o := s.scriptedFor(req); o.Entry != 0 {
		return entryAnswer(o, "")
	}
	return jsonAnswer(http.StatusNotFound, errorBody{ResponseMessage: "Not Found"})
}

// authorize checks the API key and the bearer token; it returns why they are
// refused, or "".
func (s *Server) authorize(r *http.Request) string {
	if k := r.Header.Get("X-API-Key"); k == "" || k != s.apiKey {
		return "Missing or invalid X-API-Key"
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || tok == "" {
		return "Missing bearer token"
	}
	if s.staticToken != "" && tok == s.staticToken {
		return ""
	}
	s.mu.Lock()
	exp, ok := s.tokens[tok]
	s.mu.Unlock()
	if !ok {
		return "Invalid access token"
	}
	if !s.now().Before(exp) {
		return "Access token expired"
	}
	return ""
}

// tokenResponse is the Security Service's answer.
type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshExpiresIn int64  `json:"refresh_expires_in"`
	NotBeforePolicy  int64  `json:"not-before-policy"`
}

// oauthError is the token endpoint's error body.
type oauthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}

// token handles the token endpoint.
func (s *Server) token(r *http.Request, req Request) faults.Response {
	form, err := url.ParseQuery(string(req.Body))
	if err != nil {
		return jsonAnswer(http.StatusBadRequest, oauthError{"invalid_request", "Invalid client secret"})
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if u, p, ok := r.BasicAuth(); ok {
		// RFC 6749 section 2.3.1: the id and secret are form-encoded first.
		if uu, err := url.QueryUnescape(u); err == nil {
			u = uu
		}
		if pp, err := url.QueryUnescape(p); err == nil {
			p = pp
		}
		id, secret = u, p
	}
	switch {
	case form.Get("grant_type") != "client_credentials":
		return jsonAnswer(http.StatusBadRequest, oauthError{"unsupported_grant_type", "invalid GRANT_TYPE"})
	case id != s.clientID:
		return jsonAnswer(http.StatusBadRequest, oauthError{"unauthorized_client", "UNKNOWN_CLIENT: Client was not identified by any client authenticator"})
	case secret != s.clientSecret:
		return jsonAnswer(http.StatusBadRequest, oauthError{"unauthorized_client", "Invalid client secret"})
	}
	tok := ledger.RandomHex(24)
	s.mu.Lock()
	s.tokens[tok] = s.now().Add(s.tokenTTL)
	s.issued++
	s.mu.Unlock()
	return jsonAnswer(http.StatusOK, tokenResponse{AccessToken: tok, TokenType: "bearer", ExpiresIn: int64(s.tokenTTL / time.Second)})
}

// scriptedFor asks the Script about a request other than a purchase: an
// answer from a table other than tables and TableHTTPStatus is ignored.
func (s *Server) scriptedFor(req Request, tables ...cl.Table) Outcome {
	o := s.ctl.Scripted(req)
	t := o.Entry.Table()
	if t == cl.TableHTTPStatus {
		return o
	}
	for _, want := range tables {
		if t == want {
			return o
		}
	}
	return Outcome{}
}

// statusOf is the HTTP status an entry is sent with by default.
func statusOf(e cl.Entry) int {
	if st := e.HTTPStatus(); st != 0 {
		return st
	}
	return http.StatusOK
}

// entryAnswer is the body of a scripted entry, with raasTxnRef when not "".
func entryAnswer(o Outcome, raasTxnRef string) faults.Response {
	st := o.Status
	if st == 0 {
		st = statusOf(o.Entry)
	}
	if o.Entry.Table() == cl.TableSecurityService {
		if o.Entry == cl.SecurityServiceOK {
			return jsonAnswer(st, tokenResponse{AccessToken: ledger.RandomHex(24), TokenType: "bearer", ExpiresIn: int64(DefaultTokenTTL / time.Second)})
		}
		return jsonAnswer(st, oauthError{"unauthorized_client", o.Entry.Message()})
	}
	if o.Entry == cl.InflightTransactionCheckOK {
		return jsonAnswer(st, inFlightResponse{Transactions: []inFlightItem{}})
	}
	b := errorBody{ResponseMessage: o.Entry.Message(), RaasTxnRef: raasTxnRef}
	if b.ResponseMessage == "" {
		b.ResponseMessage = o.Entry.Description()
	}
	if o.Entry.HasCode() {
		b.ResponseCode = string(o.Entry.Code())
	}
	return jsonAnswer(st, b)
}

var sourcePattern = regexp.MustCompile(`^\+?[0-9A-Za-z]{1,32}$`)

// badFormat is the 4000 answer naming the field.
func badFormat(op Op, field string) faults.Response {
	e := cl.ReserveAndTransactBadFormat
	if op == OpTransact {
		e = cl.TransactBadFormat
	}
	return jsonAnswer(http.StatusBadRequest, errorBody{ResponseCode: string(e.Code()), ResponseMessage: "Bad format: " + field})
}

// purchase handles Reserve and Transact and Transact.
func (s *Server) purchase(req Request) faults.Response {
	var fields map[string]json.RawMessage
	var pb purchaseBody
	if json.Unmarshal(req.Body, &fields) != nil || json.Unmarshal(req.Body, &pb) != nil {
		return badFormat(req.Op, "request body")
	}
	required := []string{"purchaseAmount", "channelId", "channelName", "channelSessionId", "clientId", "clientTxnRef"}
	if req.Op == OpTransact {
		required = append(required, "reserveFundsTxnRef")
	}
	for _, f := range required {
		if v, ok := fields[f]; !ok || string(v) == "null" {
			return badFormat(req.Op, f)
		}
	}
	switch {
	case pb.ClientTxnRef == "" || len(pb.ClientTxnRef) > 64:
		return badFormat(req.Op, "clientTxnRef")
	case pb.SourceIdentifier != nil && !sourcePattern.MatchString(*pb.SourceIdentifier):
		return badFormat(req.Op, "sourceIdentifier")
	case pb.PurchaseAmount <= 0:
		return badFormat(req.Op, "purchaseAmount")
	case req.Op == OpTransact && (pb.ReserveFundsTxnRef == "" || len(pb.ReserveFundsTxnRef) > 64):
		return badFormat(req.Op, "reserveFundsTxnRef")
	}
	if s.refusal != 0 && s.ledger.Charges(req.ClientTxnRef) > 0 {
		s.ledger.CountDuplicate()
		return entryAnswer(Outcome{Entry: s.refusal}, "")
	}
	if req.Duplicate {
		s.ledger.CountDuplicate()
		if o := s.ctl.Scripted(req); o.Entry != 0 {
			return entryAnswer(o, "")
		}
		rec, _ := s.ledger.Get(req.ClientTxnRef)
		return rec.Data.answerResp
	}
	o, ok := s.ctl.Next(req.ClientTxnRef, req)
	if !ok {
		o = Outcome{Entry: cl.ReserveAndTransactProcessingRequest}
		if req.Op == OpTransact {
			o.Entry = cl.TransactProcessingRequest
		}
	}
	if !commits(o) {
		return entryAnswer(o, "")
	}
	// A purchase that lost the race for its clientTxnRef gets the winner's
	// answer, as any duplicate does.
	rec, _ := s.ledger.Commit(req.ClientTxnRef, func(float64) ledger.Record[txData] { return s.record(req, pb, o) })
	return rec.Data.answerResp
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
	t := o.Entry.Table()
	return (t == cl.TableReserveAndTransact || t == cl.TableTransact) && st != http.StatusBadRequest
}

// finalState is the state a result leaves a transaction in: an open result
// (pending or uncertain) leaves it pending.
func finalState(result cl.Entry) State {
	switch result.Class().Outcome {
	case codebook.OutcomeSuccess:
		return StateSuccess
	case codebook.OutcomeFailed:
		return StateFailed
	}
	return StatePending
}

// record builds the ledger record of a new purchase answered with o.
func (s *Server) record(req Request, pb purchaseBody, o Outcome) ledger.Record[txData] {
	d := txData{
		op: req.Op, raasTxnRef: ledger.RandomHex(16), reserveFundsTxnRef: pb.ReserveFundsTxnRef,
		clientID: pb.ClientID, productID: pb.ProductID, purchaseAmount: pb.PurchaseAmount, feeAmount: pb.FeeAmount,
		sourceIdentifier: req.SourceIdentifier, targetIdentifier: pb.TargetIdentifier,
		channelID: pb.ChannelID, channelName: pb.ChannelName, channelSessionID: pb.ChannelSessionID,
		answer: o.Entry, result: o.Result,
	}
	rec := ledger.Record[txData]{Amount: float64(pb.PurchaseAmount + pb.FeeAmount)}
	if o.Entry.Class().Outcome == codebook.OutcomePending {
		if d.result == 0 {
			d.result = cl.TransactResultSuccess
		}
		rec.State = StatePending
		rec.Final = finalState(d.result)
	} else if d.result != 0 {
		rec.State = finalState(d.result)
		rec.Final = rec.State
	} else {
		rec.State, rec.Final = StateFailed, StateFailed
	}
	rec.Charged = rec.State != StateFailed
	if rec.Charged && d.reserveFundsTxnRef == "" {
		d.reserveFundsTxnRef = ledger.RandomHex(16)
	}
	if rec.State == StatePending {
		rec.Schedule(ledger.Settling{Lookups: o.PendingLookups, For: o.PendingFor}, s.pending, s.now())
	}
	raas := ""
	if rec.Charged {
		raas = d.raasTxnRef
	}
	d.answerResp = entryAnswer(o, raas)
	rec.Data = d
	return rec
}

// lookupResponse is the body of a found transaction.
type lookupResponse struct {
	ResponseCode               string `json:"responseCode,omitempty"`
	ResponseMessage            string `json:"responseMessage,omitempty"`
	ID                         int64  `json:"id"`
	RaasTxnRef                 string `json:"raasTxnRef"`
	ClientTxnRef               string `json:"clientTxnRef"`
	ReserveFundsTxnRef         string `json:"reserveFundsTxnRef,omitempty"`
	Timestamp                  string `json:"timestamp"`
	Amount                     int64  `json:"amount"`
	ProductID                  int32  `json:"productId"`
	ClientID                   int32  `json:"clientId"`
	SourceIdentifier           string `json:"sourceIdentifier,omitempty"`
	TargetIdentifier           string `json:"targetIdentifier,omitempty"`
	ChannelID                  int32  `json:"channelId"`
	ChannelSessionID           string `json:"channelSessionId"`
	ChannelName                string `json:"channelName"`
	ReserveFundsResponseCode   string `json:"reserveFundsResponseCode,omitempty"`
	TransactResultResponseCode string `json:"transactResultResponseCode,omitempty"`
	TransactionStatus          string `json:"transactionStatus"`
	ReserveAmount              int64  `json:"reserveAmount"`
	FeeAmount                  int64  `json:"feeAmount"`
	ClientShareAmount          int64  `json:"clientShareAmount"`
	SettlementAmount           int64  `json:"settlementAmount"`
	VendAmount                 int64  `json:"vendAmount"`
	PurchaseAmount             int64  `json:"purchaseAmount"`
}

// lookupEntry is the row of the Transaction Lookup table with code c.
func lookupEntry(c cl.Code) cl.Entry {
	for _, e := range cl.TableTransactionLookup.Entries() {
		if e.HasCode() && e.Code() == c {
			return e
		}
	}
	return 0
}

// lookupBody describes a record as Transaction Lookup shows it.
func lookupBody(r ledger.Record[txData]) lookupResponse {
	d := r.Data
	out := lookupResponse{
		ID: int64(r.Seq), RaasTxnRef: d.raasTxnRef, ClientTxnRef: r.Ref, ReserveFundsTxnRef: d.reserveFundsTxnRef,
		Timestamp: r.Created.UTC().Format("2006-01-02T15:04:05.000Z07:00"),
		Amount:    d.purchaseAmount + d.feeAmount, ProductID: d.productID, ClientID: d.clientID,
		SourceIdentifier: d.sourceIdentifier, TargetIdentifier: d.targetIdentifier,
		ChannelID: d.channelID, ChannelSessionID: d.channelSessionID, ChannelName: d.channelName,
		TransactionStatus: r.State.String(),
		ReserveAmount:     d.purchaseAmount + d.feeAmount, FeeAmount: d.feeAmount,
		SettlementAmount: d.purchaseAmount, VendAmount: d.purchaseAmount, PurchaseAmount: d.purchaseAmount,
	}
	open := r.State == StatePending && r.Final == StatePending // an open result, shown as it is
	resultKnown := r.State != StatePending || open
	var code cl.Code
	switch {
	case resultKnown && d.result.Table() == cl.TableReserveFunds:
		out.ReserveFundsResponseCode = string(d.result.Code())
		code = d.result.Code()
	case r.Charged:
		out.ReserveFundsResponseCode = "0000"
	case d.answer.HasCode():
		code = d.answer.Code() // refused at the purchase
	}
	if resultKnown && d.result.Table() == cl.TableTransactResult {
		out.TransactResultResponseCode = string(d.result.Code())
	}
	if r.State == StatePending {
		out.ResponseCode, out.ResponseMessage = string(cl.TransactionLookupProcessing.Code()), cl.TransactionLookupProcessing.Message()
	} else if e := lookupEntry(code); r.State == StateFailed && code != "" && e != 0 {
		out.ResponseCode, out.ResponseMessage = string(e.Code()), e.Message()
	}
	return out
}

// lookupRef is the reference a lookup names: clientTransactionReference,
// else raasTxnRef, else reserveFundsTxnRef.
func lookupRef(q url.Values) string {
	for _, k := range []string{"clientTransactionReference", "raasTxnRef", "reserveFundsTxnRef"} {
		if v := q.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// notFound is the documented answer of a lookup of ref that found nothing.
func notFound(ref string) faults.Response {
	return jsonAnswer(http.StatusNotFound, errorBody{ResponseMessage: "Client transaction reference ID: ‘" + ref + "’ not found"})
}

// lookup handles Transaction Lookup; f may answer another reference's record.
func (s *Server) lookup(req Request, f fault.Fault) faults.Response {
	q := req.Query
	cid, err := strconv.ParseInt(q.Get("clientId"), 10, 32)
	if err != nil || cid < 1 || cid > 9999 {
		return jsonAnswer(http.StatusBadRequest, errorBody{ResponseMessage: "Bad format: clientId"})
	}
	ctr, raas, rft := q.Get("clientTransactionReference"), q.Get("raasTxnRef"), q.Get("reserveFundsTxnRef")
	if ctr == "" && raas == "" && rft == "" {
		return jsonAnswer(http.StatusBadRequest, errorBody{ResponseMessage: cl.TransactionLookupMissingParameter.Message()})
	}
	since := s.now().Add(-lookupWindow)
	found := s.ledger.Lookup(func(r *ledger.Record[txData]) bool {
		return r.Data.clientID == int32(cid) && !r.Created.Before(since) &&
			(ctr == "" || r.Ref == ctr) && (raas == "" || r.Data.raasTxnRef == raas) && (rft == "" || r.Data.reserveFundsTxnRef == rft)
	})
	if f.Kind == fault.KindOthersFirst || f.Kind == fault.KindOthersInstead {
		return jsonAnswer(http.StatusOK, lookupBody(s.other(q, int32(cid), found, f.OtherState())))
	}
	if len(found) == 0 {
		return notFound(lookupRef(q))
	}
	return jsonAnswer(http.StatusOK, lookupBody(found[0]))
}

// other is the record of another reference that a lookup shows under an
// OthersFirst or OthersInstead fault (the lookup answers one object, so the
// other record is the answer either way): the fields of ours when ours was
// found, clientTxnRef "other-" and the reference looked up, a raasTxnRef of
// its own, in state st.
func (s *Server) other(q url.Values, clientID int32, ours []ledger.Record[txData], st State) ledger.Record[txData] {
	r := ledger.Record[txData]{Seq: 1 << 20, Created: s.now(), Data: txData{
		op: OpReserveAndTransact, clientID: clientID, purchaseAmount: 100, channelID: 2, channelName: "Internet",
		channelSessionID: "other-session", answer: cl.ReserveAndTransactProcessingRequest,
	}}
	if len(ours) > 0 {
		r = ours[0]
		r.Seq += 1 << 20
	}
	r.Ref = "other-" + lookupRef(q)
	r.Data.raasTxnRef, r.Data.reserveFundsTxnRef = ledger.RandomHex(16), ledger.RandomHex(16)
	r.State, r.Final, r.Charged = st, st, st != StateFailed
	switch st {
	case StateSuccess:
		r.Data.result = cl.TransactResultSuccess
	case StateFailed:
		r.Data.result = cl.TransactResultSupplierUnable
	}
	return r
}

type inFlightRequest struct {
	SourceIdentifier string `json:"sourceIdentifier"`
	TargetIdentifier string `json:"targetIdentifier"`
	ClientID         int64  `json:"clientId"`
	ProductID        int64  `json:"productId"`
	PurchaseAmount   int64  `json:"purchaseAmount"`
}

type inFlightItem struct {
	RaasTxnRef string `json:"raasTxnRef"`
	Created    string `json:"created"`
}

type inFlightResponse struct {
	HasPendingTransactions bool           `json:"hasPendingTransactions"`
	Transactions           []inFlightItem `json:"transactions"`
}

// inFlight handles In-Flight Transaction Check.
func (s *Server) inFlight(req Request) faults.Response {
	var fields map[string]json.RawMessage
	var in inFlightRequest
	missing := json.Unmarshal(req.Body, &fields) != nil || json.Unmarshal(req.Body, &in) != nil
	for _, f := range []string{"sourceIdentifier", "targetIdentifier", "clientId", "productId", "purchaseAmount"} {
		if v, ok := fields[f]; !ok || string(v) == "null" {
			missing = true
		}
	}
	if missing {
		return jsonAnswer(http.StatusBadRequest, errorBody{ResponseMessage: cl.InflightTransactionCheckMissingParameter.Message()})
	}
	found := s.ledger.View(func(r *ledger.Record[txData]) bool {
		d := r.Data
		return d.sourceIdentifier == in.SourceIdentifier && d.targetIdentifier == in.TargetIdentifier &&
			int64(d.clientID) == in.ClientID && int64(d.productID) == in.ProductID && d.purchaseAmount == in.PurchaseAmount
	})
	out := inFlightResponse{Transactions: []inFlightItem{}}
	for _, r := range found {
		if r.State == StatePending {
			out.Transactions = append(out.Transactions, inFlightItem{RaasTxnRef: r.Data.raasTxnRef, Created: r.Created.UTC().Format(time.RFC3339)})
		}
	}
	out.HasPendingTransactions = len(out.Transactions) > 0
	return jsonAnswer(http.StatusOK, out)
}
