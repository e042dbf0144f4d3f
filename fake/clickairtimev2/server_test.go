package clickairtimev2

import (
	"net/http"
	"testing"
	"time"

	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/testkit"
)

// TestAnswersValidUnderSpec sends every kind of request the fake answers and
// checks each answer against spec/openapi/clickairtime-v2.yaml: accepted,
// duplicate, each validation error, 402 and 429 as the guides write them,
// unauthorized, the lookup found and empty, one top-up found and not, the
// balance, DELIVERY_FAILED and INTERNAL_ERROR.
func TestAnswersValidUnderSpec(t *testing.T) {
	e := newEnv(t)
	e.srv.Enqueue(
		Outcome{Code: "INSUFFICIENT_BALANCE", Status: http.StatusPaymentRequired, GuideEnvelope: true},
		Outcome{Code: "RATE_LIMITED", GuideEnvelope: true, RetryAfter: 45},
		Outcome{Code: "DELIVERY_FAILED"},
		Outcome{Code: "INTERNAL_ERROR"},
		Outcome{Code: "BAD_GATEWAY"},
	)
	cases := []struct {
		name, method, path, key string
		body                    any
		status                  int
		code                    string
	}{
		{"402 guide envelope", "POST", "/v2/topups", "k-402", order("r-402"), 402, "INSUFFICIENT_BALANCE"},
		{"429 Retry-After", "POST", "/v2/topups", "k-429", order("r-429"), 429, "RATE_LIMITED"},
		{"DELIVERY_FAILED", "POST", "/v2/topups", "k-500", order("r-500"), 500, "DELIVERY_FAILED"},
		{"INTERNAL_ERROR", "POST", "/v2/topups", "k-500b", order("r-500b"), 500, "INTERNAL_ERROR"},
		{"BAD_GATEWAY", "POST", "/v2/topups", "k-502", order("r-502"), 502, "BAD_GATEWAY"},
		{"accepted", "POST", "/v2/topups", "k-1", order("r-1"), 201, ""},
		{"duplicate", "POST", "/v2/topups", "k-1", order("r-1"), 409, "DUPLICATE_TRANSACTION"},
		{"missing field", "POST", "/v2/topups", "k-2", map[string]any{"phone_number": "+233541112259"}, 400, "MISSING_REQUIRED_FIELD"},
		{"bad phone", "POST", "/v2/topups", "k-3", map[string]any{"phone_number": "233541112259", "network_id": 42, "product_id": "101"}, 400, "INVALID_PHONE_NUMBER"},
		{"amount and product", "POST", "/v2/topups", "k-4", map[string]any{"phone_number": "+233541112259", "network_id": 42, "product_id": "101", "amount": map[string]any{"value": 5, "currency": "GHS"}}, 400, "INVALID_REQUEST"},
		{"bad amount", "POST", "/v2/topups", "k-5", map[string]any{"phone_number": "+233541112259", "network_id": 42, "amount": map[string]any{"value": -5, "currency": "GHS"}}, 400, "INVALID_AMOUNT"},
		{"bundle", "POST", "/v2/topups", "k-6", map[string]any{"phone_number": "+233541112259", "network_id": 42, "product_id": "101", "reference": "r-6", "metadata": map[string]any{"order": 6}}, 201, ""},
		{"lookup found", "GET", "/v2/topups?reference=r-1", "", nil, 200, ""},
		{"lookup empty", "GET", "/v2/topups?reference=nobody", "", nil, 200, ""},
		{"lookup bad page", "GET", "/v2/topups?per_page=500", "", nil, 400, "INVALID_REQUEST"},
		{"history", "GET", "/v2/topups?page=1&per_page=1&status=pending", "", nil, 200, ""},
		{"not found", "GET", "/v2/topups/00000000-0000-4000-8000-000000000000", "", nil, 404, "TRANSACTION_NOT_FOUND"},
		{"balance", "GET", "/v2/balance", "", nil, 200, ""},
	}
	for _, c := range cases {
		a := e.do(c.method, c.path, c.key, c.body)
		if a.Status != c.status || a.code() != c.code || a.Success != (c.code == "") {
			t.Errorf("%s: %d %q success=%v; want %d %q", c.name, a.Status, a.code(), a.Success, c.status, c.code)
		}
		if a.Header.Get("X-RateLimit-Limit") == "" {
			t.Errorf("%s: no X-RateLimit-Limit", c.name)
		}
		if c.code == "RATE_LIMITED" && a.Header.Get("Retry-After") != "45" {
			t.Errorf("%s: Retry-After %q, want 45", c.name, a.Header.Get("Retry-After"))
		}
	}
	id := e.byReference("r-1").list(t)[0].ID
	if a := e.do("GET", "/v2/topups/"+id, "", nil); a.Status != 200 || a.topup(t).ID != id {
		t.Errorf("GET /v2/topups/%s: %d %s", id, a.Status, a.Data)
	}
	unauth, _ := http.NewRequest("GET", e.srv.URL()+"/v2/balance", nil)
	unauth.Header.Set("Authorization", "Bearer ce_live_wrong")
	resp, err := e.client.Do(unauth)
	if err != nil || resp.StatusCode != 401 {
		t.Fatalf("wrong key: %v %v; want 401", resp, err)
	}
	resp.Body.Close()
	if n := e.check.Checked(); n != len(cases)+3 {
		t.Errorf("%d answers validated, want %d", n, len(cases)+3)
	}
	if got := e.srv.Stats(); got.Unauthorized != 1 || got.Commits != 3 || e.srv.Charges("k-500") != 0 {
		t.Errorf("stats %+v, charges of DELIVERY_FAILED %d; want 1 unauthorized, 3 commits (2 accepted, 1 delivery failure), no charge for the delivery failure", got, e.srv.Charges("k-500"))
	}
}

