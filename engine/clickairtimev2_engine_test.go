package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/journal"
)

// v2Provider is a Click Airtime V2 stand-in written for these tests: it
// keeps top-ups by Idempotency-Key, refuses a reused key with 409
// DUPLICATE_TRANSACTION, and answers each POST as answer says; its list
// lookup hides a top-up for its first lag lookups.
type v2Provider struct {
	mu       sync.Mutex
	answer   func(n int) (status int, body string, header http.Header, record string) // n-th POST; record: status kept, "" none
	byKey    map[string]v2Record
	keys     []string // Idempotency-Key of each POST, in order
	refs     []string // body reference of each POST
	lag      int      // lookups that see nothing yet
	lookups  int
	promote  int    // after this many lookups a pending top-up completes (0: never)
	lookup5x bool   // every lookup answers 503
	final    string // status a pending top-up reaches at promote
	noise    bool   // the list holds another reference's record too
}

type v2Record struct{ reference, status string }

func newV2Provider(t *testing.T, p *v2Provider) *v2.Client {
	p.byKey = map[string]v2Record{}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	c, err := v2.NewClient(v2.WithBaseURL(srv.URL), v2.WithAPIKey(codebook.NewSecret("ce_live_0123456789abcdefghijklmnopqrstuv")))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (p *v2Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodPost {
		p.post(w, r)
		return
	}
	p.lookups++
	if p.lookup5x {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	ref := r.URL.Query().Get("reference")
	var items []string
	if p.noise {
		items = append(items, `{"id":"other","reference":"someone-else","status":"completed"}`)
	}
	for k, rec := range p.byKey {
		if p.promote > 0 && p.lookups >= p.promote && (rec.status == "pending" || rec.status == "processing") {
			rec.status = p.final
			p.byKey[k] = rec
		}
		if rec.reference == ref && p.lookups > p.lag {
			items = append(items, fmt.Sprintf(`{"id":"t-%s","reference":%q,"status":%q}`, k, rec.reference, rec.status))
		}
	}
	_, _ = fmt.Fprintf(w, `{"success":true,"data":[%s],"meta":{"request_id":"req_1"}}`, strings.Join(items, ","))
}

func (p *v2Provider) post(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Reference string `json:"reference"`
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	key := r.Header.Get("Idempotency-Key")
	p.keys, p.refs = append(p.keys, key), append(p.refs, body.Reference)
	if _, dup := p.byKey[key]; dup && key != "" {
		w.WriteHeader(http.StatusConflict)
		_, _ = fmt.Fprint(w, `{"success":false,"error":{"code":"DUPLICATE_TRANSACTION","message":"Duplicate transaction detected","details":{}},"meta":{"request_id":"req_2"}}`)
		return
	}
	status, text, header, record := p.answer(len(p.keys))
	if record != "" {
		p.byKey[key] = v2Record{reference: body.Reference, status: record}
	}
	for k, v := range header {
		w.Header()[k] = v
	}
	w.WriteHeader(status)
	_, _ = fmt.Fprint(w, text)
}

// charged counts the top-ups the provider keeps.
func (p *v2Provider) charged() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.byKey)
}

// sent returns the keys and references of the POSTs.
func (p *v2Provider) sent() (keys, refs []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...), append([]string(nil), p.refs...)
}

func v2Answer(status int, code, topupStatus string) string {
	if code != "" {
		return fmt.Sprintf(`{"success":false,"error":{"code":%q,"message":"x","details":{}},"meta":{"request_id":"req_3"}}`, code)
	}
	return fmt.Sprintf(`{"success":true,"data":{"id":"t-1","status":%q},"meta":{"request_id":"req_3"}}`, topupStatus)
}

