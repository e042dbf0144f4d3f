package codebook_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook"
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

func TestInterpretLookup(t *testing.T) {
	rule := codebook.LookupRule{Records: "data", Reference: "extRefId", Status: "state", Statuses: map[string]codebook.Outcome{
		"SUCCESS": codebook.OutcomeSuccess, "FAILED": codebook.OutcomeFailed, "PENDING": codebook.OutcomePending}}
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	notFound := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	badRequest := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	declined := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	pending := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Category: codebook.CategoryInProgress}
	timeout := errors.New("timeout")
	type answer = codebook.LookupAnswer[*lookedTx]
	for _, tc := range []struct {
		name    string
		answer  answer
		state   codebook.LookupState
		outcome codebook.Outcome
		err     error
	}{
		{"documented not found", answer{Status: 404, Class: notFound, Specific: true}, codebook.LookupNotFound, 0, nil},
		{"a bare 404 (a gateway's) proves nothing", answer{Status: 404, Class: notFound, Err: timeout}, codebook.LookupInconclusive, 0, timeout},
		{"empty list", answer{Value: records(), Status: 200, Class: success}, codebook.LookupNotFound, 0, nil},
		{"found success", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeSuccess, nil},
		{"found failed", answer{Value: records(rec(ourRef, "FAILED")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeFailed, nil},
		{"found pending", answer{Value: records(rec(ourRef, "PENDING")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomePending, nil},
		{"unlisted state is uncertain", answer{Value: records(rec(ourRef, "REVERSED")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeUncertain, nil},
		{"status read even when the 200 itself is uncertain", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: codebook.Unknown()}, codebook.LookupFound, codebook.OutcomeSuccess, nil},
		{"our record without a state proves nothing", answer{Value: records(rec(ourRef, "")), Status: 200, Class: success}, codebook.LookupInconclusive, 0, nil},
		{"timeout", answer{Class: codebook.Unknown(), Err: timeout}, codebook.LookupInconclusive, 0, timeout},
		{"the caller's mistake says nothing of the transaction", answer{Status: 400, Class: badRequest, Err: timeout}, codebook.LookupInconclusive, 0, timeout},
		{"a documented failure of the transaction", answer{Status: 200, Class: declined, Specific: true}, codebook.LookupFound, codebook.OutcomeFailed, nil},
		{"a status-only failure is the lookup call's, not the transaction's", answer{Status: 403, Class: declined, Err: timeout}, codebook.LookupInconclusive, 0, timeout},
		{"a pending code", answer{Status: 200, Class: pending, Specific: true}, codebook.LookupFound, codebook.OutcomePending, nil},
		{"a 503 with a body is not read", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 503, Class: codebook.Unknown()}, codebook.LookupInconclusive, 0, nil},
		// Hole 3: whose transaction the lookup found.
		{"another reference's record is not ours", answer{Value: records(rec("ref-other", "SUCCESS")), Status: 200, Class: success}, codebook.LookupInconclusive, 0, nil},
		{"[FAILED other, SUCCESS ours] is our success", answer{Value: records(rec("ref-other", "FAILED"), rec(ourRef, "SUCCESS")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeSuccess, nil},
		{"[SUCCESS other, FAILED ours] is our failure", answer{Value: records(rec("ref-other", "SUCCESS"), rec(ourRef, "FAILED")), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeFailed, nil},
		{"two records of ours: not ours to choose", answer{Value: records(rec(ourRef, "FAILED"), rec(ourRef, "SUCCESS")), Status: 200, Class: success}, codebook.LookupInconclusive, 0, nil},
		{"a record without a reference is nobody's", answer{Value: records(lookedRec{State: ptr("SUCCESS")}), Status: 200, Class: success}, codebook.LookupInconclusive, 0, nil},
		{"a not-found message next to our record: they disagree", answer{Value: records(rec(ourRef, "SUCCESS")), Status: 200, Class: notFound, Specific: true}, codebook.LookupInconclusive, 0, nil},
		{"a 5xx that carries the not-found message is not a not-found", answer{Status: 500, Class: notFound, Specific: true}, codebook.LookupInconclusive, 0, nil},
		{"an empty list under a failure message: they disagree", answer{Value: records(), Status: 200, Class: declined, Specific: true}, codebook.LookupInconclusive, 0, nil},
	} {
		tc.answer.Reference = ourRef
		got, err := codebook.InterpretLookup(rule, tc.answer)
		assert.Equal(t, tc.state, got.State, tc.name)
		if got.State == codebook.LookupFound {
			assert.Equal(t, tc.outcome, got.Class.Outcome, tc.name)
		}
		assert.Equal(t, tc.err, err, tc.name)
	}
}

// TestInterpretLookupOneRecordBody: Clickatell's lookup answers with the
// record itself; its clientTxnRef must be ours.
func TestInterpretLookupOneRecordBody(t *testing.T) {
	rule := codebook.LookupRule{Reference: "clientTxnRef", Status: "transactionStatus", Statuses: map[string]codebook.Outcome{"SUCCESS": codebook.OutcomeSuccess}}
	ok := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	body := func(ref string) map[string]any {
		return map[string]any{"clientTxnRef": ref, "transactionStatus": "SUCCESS"}
	}
	got, err := codebook.InterpretLookup(rule, codebook.LookupAnswer[map[string]any]{Reference: "r1", Value: body("r1"), Status: 200, Class: ok})
	assert.NoError(t, err)
	assert.Equal(t, codebook.LookupFound, got.State)
	assert.Equal(t, codebook.OutcomeSuccess, got.Class.Outcome)
	got, _ = codebook.InterpretLookup(rule, codebook.LookupAnswer[map[string]any]{Reference: "r1", Value: body("r2"), Status: 200, Class: ok})
	assert.Equal(t, codebook.LookupInconclusive, got.State, "another purchase's record is not ours")

	declined := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	coded := func(ref string) map[string]any { return map[string]any{"clientTxnRef": ref, "responseCode": "2010"} }
	got, _ = codebook.InterpretLookup(rule, codebook.LookupAnswer[map[string]any]{Reference: "r1", Value: coded("r1"), Status: 200, Class: declined, Specific: true})
	assert.Equal(t, codebook.LookupFound, got.State, "our record without a status, answered with a documented failure code")
	assert.Equal(t, codebook.OutcomeFailed, got.Class.Outcome)
	got, _ = codebook.InterpretLookup(rule, codebook.LookupAnswer[map[string]any]{Reference: "r1", Value: coded("r2"), Status: 200, Class: declined, Specific: true})
	assert.Equal(t, codebook.LookupInconclusive, got.State, "the failure code of another purchase's record")
}

func TestInterpretLookupWithoutStatusField(t *testing.T) {
	got, err := codebook.InterpretLookup(codebook.LookupRule{}, codebook.LookupAnswer[string]{Value: "x", Status: 200,
		Class: codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}})
	assert.NoError(t, err)
	assert.Equal(t, codebook.LookupFound, got.State)
	assert.Equal(t, "x", got.Value)
}

func ptr[T any](v T) *T { return &v }