// TestValidatorRefusesInvalid checks that the validation above can fail: a
// status outside the enum, a status the operation does not declare, a
// number where the spec says string.
func TestValidatorRefusesInvalid(t *testing.T) {
	v := spec(t)
	req, _ := http.NewRequest("GET", "http://fake.test/v2/topups/abc", nil)
	h := http.Header{"Content-Type": {"application/json"}}
	for _, c := range []struct {
		status int
		body   string
	}{
		{200, `{"success":true,"data":{"id":"a","status":"done"}}`},
		{418, `{"success":false}`},
		{404, `{"success":false,"error":{"code":404}}`},
	} {
		if err := v.Check(req, c.status, h, []byte(c.body)); err == nil {
			t.Errorf("%d %s passed validation", c.status, c.body)
		}
	}
	if v.CheckSchema("Topup", []byte(`{"id":"a","status":"done"}`)) == nil {
		t.Error("a webhook body with status done passed validation")
	}
	if err := v.Check(req, 200, h, []byte(`{"success":true,"data":{"id":"a","status":"completed"}}`)); err != nil {
		t.Errorf("a valid answer refused: %v", err)
	}
}

// TestDuplicateDetectionByKey checks that the duplicate check reads the
// Idempotency-Key: the same key is answered 409 and never charged again; a
// new key under the same reference is another top-up; top-ups without a
// key are each charged.
func TestDuplicateDetectionByKey(t *testing.T) {
	e := newEnv(t)
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 201 || a.topup(t).Status != "pending" {
		t.Fatalf("first: %d %s; want 201 pending", a.Status, a.Data)
	}
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 409 || a.code() != "DUPLICATE_TRANSACTION" {
		t.Errorf("same key: %d %q; want 409 DUPLICATE_TRANSACTION", a.Status, a.code())
	}
	if e.srv.Charges("k") != 1 || e.srv.Attempts("k") != 2 {
		t.Errorf("charges %d attempts %d; want 1 and 2", e.srv.Charges("k"), e.srv.Attempts("k"))
	}
	if a := e.do("POST", "/v2/topups", "k2", order("r")); a.Status != 201 {
		t.Errorf("a new key under the same reference: %d; want 201 (the reference is not unique)", a.Status)
	}
	if n := len(e.byReference("r").list(t)); n != 2 {
		t.Errorf("lookup lists %d top-ups of reference r, want 2", n)
	}
	e.do("POST", "/v2/topups", "", order("nokey"))
	e.do("POST", "/v2/topups", "", order("nokey"))
	if e.srv.Charges("") != 2 {
		t.Errorf("top-ups without a key charged %d times, want 2", e.srv.Charges(""))
	}
}