// runV2 executes one top-up on the generated client and returns what the
// engine settled, the journal and the provider's record of keys.
func runV2(t *testing.T, p *v2Provider, clock *fakeClock) (cbengine.Settled[*v2.TopupResponse, *v2.TopupListResponse], *journal.Memory, cbengine.Transaction[*v2.TopupResponse, *v2.TopupListResponse], error) {
	t.Helper()
	c := newV2Provider(t, p)
	j := &journal.Memory{Now: clock.Now}
	tx := c.CreateTopupTransaction(v2.CreateTopupParams{}, v2.TopupRequest{PhoneNumber: "+233541112259", NetworkID: 42,
		Amount: &v2.Money{Value: 50, Currency: "GHS"}}, v2.ListTopupsParams{}, j)
	e := engine(clock, 0.5, cbengine.Policy{BaseDelay: time.Second, MaxDelay: 4 * time.Second, MaxAttempts: 4, Deadline: 10 * time.Minute})
	s, err := cbengine.Execute(context.Background(), e, tx)
	keys, refs := p.sent()
	for i := range keys {
		if keys[i] == "" || keys[i] != s.Reference || refs[i] != s.Reference {
			t.Fatalf("POST %d: Idempotency-Key %q, body reference %q; want both %q (the reference, on every send)", i+1, keys[i], refs[i], s.Reference)
		}
	}
	if rec, gerr := j.Get(context.Background(), s.Reference); gerr != nil || !strings.Contains(string(rec.Entry.Request), s.Reference) {
		t.Fatalf("journal entry %+v (%v): the key is the reference, journaled with the request before the first byte", rec.Entry, gerr)
	}
	return s, j, tx, err
}

// TestV2DuplicateLeadsToTheOriginal (issue 15, item 3): a top-up the
// provider kept behind a 500 INTERNAL_ERROR, invisible to two lookups a
// settle time apart, is resent under the same key; the 409
// DUPLICATE_TRANSACTION leads, through the lookup, to the original's
// status (completed): success, one charge, never failed.
func TestV2DuplicateLeadsToTheOriginal(t *testing.T) {
	p := &v2Provider{lag: 2, answer: func(int) (int, string, http.Header, string) {
		return http.StatusInternalServerError, v2Answer(500, "INTERNAL_ERROR", ""), nil, "completed"
	}}
	clock := newFakeClock()
	s, j, _, err := runV2(t, p, clock)
	keys, _ := p.sent()
	if err != nil || s.Class.Outcome != codebook.OutcomeSuccess || !s.ByLookup {
		t.Fatalf("settled %+v, err %v; want success found by the lookup", s.Class, err)
	}
	if len(keys) != 2 || p.charged() != 1 {
		t.Fatalf("%d POSTs, %d charges; want 2 (the resend got 409), 1", len(keys), p.charged())
	}
	if rec, _ := j.Get(context.Background(), s.Reference); rec.Step.State != journal.StateSucceeded {
		t.Fatalf("journal %s, want succeeded", rec.Step.State)
	}
}

// TestV2FiveHundredsAreUncertainUntilALookup: DELIVERY_FAILED (500), a
// bare 502 and INTERNAL_ERROR are never reported failed by themselves:
// the lookup's record decides, and without an answer from the lookup the
// top-up stays uncertain, flagged, and is not sent again.
func TestV2FiveHundredsAreUncertainUntilALookup(t *testing.T) {
	for _, c := range []struct {
		name, code string
		status     int
		kept       string // what the provider recorded
		lookup5x   bool
		want       codebook.Outcome
	}{
		{"DELIVERY_FAILED, kept failed", "DELIVERY_FAILED", 500, "failed", false, codebook.OutcomeFailed},
		{"DELIVERY_FAILED, kept completed", "DELIVERY_FAILED", 500, "completed", false, codebook.OutcomeSuccess},
		{"DELIVERY_FAILED, lookup down", "DELIVERY_FAILED", 500, "failed", true, codebook.OutcomeUncertain},
		{"bare 502, kept completed", "", 502, "completed", false, codebook.OutcomeSuccess},
		{"INTERNAL_ERROR, lookup down", "INTERNAL_ERROR", 500, "completed", true, codebook.OutcomeUncertain},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := v2Answer(c.status, c.code, "")
			if c.code == "" {
				body = "<html>Bad Gateway</html>"
			}
			p := &v2Provider{noise: true, lookup5x: c.lookup5x, answer: func(int) (int, string, http.Header, string) { return c.status, body, nil, c.kept }}
			s, _, _, err := runV2(t, p, newFakeClock())
			keys, _ := p.sent()
			if s.Class.Outcome != c.want || len(keys) != 1 {
				t.Fatalf("outcome %s after %d POSTs (err %v); want %s after 1", s.Class.Outcome, len(keys), err, c.want)
			}
			var te *cbengine.TransactionError
			if c.want == codebook.OutcomeUncertain && (!errors.As(err, &te) || !te.Reconcile() || errors.Is(err, codebook.ErrNotSent)) {
				t.Fatalf("uncertain top-up: err %v; want a TransactionError to reconcile, never ErrNotSent", err)
			}
		})
	}
}

