package clickairtimev2

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/faults"
	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// The API key, balance and currencies of a Server made without options.
const (
	// DefaultAPIKey has the documented shape: ce_live_ and 32 alphanumerics.
	DefaultAPIKey = "ce_live_fake0000000000000000000000000000"
	// DefaultBalance is the USD wallet's opening balance.
	DefaultBalance = 1_000_000.0
	// DefaultCurrency is the local currency of the fake's one network.
	DefaultCurrency = "GHS"
	// Rate is the USD cost of one unit of local currency (the docs' example:
	// 50 GHS cost 4.05 USD).
	Rate = 0.081
	// BundleCost is the USD cost of a top-up by product_id.
	BundleCost = 1.0
)

// maxBody bounds the request bodies the server reads.
const maxBody = 1 << 20

// Op names an operation of the API by its operationId.
type Op string

// The operations the fake serves, and OpOther for every other request.
const (
	// AnyOp, given to InjectFaults, matches every operation.
	AnyOp Op = ""
	// OpCreateTopup is POST /v2/topups.
	OpCreateTopup Op = "createTopup"
	// OpListTopups is GET /v2/topups (the lookup by reference).
	OpListTopups Op = "listTopups"
	// OpGetTopup is GET /v2/topups/{id}.
	OpGetTopup Op = "getTopup"
	// OpGetBalance is GET /v2/balance.
	OpGetBalance Op = "getBalance"
	// OpOther is any other request; it is answered 404 NOT_FOUND.
	OpOther Op = "other"
)

// State is the state of a top-up in the ledger: StatePending (pending or
// processing on the wire), StateSuccess (completed) or StateFailed (failed).
type State = ledger.State

// The states of a top-up.
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
	// Key is the Idempotency-Key header of a top-up ("" when none).
	Key string
	// Reference, PhoneNumber, Amount (amount.value), ProductID and
	// CallbackURL are the fields of a top-up's body (zero when absent or
	// when the body does not decode).
	Reference   string
	PhoneNumber string
	Amount      float64
	ProductID   string
	CallbackURL string
	// Attempt is how many top-ups carried Key so far, this one included.
	Attempt int
	// Duplicate reports whether the duplicate check recognised Key when the
	// request was processed.
	Duplicate bool
}

// CommitMode says whether an Outcome writes the ledger.
type CommitMode uint8

// The commit modes.
const (
	// CommitAuto writes the ledger for an accepted top-up (no Code) and for
	// DELIVERY_FAILED (a failed record), and for nothing else.
	CommitAuto CommitMode = iota
	// CommitAlways writes the ledger whatever the answer (an INTERNAL_ERROR
	// after the top-up was accepted, say).
	CommitAlways
	// CommitNever answers without writing the ledger.
	CommitNever
)

// Outcome is a scripted answer to a top-up. The zero Outcome means "the
// default": accepted (201 pending), or 400 INSUFFICIENT_BALANCE when the
// wallet is short, or 409 DUPLICATE_TRANSACTION for a reused key.
type Outcome struct {
	// Code is the error code answered (INSUFFICIENT_BALANCE,
	// DELIVERY_FAILED, INTERNAL_ERROR, any string); "" accepts the top-up.
	Code string
	// Status is the HTTP status; 0 means the code's documented status
	// (StatusOf), or 201 for an accepted top-up.
	Status int
	// Message is the error's message; "" means a default one.
	Message string
	// GuideEnvelope answers with the error-handling guide's envelope
	// (error.statusCode, no meta) instead of the error reference's
	// (error.details and meta).
	GuideEnvelope bool
	// RetryAfter is the Retry-After header of a 429, in seconds (0: none).
	RetryAfter int
	// Final is the state a written record ends in: StateSuccess (completed)
	// by default for an accepted top-up, StateFailed for a recorded error;
	// StatePending stays pending until Settle.
	Final State
	// FailureReason is a failed record's failure_reason.
	FailureReason string
	// Immediate answers an accepted top-up with its final status at once
	// (completed or failed) instead of pending.
	Immediate bool
	// PendingLookups is how many lookups see a pending top-up not final
	// (the first pending, the others processing); 0 means the server's
	// default (WithPending), negative means lookups never settle it.
	PendingLookups int
	// PendingFor is how long a pending top-up stays pending whatever the
	// lookups; 0 means the server's default.
	PendingFor time.Duration
	// Commit says whether the answer writes the ledger.
	Commit CommitMode
}

// Script chooses the answer to a new top-up (one whose key the duplicate
// check did not recognise); the zero Outcome means the default.
type Script func(Request) Outcome

// Option configures a Server.
type Option func(*Server)