// TestDuplicateReplay checks WithDuplicateReplay: a reused key gets the
// first top-up back, 200, never a second charge.
func TestDuplicateReplay(t *testing.T) {
	e := newEnv(t, WithDuplicateReplay())
	first := e.do("POST", "/v2/topups", "k", order("r")).topup(t)
	a := e.do("POST", "/v2/topups", "k", order("r"))
	if a.Status != 200 || a.topup(t).ID != first.ID || e.srv.Charges("k") != 1 {
		t.Errorf("replay: %d %s, charges %d; want 200 with the first top-up (%s), 1 charge", a.Status, a.Data, e.srv.Charges("k"), first.ID)
	}
}

func newClock() *testkit.Clock {
	return testkit.NewClock(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
}

// TestDuplicateDetectionLagAndNone checks the lagging and the absent
// duplicate check: a resend the check misses is charged again.
func TestDuplicateDetectionLagAndNone(t *testing.T) {
	c := newClock()
	e := newEnv(t, WithClock(c.Now), WithDuplicateDetection(DuplicateDetection{Lag: 10 * time.Second}))
	e.do("POST", "/v2/topups", "k", order("r"))
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 201 || e.srv.Charges("k") != 2 {
		t.Errorf("resend within the lag: %d, charges %d; want 201 and a second charge", a.Status, e.srv.Charges("k"))
	}
	c.Add(11 * time.Second)
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 409 || e.srv.Charges("k") != 2 {
		t.Errorf("resend after the lag: %d, charges %d; want 409, still 2", a.Status, e.srv.Charges("k"))
	}
	n := newEnv(t, WithDuplicateDetection(DuplicateDetection{None: true}))
	for range 3 {
		n.do("POST", "/v2/topups", "k", order("r"))
	}
	if n.srv.Charges("k") != 3 {
		t.Errorf("no duplicate check: %d charges, want 3", n.srv.Charges("k"))
	}
}

// TestLookupLag checks WithLookupLag: an empty list, and 404 for the id,
// until the lag has passed.
func TestLookupLag(t *testing.T) {
	c := newClock()
	e := newEnv(t, WithClock(c.Now), WithLookupLag(5*time.Second))
	id := e.do("POST", "/v2/topups", "k", order("r")).topup(t).ID
	if l := e.byReference("r").list(t); len(l) != 0 {
		t.Errorf("lookup within the lag: %d records, want none", len(l))
	}
	if a := e.do("GET", "/v2/topups/"+id, "", nil); a.Status != 404 {
		t.Errorf("GET by id within the lag: %d, want 404", a.Status)
	}
	c.Add(5 * time.Second)
	if l := e.byReference("r").list(t); len(l) != 1 || l[0].ID != id {
		t.Errorf("lookup after the lag: %+v, want the top-up", l)
	}
}

// TestAsyncStatuses checks that an accepted top-up reads pending, then
// processing, then completed, and that Settle fails one with its reason.
func TestAsyncStatuses(t *testing.T) {
	e := newEnv(t)
	e.do("POST", "/v2/topups", "k", order("r"))
	var seen []string
	for range 3 {
		seen = append(seen, statuses(e.byReference("r").list(t)))
	}
	if got := seen[0] + " " + seen[1] + " " + seen[2]; got != "pending processing completed" {
		t.Errorf("statuses %q, want pending processing completed", got)
	}
	e.srv.Enqueue(Outcome{PendingLookups: -1})
	e.do("POST", "/v2/topups", "k2", order("r2"))
	if !e.srv.Settle("k2", StateFailed, "Operator unreachable") {
		t.Fatal("Settle found nothing pending")
	}
	got := e.byReference("r2").list(t)
	if len(got) != 1 || got[0].Status != "failed" || got[0].FailureReason == nil || *got[0].FailureReason != "Operator unreachable" {
		t.Errorf("settled failed: %+v", got)
	}
	if e.srv.Charges("k2") != 1 || e.srv.Balance() != DefaultBalance-50*Rate {
		t.Errorf("a failed top-up gives its cost back: balance %v, want %v", e.srv.Balance(), DefaultBalance-50*Rate)
	}
}

// TestInsufficientBalance checks that a top-up the wallet cannot pay is
// refused 400 and writes nothing.
func TestInsufficientBalance(t *testing.T) {
	e := newEnv(t, WithBalance(1))
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 400 || a.code() != "INSUFFICIENT_BALANCE" || e.srv.Stats().Commits != 0 {
		t.Errorf("%d %q, commits %d; want 400 INSUFFICIENT_BALANCE and nothing written", a.Status, a.code(), e.srv.Stats().Commits)
	}
}

// TestRefusedResend checks WithRefusedResend: a resend of a charged key is
// refused with the code, not 409, and not charged.
func TestRefusedResend(t *testing.T) {
	e := newEnv(t, WithRefusedResend("INSUFFICIENT_BALANCE"))
	e.do("POST", "/v2/topups", "k", order("r"))
	if a := e.do("POST", "/v2/topups", "k", order("r")); a.Status != 400 || a.code() != "INSUFFICIENT_BALANCE" || e.srv.Charges("k") != 1 {
		t.Errorf("resend: %d %q, charges %d; want 400 INSUFFICIENT_BALANCE, 1 charge", a.Status, a.code(), e.srv.Charges("k"))
	}
}

// TestSlowCommit checks that a slow commit writes the top-up after the
// client gave up.
func TestSlowCommit(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFaults(OpCreateTopup, fault.SlowCommit(200*time.Millisecond))
	e.client.Timeout = 50 * time.Millisecond
	if _, err := e.try("POST", "/v2/topups", "k", order("r")); err == nil {
		t.Fatal("the client got an answer; want a timeout")
	}
	if n := e.srv.Charges("k"); n != 0 {
		t.Errorf("charged %d before the slow commit ended", n)
	}
	e.client.Timeout = 0
	for range 200 { // until the commit lands, at most 10 s
		if e.srv.Charges("k") == 1 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if e.srv.Charges("k") != 1 {
		t.Fatalf("the slow commit never charged")
	}
	if l := e.byReference("r").list(t); len(l) != 1 {
		t.Errorf("lookup after the slow commit: %d records, want 1", len(l))
	}
}

// TestLookupFreedoms checks the lookup faults: another reference first or
// instead, ours twice (the copy in the opposite status), and a 5xx with an
// empty list.
func TestLookupFreedoms(t *testing.T) {
	e := newEnv(t)
	e.srv.Enqueue(Outcome{Immediate: true})
	e.do("POST", "/v2/topups", "k", order("r"))
	e.srv.InjectFaults(OpListTopups, fault.OtherRecordFirst(StateFailed), fault.OtherRecordInstead(StateSuccess), fault.OurRecordTwice())
	first := e.byReference("r").list(t)
	if len(first) != 2 || first[0].Reference == nil || *first[0].Reference != "r-other" || first[0].Status != "failed" || *first[1].Reference != "r" {
		t.Errorf("OtherRecordFirst: %+v", first)
	}
	instead := e.byReference("r").list(t)
	if len(instead) != 1 || *instead[0].Reference != "r-other" || instead[0].Status != "completed" {
		t.Errorf("OtherRecordInstead: %+v", instead)
	}
	if twice := e.byReference("r").list(t); statuses(twice) != "completed,failed" {
		t.Errorf("OurRecordTwice: %s, want completed,failed", statuses(twice))
	}
	e.srv.InjectFaults(OpListTopups, fault.NotFoundServerError(0))
	if a := e.byReference("r"); a.Status != 500 || len(a.list(t)) != 0 {
		t.Errorf("NotFoundServerError: %d %s; want 500 and an empty list", a.Status, a.Data)
	}
}

// TestDropAfterCommit checks that a top-up whose answer is lost was
// written: the lookup finds it.
func TestDropAfterCommit(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFaults(OpCreateTopup, fault.DropAfterCommit())
	if _, err := e.try("POST", "/v2/topups", "k", order("r")); err == nil {
		t.Fatal("an answer arrived; want none")
	}
	if e.srv.Charges("k") != 1 || len(e.byReference("r").list(t)) != 1 {
		t.Errorf("charges %d; want the dropped top-up written and found", e.srv.Charges("k"))
	}
}
