package clickairtimev2

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/faults"
	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// StatusOf returns the HTTP status V2's error reference gives code (the
// guides' codes included: RATE_LIMITED, BAD_GATEWAY, UNAUTHORIZED, ...);
// 400 for a code it does not know. INSUFFICIENT_BALANCE is 400 as the error
// reference says (the error-handling guide says 402: set Outcome.Status).
func StatusOf(code string) int {
	switch code {
	case "INVALID_API_KEY", "EXPIRED_API_KEY", "REVOKED_API_KEY", "UNAUTHORIZED":
		return http.StatusUnauthorized
	case "IP_NOT_ALLOWED", "INSUFFICIENT_PERMISSIONS", "FORBIDDEN":
		return http.StatusForbidden
	case "NETWORK_NOT_FOUND", "TRANSACTION_NOT_FOUND", "NOT_FOUND":
		return http.StatusNotFound
	case "DUPLICATE_TRANSACTION":
		return http.StatusConflict
	case "RATE_LIMIT_EXCEEDED", "RATE_LIMITED":
		return http.StatusTooManyRequests
	case "DELIVERY_FAILED", "INTERNAL_ERROR":
		return http.StatusInternalServerError
	case "BAD_GATEWAY":
		return http.StatusBadGateway
	}
	return http.StatusBadRequest
}

// meta is the envelope's meta.
type meta struct {
	RequestID  string      `json:"request_id"`
	Timestamp  string      `json:"timestamp"`
	Pagination *pagination `json:"pagination,omitempty"`
}

type pagination struct {
	Page       int  `json:"page"`
	PerPage    int  `json:"per_page"`
	Total      int  `json:"total"`
	TotalPages int  `json:"total_pages"`
	HasNext    bool `json:"has_next"`
	HasPrev    bool `json:"has_prev"`
}

// apiError is the envelope's error, in either documented shape.
type apiError struct {
	Code       string         `json:"code"`
	Message    string         `json:"message"`
	Details    map[string]any `json:"details,omitempty"`
	StatusCode int            `json:"statusCode,omitempty"`
}

// envelope is every V2 answer.
type envelope struct {
	Success bool      `json:"success"`
	Data    any       `json:"data,omitempty"`
	Error   *apiError `json:"error,omitempty"`
	Meta    *meta     `json:"meta,omitempty"`
}

// respond encodes e with the rate-limit headers every answer carries.
func (s *Server) respond(status int, e envelope) faults.Response {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	r := faults.JSON(status, b)
	r.Header.Set("X-RateLimit-Limit", "300")
	r.Header.Set("X-RateLimit-Remaining", "299")
	r.Header.Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Add(time.Minute).Unix(), 10))
	return r
}

// meta returns a fresh meta.
func (s *Server) meta() *meta {
	return &meta{RequestID: "req_" + ledger.RandomHex(6), Timestamp: s.now().UTC().Format("2006-01-02T15:04:05.000Z")}
}

// ok answers success with data.
func (s *Server) ok(status int, data any, p *pagination) faults.Response {
	m := s.meta()
	m.Pagination = p
	return s.respond(status, envelope{Success: true, Data: data, Meta: m})
}

// fail answers the error o.Code.
func (s *Server) fail(o Outcome) faults.Response {
	st := o.Status
	if st == 0 {
		st = StatusOf(o.Code)
	}
	msg := o.Message
	if msg == "" {
		msg = strings.ToLower(strings.ReplaceAll(o.Code, "_", " "))
	}
	e := envelope{Error: &apiError{Code: o.Code, Message: msg}}
	if o.GuideEnvelope {
		e.Error.StatusCode = st
	} else {
		e.Error.Details, e.Meta = map[string]any{}, s.meta()
	}
	r := s.respond(st, e)
	if o.RetryAfter > 0 {
		r.Header.Set("Retry-After", strconv.Itoa(o.RetryAfter))
	}
	return r
}

// unavailable is the answer of the Unavailable fault.
func (s *Server) unavailable() faults.Response {
	return s.fail(Outcome{Code: "SERVICE_UNAVAILABLE", Status: http.StatusServiceUnavailable, Message: "Service unavailable"})
}

// emptyList is the lookup's not-found: a list with nothing in it (sent by
// NotFoundServerError with a 5xx status).
func (s *Server) emptyList() faults.Response {
	return s.ok(http.StatusOK, []topup{}, &pagination{Page: 1, PerPage: 20})
}

// duplicate answers a top-up whose key the check recognised: 409
// DUPLICATE_TRANSACTION, or the first top-up with WithDuplicateReplay.
func (s *Server) duplicate(key string) faults.Response {
	s.ledger.CountDuplicate()
	if s.replay {
		if rec, ok := s.ledger.Get(key); ok {
			return s.ok(http.StatusOK, s.topup(rec), nil)
		}
	}
	return s.fail(Outcome{Code: "DUPLICATE_TRANSACTION", Message: "Duplicate transaction detected"})
}

// commits reports whether o writes the ledger.
func commits(o Outcome) bool {
	switch o.Commit {
	case CommitAlways:
		return true
	case CommitNever:
		return false
	}
	return o.Code == "" || o.Code == "DELIVERY_FAILED"
}

