package engine_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
)

// lookedTx is a lookup body shaped like Click Airtime's: a list of records.
type lookedTx struct {
	Message string      `json:"message,omitempty"`
	Data    []lookedRec `json:"data"`
}

type lookedRec struct {
	ExtRefID *string `json:"extRefId,omitempty"`
	State    *string `json:"state,omitempty"`
}

const ourRef = "ref-ours"

// rec returns a record of ref in state (state "" leaves it out).
func rec(ref, state string) lookedRec {
	r := lookedRec{ExtRefID: &ref}
	if state != "" {
		r.State = &state
	}
	return r
}

func records(recs ...lookedRec) *lookedTx { return &lookedTx{Data: append([]lookedRec{}, recs...)} }

// lookedRecords is the accessor the generator would emit for lookedTx:
// the records at data, each one's extRefId and state.
func lookedRecords(v *lookedTx, _ []byte) ([]cbengine.LookupRecord, bool) {
	if v == nil || v.Data == nil {
		return nil, false
	}
	recs := make([]cbengine.LookupRecord, 0, len(v.Data))
	for _, item := range v.Data {
		var rec cbengine.LookupRecord
		if item.ExtRefID != nil {
			rec.Reference = *item.ExtRefID
		}
		if item.State != nil {
			rec.Status, rec.HasStatus = *item.State, true
		}
		recs = append(recs, rec)
	}
	return recs, true
}

// oneRecord is the accessor of a body that is itself the one record, read
// from a map by the field names reference and status.
func oneRecord(reference, status string) func(map[string]any, []byte) ([]cbengine.LookupRecord, bool) {
	return func(v map[string]any, _ []byte) ([]cbengine.LookupRecord, bool) {
		ref, hasRef := v[reference].(string)
		st, hasStatus := v[status].(string)
		if !hasRef && !hasStatus {
			return nil, false
		}
		return []cbengine.LookupRecord{{Reference: ref, Status: st, HasStatus: hasStatus}}, true
	}
}