// WithAPIKey sets the API key the server accepts (Authorization: Bearer)
// and signs webhooks with.
func WithAPIKey(key string) Option { return func(s *Server) { s.apiKey = key } }

// WithScript sets the Script.
func WithScript(f Script) Option { return func(s *Server) { s.ctl.SetScript(f) } }

// WithFaults sets the function choosing the fault of every request not given
// one by InjectFaults; fault.Random[Request] makes a seeded one.
func WithFaults(f func(Request) fault.Fault) Option { return func(s *Server) { s.ctl.SetFaults(f) } }

// WithPending sets how accepted top-ups settle when their Outcome does not
// say: they read pending to the first lookup, processing to the next ones up
// to lookups (default 2; negative: never by lookups), and, when after > 0,
// settle once after has passed since the top-up.
func WithPending(lookups int, after time.Duration) Option {
	return func(s *Server) { s.pending = ledger.Settling{Lookups: lookups, For: after} }
}

// WithClock sets the clock of the ledger and of the webhooks' timestamps
// (the default is time.Now).
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithBalance sets the USD wallet's opening balance (default DefaultBalance).
func WithBalance(b float64) Option { return func(s *Server) { s.balance = b } }

// DuplicateDetection is how the provider recognises a top-up whose
// Idempotency-Key it already holds; the zero value recognises it at once
// (409 DUPLICATE_TRANSACTION). None: no detection, every send is charged
// again; Lag: a resend within Lag of the key's first top-up is not
// recognised, and is charged again.
type DuplicateDetection = ledger.Dedupe

// WithDuplicateDetection sets how a reused Idempotency-Key is recognised
// (default: at once). A resend the check misses writes a second top-up
// under the same key: Charges(key) counts both, the lookup lists both.
func WithDuplicateDetection(d DuplicateDetection) Option {
	return func(s *Server) { s.cfg.Dedupe = d }
}

// WithDuplicateReplay makes the provider answer a reused Idempotency-Key
// with the first top-up (200 and its current state), as idempotency keys
// commonly work, instead of 409 DUPLICATE_TRANSACTION: the docs name the
// 409 but not the replay, and a client must take both.
func WithDuplicateReplay() Option { return func(s *Server) { s.replay = true } }

// WithLookupLag makes a top-up visible to GET /v2/topups and GET
// /v2/topups/{id} only lag after it was written (on the server's clock): a
// lookup right after the top-up answers an empty list (or 404
// TRANSACTION_NOT_FOUND). The default is no lag.
func WithLookupLag(lag time.Duration) Option { return func(s *Server) { s.cfg.LookupLag = lag } }

// WithRefusedResend makes the provider refuse a top-up whose key was already
// charged with code (INSUFFICIENT_BALANCE: the first charge spent the
// wallet; UNSUPPORTED_NETWORK: the operator refuses a repeat) at its
// documented status, before the duplicate check: nothing is written and the
// Script is not asked. The default ("") is no refusal.
func WithRefusedResend(code string) Option { return func(s *Server) { s.refusal = code } }

// WithWebhooks sets how status webhooks are delivered (default: each once,
// in order, at once).
func WithWebhooks(w Webhooks) Option { return func(s *Server) { s.hooks.cfg = w } }

// txData is the V2 part of a ledger record.
type txData struct {
	id          string
	reference   string
	phone       string
	networkID   int64
	value       float64
	productID   string
	callbackURL string
	reason      string
	metadata    map[string]any
}

// Server is the fake. It is safe for concurrent use. Its zero value is not
// usable: make one with New or NewHandler.
type Server struct {
	base   *faults.Base
	ledger *ledger.Ledger[txData]
	hooks  *webhooks

	apiKey  string
	balance float64
	now     func() time.Time
	pending ledger.Settling
	cfg     ledger.Config
	refusal string
	replay  bool
	ctl     faults.Control[Request, Outcome]
}

// NewHandler returns a Server that is not listening: serve it with your own
// http.Server (faults that hijack the connection need HTTP/1.x).
func NewHandler(opts ...Option) *Server {
	s := &Server{
		base:    faults.NewBase(),
		apiKey:  DefaultAPIKey,
		balance: DefaultBalance,
		now:     time.Now,
		pending: ledger.Settling{Lookups: 2},
	}
	s.hooks = newWebhooks(s)
	for _, o := range opts {
		o(s)
	}
	s.ledger = ledger.NewWith[txData](s.now, s.cfg)
	return s
}

// New returns a Server listening on the loopback (HTTP/1.1); Close it.
func New(opts ...Option) *Server {
	s := NewHandler(opts...)
	s.base.Start(s)
	return s
}

// URL returns the base URL of a Server made by New (the paths begin with
// /v2), "" for one made by NewHandler.
func (s *Server) URL() string { return s.base.URL() }