// costOf is the USD cost of a top-up.
func costOf(tb topupBody) float64 {
	if tb.Amount == nil {
		return BundleCost
	}
	return tb.Amount.Value * Rate
}

// record builds the ledger record of a new top-up answered with o.
func (s *Server) record(req Request, tb topupBody, o Outcome, cost float64) ledger.Record[txData] {
	d := txData{id: ledger.NewUUID(), reference: tb.Reference, phone: tb.PhoneNumber, productID: tb.ProductID,
		callbackURL: tb.CallbackURL, metadata: tb.Metadata, reason: o.FailureReason}
	if tb.NetworkID != nil {
		d.networkID = *tb.NetworkID
	}
	if tb.Amount != nil {
		d.value = tb.Amount.Value
	}
	rec := ledger.Record[txData]{Amount: cost, Data: d}
	final := o.Final
	if final == 0 {
		final = StateSuccess
		if o.Code != "" {
			final = StateFailed
		}
	}
	rec.Final = final
	rec.State = StatePending
	if o.Immediate || o.Code != "" {
		rec.State = final
	}
	if rec.State == StateFailed && rec.Data.reason == "" {
		rec.Data.reason = "Delivery failed at the operator"
	}
	rec.Charged = rec.State != StateFailed
	if rec.State == StatePending {
		rec.Schedule(ledger.Settling{Lookups: o.PendingLookups, For: o.PendingFor}, s.pending, s.now())
	}
	return rec
}

// statusOf is the status a record shows: pending before its first lookup
// and to it, processing to the later ones, then completed or failed.
func statusOf(r ledger.Record[txData]) string {
	switch r.State {
	case StateSuccess:
		return "completed"
	case StateFailed:
		return "failed"
	}
	if r.Lookups <= 1 {
		return "pending"
	}
	return "processing"
}

// list handles GET /v2/topups; f may add other records.
func (s *Server) list(req Request, f fault.Fault) faults.Response {
	q := req.Query
	ref, status, phone := q.Get("reference"), q.Get("status"), q.Get("phone_number")
	page, perPage := atoiOr(q.Get("page"), 1), atoiOr(q.Get("per_page"), 20)
	if page < 1 || perPage < 1 || perPage > 100 {
		return s.fail(Outcome{Code: "INVALID_REQUEST", Message: "page must be at least 1, per_page 1 to 100"})
	}
	found := s.ledger.Lookup(func(r *ledger.Record[txData]) bool {
		return (!q.Has("reference") || r.Data.reference == ref) && (phone == "" || strings.Contains(r.Data.phone, phone))
	})
	items := make([]topup, 0, len(found)+1)
	for _, r := range found {
		if t := s.topup(r); status == "" || t.Status == status {
			items = append(items, t)
		}
	}
	items = s.shape(items, ref, f)
	total := len(items)
	lo, hi := min((page-1)*perPage, total), min(page*perPage, total)
	pages := (total + perPage - 1) / perPage
	return s.ok(http.StatusOK, items[lo:hi], &pagination{Page: page, PerPage: perPage, Total: total,
		TotalPages: pages, HasNext: page < pages, HasPrev: page > 1})
}

// shape applies a lookup freedom to the items found for reference ref.
func (s *Server) shape(items []topup, ref string, f fault.Fault) []topup {
	switch f.Kind {
	case fault.KindOthersFirst:
		return append([]topup{s.other(items, ref, f.OtherState())}, items...)
	case fault.KindOthersInstead:
		return []topup{s.other(items, ref, f.OtherState())}
	case fault.KindOursTwice:
		if len(items) > 0 {
			twin := items[0]
			twin.ID, twin.Status = ledger.NewUUID(), opposite(twin.Status)
			items = append(items, twin)
		}
	}
	return items
}

// other is the record of another reference a lookup shows under an
// OthersFirst or OthersInstead fault: like ours when ours was found, its
// reference ours and "-other" (what a partial match would find), in state st.
func (s *Server) other(ours []topup, ref string, st State) topup {
	t := topup{PhoneNumber: "+233541112259", Network: network{ID: 42, Name: "MTN Ghana", Country: "Ghana", CountryCode: "GH"},
		Amount: money{Value: 1, Currency: DefaultCurrency}, Cost: money{Value: Rate, Currency: "USD"},
		CreatedAt: s.now().UTC().Format(time.RFC3339)}
	if len(ours) > 0 {
		t = ours[0]
	}
	other := ref + "-other"
	t.ID, t.Reference, t.Status = ledger.NewUUID(), &other, map[State]string{StatePending: "pending", StateSuccess: "completed", StateFailed: "failed"}[st]
	return t
}

// opposite is the status a record that disagrees with one in status st shows.
func opposite(st string) string {
	if st == "failed" {
		return "completed"
	}
	return "failed"
}

// get handles GET /v2/topups/{id}.
func (s *Server) get(req Request) faults.Response {
	id := strings.TrimPrefix(req.Path, "/v2/topups/")
	found := s.ledger.Lookup(func(r *ledger.Record[txData]) bool { return r.Data.id == id })
	if len(found) == 0 {
		return s.fail(Outcome{Code: "TRANSACTION_NOT_FOUND", Message: "Transaction not found"})
	}
	return s.ok(http.StatusOK, s.topup(found[0]), nil)
}

func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