func TestInterpretLookup(t *testing.T) {
	rule := cbengine.LookupRule[*lookedTx]{Records: lookedRecords, Statuses: map[string]codebook.Outcome{
		"SUCCESS": codebook.OutcomeSuccess, "FAILED": codebook.OutcomeFailed, "PENDING": codebook.OutcomePending}}
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	notFound := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	badRequest := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	declined := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	pending := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Category: codebook.CategoryInProgress}
	timeout := errors.New("timeout")
	type answer = cbengine.LookupAnswer[*lookedTx]
	for _, tc := range []struct {
		name    string
		answer  answer
		state   cbengine.LookupState
		outcome codebook.Outcome
		err     error
	}{
		{"documented not found", answer{Status: 404, Class: notFound, Specific: true}, cbengine.LookupNotFound, 0, nil},
		{"a bare 404 (a gateway's) proves nothing", answer{Status: 404, Class: notFound, Err: timeout}, cbengine.LookupInconclusive, 0, timeout},
		{"empty list", answer{Value: records(), Status: 200, Class: success}, cbengine.LookupNotFound, 0, nil},
		{"found success", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomeSuccess, nil},
		{"found failed", answer{Value: records(rec(ourRef, "FAILED")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomeFailed, nil},
		{"found pending", answer{Value: records(rec(ourRef, "PENDING")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomePending, nil},
		{"unlisted state is uncertain", answer{Value: records(rec(ourRef, "REVERSED")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomeUncertain, nil},
		{"status read even when the 200 itself is uncertain", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: codebook.Unknown()}, cbengine.LookupFound, codebook.OutcomeSuccess, nil},
		{"our record without a state proves nothing", answer{Value: records(rec(ourRef, "")), Status: 200, Class: success}, cbengine.LookupInconclusive, 0, nil},
		{"timeout", answer{Class: codebook.Unknown(), Err: timeout}, cbengine.LookupInconclusive, 0, timeout},
		{"the caller's mistake says nothing of the transaction", answer{Status: 400, Class: badRequest, Err: timeout}, cbengine.LookupInconclusive, 0, timeout},
		{"a documented failure of the transaction", answer{Status: 200, Class: declined, Specific: true}, cbengine.LookupFound, codebook.OutcomeFailed, nil},
		{"a status-only failure is the lookup call's, not the transaction's", answer{Status: 403, Class: declined, Err: timeout}, cbengine.LookupInconclusive, 0, timeout},
		{"a pending code", answer{Status: 200, Class: pending, Specific: true}, cbengine.LookupFound, codebook.OutcomePending, nil},
		{"a 503 with a body is not read", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 503, Class: codebook.Unknown()}, cbengine.LookupInconclusive, 0, nil},
		// Hole 3: whose transaction the lookup found.
		{"another reference's record is not ours", answer{Value: records(rec("ref-other", "SUCCESS")), Status: 200, Class: success}, cbengine.LookupInconclusive, 0, nil},
		{"[FAILED other, SUCCESS ours] is our success", answer{Value: records(rec("ref-other", "FAILED"), rec(ourRef, "SUCCESS")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomeSuccess, nil},
		{"[SUCCESS other, FAILED ours] is our failure", answer{Value: records(rec("ref-other", "SUCCESS"), rec(ourRef, "FAILED")), Status: 200, Class: success}, cbengine.LookupFound, codebook.OutcomeFailed, nil},
		{"two records of ours: not ours to choose", answer{Value: records(rec(ourRef, "FAILED"), rec(ourRef, "SUCCESS")), Status: 200, Class: success}, cbengine.LookupInconclusive, 0, nil},
		{"a record without a reference is nobody's", answer{Value: records(lookedRec{State: ptr("SUCCESS")}), Status: 200, Class: success}, cbengine.LookupInconclusive, 0, nil},
		{"a not-found message next to our record: they disagree", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: notFound, Specific: true}, cbengine.LookupInconclusive, 0, nil},
		{"a 5xx that carries the not-found message is not a not-found", answer{Status: 500, Class: notFound, Specific: true}, cbengine.LookupInconclusive, 0, nil},
		{"an empty list under a failure message: they disagree", answer{Value: records(), Status: 200, Class: declined, Specific: true}, cbengine.LookupInconclusive, 0, nil},
	} {
		tc.answer.Reference = ourRef
		got, err := cbengine.InterpretLookup(rule, tc.answer)
		assert.Equal(t, tc.state, got.State, tc.name)
		if got.State == cbengine.LookupFound {
			assert.Equal(t, tc.outcome, got.Class.Outcome, tc.name)
		}
		assert.Equal(t, tc.err, err, tc.name)
	}
}

// TestInterpretLookupOneRecordBody: Clickatell's lookup answers with the
// record itself; its clientTxnRef must be ours.
func TestInterpretLookupOneRecordBody(t *testing.T) {
	rule := cbengine.LookupRule[map[string]any]{Records: oneRecord("clientTxnRef", "transactionStatus"), Statuses: map[string]codebook.Outcome{"SUCCESS": codebook.OutcomeSuccess}}
	ok := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	body := func(ref string) map[string]any {
		return map[string]any{"clientTxnRef": ref, "transactionStatus": "SUCCESS"}
	}
	got, err := cbengine.InterpretLookup(rule, cbengine.LookupAnswer[map[string]any]{Reference: "r1", Value: body("r1"), Status: 200, Class: ok})
	assert.NoError(t, err)
	assert.Equal(t, cbengine.LookupFound, got.State)
	assert.Equal(t, codebook.OutcomeSuccess, got.Class.Outcome)
	got, _ = cbengine.InterpretLookup(rule, cbengine.LookupAnswer[map[string]any]{Reference: "r1", Value: body("r2"), Status: 200, Class: ok})
	assert.Equal(t, cbengine.LookupInconclusive, got.State, "another purchase's record is not ours")

	declined := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	coded := func(ref string) map[string]any { return map[string]any{"clientTxnRef": ref, "responseCode": "2010"} }
	got, _ = cbengine.InterpretLookup(rule, cbengine.LookupAnswer[map[string]any]{Reference: "r1", Value: coded("r1"), Status: 200, Class: declined, Specific: true})
	assert.Equal(t, cbengine.LookupFound, got.State, "our record without a status, answered with a documented failure code")
	assert.Equal(t, codebook.OutcomeFailed, got.Class.Outcome)
	got, _ = cbengine.InterpretLookup(rule, cbengine.LookupAnswer[map[string]any]{Reference: "r1", Value: coded("r2"), Status: 200, Class: declined, Specific: true})
	assert.Equal(t, cbengine.LookupInconclusive, got.State, "the failure code of another purchase's record")
}

func TestInterpretLookupWithoutStatusField(t *testing.T) {
	got, err := cbengine.InterpretLookup(cbengine.LookupRule[string]{}, cbengine.LookupAnswer[string]{Value: "x", Status: 200,
		Class: codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}})
	assert.NoError(t, err)
	assert.Equal(t, cbengine.LookupFound, got.State)
	assert.Equal(t, "x", got.Value)
}

func ptr[T any](v T) *T { return &v }

// TestInterpretLookupKeepsTheCodesRow: Clickatell's lookup answering 2010
// "Insufficient funds" for our FAILED record gives the 2010 row's class, so
// errors.Is(err, codebook.ErrInsufficientFunds) still holds after a
// reconciliation; a code whose outcome the record's status contradicts
// does not override the status.
func TestInterpretLookupKeepsTheCodesRow(t *testing.T) {
	rule := cbengine.LookupRule[map[string]any]{Records: oneRecord("clientTxnRef", "transactionStatus"), Statuses: map[string]codebook.Outcome{
		"SUCCESS": codebook.OutcomeSuccess, "FAILED": codebook.OutcomeFailed, "PENDING": codebook.OutcomePending}}
	funds := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	processing := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	record := func(ref, status, code string) map[string]any {
		return map[string]any{"clientTxnRef": ref, "transactionStatus": status, "responseCode": code}
	}
	type answer = cbengine.LookupAnswer[map[string]any]
	for _, tc := range []struct {
		name string
		a    answer
		want codebook.Class
	}{
		{"2010 for our FAILED record: insufficient funds", answer{Value: record("r1", "FAILED", "2010"), Class: funds, Specific: true}, funds},
		{"0000 for our PENDING record: the row's pending", answer{Value: record("r1", "PENDING", "0000"), Class: processing, Specific: true}, processing},
		{"2010 for our SUCCESS record: the status, not the code", answer{Value: record("r1", "SUCCESS", "2010"), Class: funds, Specific: true}, cbengine.StatusClass(codebook.OutcomeSuccess)},
		{"2010 for our PENDING record: the status, not the code", answer{Value: record("r1", "PENDING", "2010"), Class: funds, Specific: true}, cbengine.StatusClass(codebook.OutcomePending)},
		{"a failure by status alone is no code's: declined", answer{Value: record("r1", "FAILED", ""), Class: funds}, cbengine.StatusClass(codebook.OutcomeFailed)},
	} {
		tc.a.Reference, tc.a.Status = "r1", 200
		got, err := cbengine.InterpretLookup(rule, tc.a)
		assert.NoError(t, err, tc.name)
		assert.Equal(t, cbengine.LookupFound, got.State, tc.name)
		assert.Equal(t, tc.want, got.Class, tc.name)
	}
	a := answer{Reference: "r1", Status: 200, Value: record("r2", "FAILED", "2010"), Class: funds, Specific: true}
	got, _ := cbengine.InterpretLookup(rule, a)
	assert.Equal(t, cbengine.LookupInconclusive, got.State, "2010 on another purchase's record says nothing of ours")
}

// TestInterpretLookupNotFoundByCode: Click Airtime's lookup answering 235
// "Transaction not found" in its code field is the documented not-found,
// matched by code under the rule's Code and NotFound; nothing else is.
func TestInterpretLookupNotFoundByCode(t *testing.T) {
	rule := cbengine.LookupRule[*lookedTx]{Records: lookedRecords,
		Statuses: map[string]codebook.Outcome{"SUCCESS": codebook.OutcomeSuccess}, Code: "code", NotFound: []string{"235"}}
	notFound404 := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	type answer = cbengine.LookupAnswer[*lookedTx]
	for _, tc := range []struct {
		name string
		rule cbengine.LookupRule[*lookedTx]
		a    answer
		want cbengine.LookupState
	}{
		{"404 with code 235", rule, answer{Status: 404, Class: notFound404, Body: []byte(`{"message":"Transaction not found","statusCode":404,"code":235}`)}, cbengine.LookupNotFound},
		{"the code as a string", rule, answer{Status: 404, Class: notFound404, Body: []byte(`{"code":"235"}`)}, cbengine.LookupNotFound},
		{"200 with code 235 and no list", rule, answer{Status: 200, Class: success, Body: []byte(`{"code":235}`)}, cbengine.LookupNotFound},
		{"404 with another code", rule, answer{Status: 404, Class: notFound404, Body: []byte(`{"code":236}`)}, cbengine.LookupInconclusive},
		{"a bare 404", rule, answer{Status: 404, Class: notFound404, Body: []byte(`<html>Not Found</html>`)}, cbengine.LookupInconclusive},
		{"code 235 in a 5xx", rule, answer{Status: 503, Class: codebook.Unknown(), Body: []byte(`{"code":235}`)}, cbengine.LookupInconclusive},
		{"code 235 next to our record: they disagree", rule, answer{Status: 200, Class: success, Value: records(rec(ourRef, "SUCCESS")),
			Body: []byte(`{"code":235,"data":[{"extRefId":"ref-ours","state":"SUCCESS"}]}`)}, cbengine.LookupInconclusive},
		{"code 235 in an answer that is itself uncertain", rule, answer{Status: 200, Class: codebook.Unknown(), Body: []byte(`{"code":235,"statusCode":500}`)}, cbengine.LookupInconclusive},
		{"a rule without Code reads no code", cbengine.LookupRule[*lookedTx]{Records: lookedRecords},
			answer{Status: 404, Class: notFound404, Body: []byte(`{"code":235}`)}, cbengine.LookupInconclusive},
	} {
		tc.a.Reference = ourRef
		got, _ := cbengine.InterpretLookup(tc.rule, tc.a)
		assert.Equal(t, tc.want, got.State, tc.name)
	}
}