// Client returns an http.Client for the server (HTTP/1.1, no proxy).
func (s *Server) Client() *http.Client { return s.base.Client() }

// Close stops the server: requests waiting in a delay end without an
// answer, webhooks not sent yet are dropped.
func (s *Server) Close() {
	s.base.Close()
	s.hooks.wait()
}

// InjectFaults queues faults for the next requests of op (AnyOp: any).
func (s *Server) InjectFaults(op Op, fs ...fault.Fault) { s.base.Queue.Push(string(op), fs...) }

// SetFaults replaces the function given to WithFaults (nil: no more random
// faults; queued ones still strike).
func (s *Server) SetFaults(f func(Request) fault.Fault) { s.ctl.SetFaults(f) }

// SetScript replaces the Script (nil: the defaults).
func (s *Server) SetScript(f Script) { s.ctl.SetScript(f) }

// Enqueue queues outcomes for the next new top-ups, before the Script.
func (s *Server) Enqueue(os ...Outcome) { s.ctl.Enqueue(os...) }

// Charges returns how many times key was charged: 0 or 1 under the default
// duplicate detection, more when the check lags or is off ("" counts the
// top-ups sent without a key).
func (s *Server) Charges(key string) int { return s.ledger.Charges(key) }

// Attempts returns how many top-ups carried key, faulted, refused and
// duplicate ones included.
func (s *Server) Attempts(key string) int { return s.base.Attempts(key) }

// Balance returns what is left of the USD wallet.
func (s *Server) Balance() float64 { return s.balance - s.ledger.Spent() }

// Settle ends the pending top-ups of key now as final (StateSuccess or
// StateFailed, with reason as failure_reason) and sends their webhooks; it
// reports false when key has none pending.
func (s *Server) Settle(key string, final State, reason string) bool {
	ok := s.ledger.Settle(key, final, func(d *txData) {
		if final == StateFailed {
			d.reason = reason
		}
	})
	s.hooks.flush()
	return ok
}

// Transaction is a top-up as the ledger holds it.
type Transaction struct {
	// ID is the top-up's id; Key its Idempotency-Key; Reference its body's
	// reference; PhoneNumber its recipient.
	ID, Key, Reference, PhoneNumber string
	// Status is what the API shows now: pending, processing, completed or
	// failed.
	Status string
	// State is the ledger's state, Final the state a pending top-up
	// settles to.
	State, Final State
	// Charged reports whether it took money; Cost is the USD it took.
	Charged bool
	Cost    float64
	// Lookups is how many lookups found it.
	Lookups int
	// Created and Settled are when it was written and made final.
	Created, Settled time.Time
}

// Transactions returns every top-up, in the order they were written.
func (s *Server) Transactions() []Transaction {
	var out []Transaction
	for _, r := range s.ledger.Find(nil) {
		out = append(out, Transaction{
			ID: r.Data.id, Key: r.Ref, Reference: r.Data.reference, PhoneNumber: r.Data.phone, Status: statusOf(r),
			State: r.State, Final: r.Final, Charged: r.Charged, Cost: r.Amount,
			Lookups: r.Lookups, Created: r.Created, Settled: r.Settled,
		})
	}
	return out
}

// Stats are the server's counters.
type Stats struct {
	// Requests is how many requests arrived, and ByOp how many per operation.
	Requests int
	ByOp     map[Op]int
	// Unauthorized is how many were refused with 401.
	Unauthorized int
	// Commits is how many top-ups were written; Charges how many of them
	// took money; Duplicates how many found their key already written.
	Commits, Charges, Duplicates int
	// Lookups is how many searches were answered from the ledger.
	Lookups int
	// Faults is how many faults were struck, by kind.
	Faults map[fault.Kind]int
	// Webhooks are the webhook counters.
	Webhooks WebhookStats
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	n, byOp := s.base.Requests()
	st := Stats{Requests: n, ByOp: map[Op]int{}, Faults: s.base.Struck.Map(), Webhooks: s.hooks.stats()}
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
	req := Request{Op: route(r), Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Header: r.Header.Clone(), Body: body}
	if req.Op == OpCreateTopup {
		req.Key = r.Header.Get("Idempotency-Key")
		var tb topupBody
		if json.Unmarshal(body, &tb) == nil {
			req.Reference, req.PhoneNumber, req.ProductID, req.CallbackURL = tb.Reference, tb.PhoneNumber, tb.ProductID, tb.CallbackURL
			if tb.Amount != nil {
				req.Amount = tb.Amount.Value
			}
		}
	}
	req.Seq, req.Attempt = s.base.Count(string(req.Op), req.Key)
	f := s.ctl.Fault(&s.base.Queue, string(req.Op), req)
	errs := faults.Answers{Unavailable: s.unavailable}
	if req.Op == OpListTopups {
		errs.NotFound = s.emptyList
	}
	s.base.Serve(w, r, f, func() faults.Response {
		resp := s.process(r, req, f)
		s.hooks.flush()
		return resp
	}, errs)
}