// TestV2PendingIsWaitedFor: a top-up accepted as pending is returned
// flagged (to reconcile), and Wait polls the reference lookup until the
// record is completed.
func TestV2PendingIsWaitedFor(t *testing.T) {
	p := &v2Provider{promote: 3, final: "completed", answer: func(int) (int, string, http.Header, string) {
		return http.StatusCreated, v2Answer(201, "", "pending"), nil, "pending"
	}}
	clock := newFakeClock()
	s, _, tx, err := runV2(t, p, clock)
	var te *cbengine.TransactionError
	if s.Class.Outcome != codebook.OutcomePending || !errors.As(err, &te) || !te.Reconcile() {
		t.Fatalf("accepted pending: outcome %s, err %v; want pending, to reconcile", s.Class.Outcome, err)
	}
	e := engine(clock, 0.5, cbengine.Policy{BaseDelay: time.Second, MaxDelay: 4 * time.Second, Deadline: 10 * time.Minute})
	lk, err := cbengine.Wait(context.Background(), e, s.Reference, tx.Lookup)
	if err != nil || lk.Class.Outcome != codebook.OutcomeSuccess {
		t.Fatalf("Wait: %s, %v; want success once the record completes", lk.Class.Outcome, err)
	}
	if keys, _ := p.sent(); len(keys) != 1 || p.charged() != 1 {
		t.Fatalf("%d POSTs, %d charges while waiting; want 1, 1", len(keys), p.charged())
	}
}

// TestV2RateLimitHonoursRetryAfter: a 429 (RATE_LIMITED, or the error
// page's RATE_LIMIT_EXCEEDED) is a refusal: final for the reference, not
// resent under it, with the Retry-After the provider asked for (the
// documented 60 s when it sends none) for the caller's next transaction.
func TestV2RateLimitHonoursRetryAfter(t *testing.T) {
	for _, c := range []struct {
		code, header string
		want         time.Duration
	}{{"RATE_LIMITED", "45", 45 * time.Second}, {"RATE_LIMIT_EXCEEDED", "", time.Minute}} {
		h := http.Header{}
		if c.header != "" {
			h.Set("Retry-After", c.header)
		}
		p := &v2Provider{answer: func(int) (int, string, http.Header, string) {
			return http.StatusTooManyRequests, v2Answer(429, c.code, ""), h, ""
		}}
		s, _, _, err := runV2(t, p, newFakeClock())
		keys, _ := p.sent()
		if s.Class.Outcome != codebook.OutcomeFailed || s.RetryAfter != c.want || len(keys) != 1 || !errors.Is(err, codebook.ErrRateLimited) {
			t.Errorf("%s Retry-After %q: %s, RetryAfter %v, %d POSTs, err %v; want failed, %v, 1, rate limited",
				c.code, c.header, s.Class.Outcome, s.RetryAfter, len(keys), err, c.want)
		}
	}
}
