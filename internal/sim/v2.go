package sim

import (
	"encoding/json"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// Click Airtime V2 in the provider model (issue 15): the same ledger and
// invariants as V1, with what V2 does differently drawn as choices:
//
//   - the duplicate check reads the Idempotency-Key header, not the
//     reference (BodyV2 carries both; the engine makes them once and
//     resends the same bytes), and may forget a key after a window;
//   - a duplicate is answered 409 DUPLICATE_TRANSACTION (uncertain,
//     category duplicate) or, with Replay, the first answer again;
//   - top-ups are asynchronous: the nominal answer is 201 "pending", and
//     the record reads pending, then processing, then completed or failed;
//   - DELIVERY_FAILED is a 500 after the provider recorded a failure, and
//     INTERNAL_ERROR a 500 before or after a charge: uncertain either way;
//   - the lookup is GET /v2/topups?reference=... (RuleV2): a list, empty
//     when nothing is found (V2 has no not-found answer for a list), which
//     a partial-matching server may pad with records of longer references.

// BodyV2 is the V2 top-up body of the simulated Transaction: the reference
// and, standing for the Idempotency-Key header, the key, which is the
// reference itself (spec/README.md, "Idempotency header"): made once,
// persisted with the reference and sent with the same bytes on a resend.
func BodyV2(ref string) ([]byte, error) {
	return json.Marshal(bodyV2{Reference: ref, Key: ref})
}

// bodyV2 is what the model reads of a V2 request.
type bodyV2 struct {
	Reference string `json:"reference"`
	Key       string `json:"idempotency_key"`
}

// keyOf returns the key the duplicate check reads: the reference in V1;
// in V2 the request's Idempotency-Key ("" when it carries none: never a
// duplicate). A nil body (a stopped process's send) carries the key
// BodyV2 makes, the reference.
func (p *Provider) keyOf(ref string, body []byte) string {
	if !p.cfg.V2 {
		return ref
	}
	if body == nil {
		return ref
	}
	var b bodyV2
	if json.Unmarshal(body, &b) != nil {
		return ""
	}
	return b.Key
}

// remembers reports whether the duplicate check still holds e's key: V1
// and a V2 provider without a key window always do.
func (p *Provider) remembers(e *entry) bool {
	if e.key == "" {
		return false
	}
	return p.cfg.KeyWindow == 0 || p.clock.Now().Before(e.received.Add(p.cfg.KeyWindow))
}

// RuleV2 is the lookup rule of GET /v2/topups?reference=...: the records
// in data, ours by reference, pending and processing not final yet.
func RuleV2() engine.LookupRule[LookupBody] {
	return engine.LookupRule[LookupBody]{
		Records: func(v LookupBody, body []byte) ([]engine.LookupRecord, bool) {
			return v.records(body, func(r Record) (string, string) { return r.Reference, r.Status })
		},
		Statuses: map[string]codebook.Outcome{
			"pending": codebook.OutcomePending, "processing": codebook.OutcomePending,
			"completed": codebook.OutcomeSuccess, "failed": codebook.OutcomeFailed,
		},
	}
}

// Decisions of the V2 provider on one top-up.
const (
	v2Accept         = iota // key check, then charge: 201 pending; processing, completed later
	v2Completed             // key check, then charge: 201 completed
	v2RefuseNever           // refused before the key check: 400 INSUFFICIENT_BALANCE, failed, never
	v2RateLimited           // refused before the key check: 429, failed, backoff
	v2Declined              // key check, then declined: a failed record, 400 (failed, never)
	v2AcceptFails           // key check, then 201 pending, and delivery fails later: no charge
	v2DeliveryFailed        // key check, a failed record, answered 500 DELIVERY_FAILED (uncertain)
	v2InternalBefore        // not processed: 500 INTERNAL_ERROR (uncertain)
	v2InternalAfter         // key check, charge, answered 500 INTERNAL_ERROR (uncertain)
	numV2Decisions
)

// receiveV2 processes one V2 top-up carrying key and returns its answer's
// class and the ledger entry it made, if any.
func (p *Provider) receiveV2(ref, key string) (codebook.Class, *entry) {
	d := v2Accept
	if p.sends <= p.bound.Sends {
		d = p.ch.Choose(numV2Decisions)
	}
	switch d {
	case v2RefuseNever:
		return classFailedNever, nil
	case v2RateLimited:
		return classBackoff, nil
	case v2InternalBefore:
		return codebook.Unknown(), nil
	}
	if class, refused := p.refuseDuplicate(key); refused {
		return class, nil
	}
	now := p.clock.Now()
	e := entry{ref: ref, key: key, received: now, committed: now, pendingTil: now.Add(pendingTime), state: "SUCCESS", charged: true}
	class := classPending
	switch d {
	case v2Completed:
		e.pendingTil, class = now, classSuccess
	case v2Declined:
		e.pendingTil, e.state, e.charged, class = now, "FAILED", false, classDeclined
	case v2AcceptFails:
		e.state, e.charged = "FAILED", false
	case v2DeliveryFailed:
		e.pendingTil, e.state, e.charged, class = now, "FAILED", false, codebook.Unknown()
	case v2InternalAfter:
		class = codebook.Unknown()
	}
	return p.write(&e, class)
}

// lookupAnswerV2 makes one GET /v2/topups?reference=ref call, with the
// same lookup options as V1 in V2's shapes: accurate; fails; a 500
// INTERNAL_ERROR; other records first (other customers' and one whose
// reference only begins with ours, as a partial match would list);
// ours twice, the first copy pending; a 200 without data.
func (p *Provider) lookupAnswerV2(ref string) engine.LookupAnswer[LookupBody] {
	opt := p.lookupOption()
	defer p.clock.Advance(lookupTime)
	a := engine.LookupAnswer[LookupBody]{Reference: ref}
	if p.lookupFailed(&a, opt) {
		return a
	}
	switch {
	case opt == lookup5xx:
		a.Status, a.Class, a.Value = 500, codebook.Unknown(), LookupBody{Data: []Record{}}
		return a
	case opt == lookupNoData:
		a.Status, a.Class = 200, classLookupOK
		return a
	}
	ours := p.visibleV2(ref)
	if opt == lookupOthers {
		others := p.visibleV2("other-ok", "other-ko")
		others = append(others, Record{ID: "txn-partial", Reference: ref + "-2", Status: "completed"})
		ours = append(others, ours...)
	}
	if opt == lookupTwice {
		twice := make([]Record, 0, 2*len(ours))
		for _, r := range ours {
			early := r
			early.Status = "pending"
			twice = append(twice, early, r)
		}
		ours = twice
	}
	a.Status, a.Class, a.Value = 200, classLookupOK, LookupBody{Data: append([]Record{}, ours...)}
	return a
}

// visibleV2 returns the V2 list items of refs the lookup sees now: pending
// for the first half of a charge's pendingTime, processing for the rest,
// then completed or failed.
func (p *Provider) visibleV2(refs ...string) []Record {
	now := p.clock.Now()
	var out []Record
	for i, e := range p.ledger {
		if !in(e.ref, refs) || now.Before(e.committed.Add(p.cfg.LookupLag)) {
			continue
		}
		out = append(out, Record{ID: "txn-" + string(rune('a'+i%26)), Reference: e.ref, Status: v2Status(e, now)})
	}
	return out
}

// v2Status is the status of e at now.
func v2Status(e *entry, now time.Time) string {
	switch {
	case now.Before(e.pendingTil.Add(-pendingTime / 2)):
		return "pending"
	case now.Before(e.pendingTil):
		return "processing"
	case e.state == "SUCCESS":
		return "completed"
	}
	return "failed"
}

// V2Families returns the Click Airtime V2 families, the counterparts of
// contract, contract-wide, slow-lookup and transport-resend, made from them:
// the same settle, lags and policies, without V1's empty-list option (V2's
// lookup always answers a list), plus, for the contract-keeping ones, the
// key window (an Idempotency-Key forgotten 30 s after its request).
func V2Families() []Family {
	windows := []time.Duration{0, 30 * time.Second}
	var out []Family
	for _, f := range Families() {
		if f.Name == "contract-long-settle" {
			continue
		}
		f.Name, f.V2, f.EmptyList = "v2-"+f.Name, true, false
		if !f.Violates { // the breaking families keep the key for good
			f.KeyWindows = windows
		}
		out = append(out, f)
	}
	return out
}