func route(r *http.Request) Op {
	p := r.URL.Path
	switch {
	case p == "/v2/topups" && r.Method == http.MethodPost:
		return OpCreateTopup
	case p == "/v2/topups" && r.Method == http.MethodGet:
		return OpListTopups
	case strings.HasPrefix(p, "/v2/topups/") && !strings.Contains(p[len("/v2/topups/"):], "/") && len(p) > len("/v2/topups/") && r.Method == http.MethodGet:
		return OpGetTopup
	case p == "/v2/balance" && r.Method == http.MethodGet:
		return OpGetBalance
	}
	return OpOther
}

// process handles a request under fault f (which may shape a lookup's
// answer) and returns the answer.
func (s *Server) process(r *http.Request, req Request, f fault.Fault) faults.Response {
	if s.apiKey == "" || r.Header.Get("Authorization") != "Bearer "+s.apiKey {
		s.ctl.Unauthorized()
		return s.fail(Outcome{Code: "INVALID_API_KEY", Message: "API key is missing, malformed or unknown"})
	}
	switch req.Op {
	case OpCreateTopup:
		return s.create(req)
	case OpListTopups:
		return s.list(req, f)
	case OpGetTopup:
		return s.get(req)
	case OpGetBalance:
		return s.ok(http.StatusOK, balanceData{
			AvailableBalance: amount{Amount: s.Balance(), Currency: "USD"},
			Wallets: []wallet{{ID: "wal_global_001", Currency: "USD", Balance: s.Balance(), Type: "global",
				Status: "active", AllowedCountries: []string{"All Countries"}}},
		}, nil)
	}
	return s.fail(Outcome{Code: "NOT_FOUND", Status: http.StatusNotFound, Message: "Resource not found"})
}

// phoneRE is the E.164 check of the phone-numbers guide.
var phoneRE = regexp.MustCompile(`^\+[1-9]\d{1,14}$`)

// invalid returns the validation error of a top-up body, if any.
func invalid(tb topupBody) (Outcome, bool) {
	switch {
	case tb.PhoneNumber == "" || tb.NetworkID == nil:
		return Outcome{Code: "MISSING_REQUIRED_FIELD", Message: "phone_number and network_id are required"}, true
	case !phoneRE.MatchString(tb.PhoneNumber):
		return Outcome{Code: "INVALID_PHONE_NUMBER", Message: "phone_number must be E.164 with the +"}, true
	case (tb.Amount == nil) == (tb.ProductID == ""):
		return Outcome{Code: "INVALID_REQUEST", Message: "send exactly one of amount and product_id"}, true
	case tb.Amount != nil && tb.Amount.Value <= 0:
		return Outcome{Code: "INVALID_AMOUNT", Message: "amount is outside the allowed range for this network"}, true
	}
	return Outcome{}, false
}

// create handles POST /v2/topups.
func (s *Server) create(req Request) faults.Response {
	var tb topupBody
	if err := json.Unmarshal(req.Body, &tb); err != nil {
		return s.fail(Outcome{Code: "INVALID_REQUEST", Message: "the body is not valid JSON"})
	}
	if o, bad := invalid(tb); bad {
		return s.fail(o)
	}
	key := req.Key
	if s.refusal != "" && key != "" && s.ledger.Charges(key) > 0 {
		s.ledger.CountDuplicate()
		return s.fail(Outcome{Code: s.refusal})
	}
	if s.ledger.Recognised(key) {
		return s.duplicate(key)
	}
	o, _ := s.ctl.Next("", req)
	cost := costOf(tb)
	if o == (Outcome{}) && cost > s.Balance() {
		return s.fail(Outcome{Code: "INSUFFICIENT_BALANCE", Message: "Wallet balance is too low"})
	}
	if !commits(o) {
		if o.Code == "" {
			o.Code = "INTERNAL_ERROR"
		}
		return s.fail(o)
	}
	rec, ok := s.ledger.Commit(key, func(float64) ledger.Record[txData] { return s.record(req, tb, o, cost) })
	if !ok {
		return s.duplicate(key)
	}
	s.hooks.created(rec)
	if o.Code != "" {
		return s.fail(o)
	}
	st := o.Status
	if st == 0 {
		st = http.StatusCreated
	}
	return s.ok(st, s.topup(rec), nil)
}
