package codebook_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook"
)

type lookedTx struct {
	Data []struct {
		State *string `json:"state,omitempty"`
	} `json:"data"`
}

func txWithState(states ...string) *lookedTx {
	out := &lookedTx{Data: []struct {
		State *string `json:"state,omitempty"`
	}{}}
	for _, s := range states {
		out.Data = append(out.Data, struct {
			State *string `json:"state,omitempty"`
		}{State: &s})
	}
	return out
}

func TestInterpretLookup(t *testing.T) {
	rule := codebook.LookupRule{Status: "data.0.state", Statuses: map[string]codebook.Outcome{
		"SUCCESS": codebook.OutcomeSuccess, "FAILED": codebook.OutcomeFailed, "PENDING": codebook.OutcomePending}}
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	notFound := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	badRequest := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	declined := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	pending := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Category: codebook.CategoryInProgress}
	timeout := errors.New("timeout")
	for _, tc := range []struct {
		name    string
		answer  codebook.LookupAnswer[*lookedTx]
		state   codebook.LookupState
		outcome codebook.Outcome
		err     error
	}{
		{"documented not found", codebook.LookupAnswer[*lookedTx]{Status: 404, Class: notFound, Specific: true}, codebook.LookupNotFound, codebook.OutcomeUncertain, nil},
		{"a bare 404 (a gateway's) proves nothing", codebook.LookupAnswer[*lookedTx]{Status: 404, Class: notFound, Err: timeout}, codebook.LookupInconclusive, codebook.OutcomeUncertain, timeout},
		{"empty list", codebook.LookupAnswer[*lookedTx]{Value: txWithState(), Status: 200, Class: success}, codebook.LookupNotFound, codebook.OutcomeUncertain, nil},
		{"found success", codebook.LookupAnswer[*lookedTx]{Value: txWithState("SUCCESS"), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeSuccess, nil},
		{"found failed", codebook.LookupAnswer[*lookedTx]{Value: txWithState("FAILED"), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeFailed, nil},
		{"found pending", codebook.LookupAnswer[*lookedTx]{Value: txWithState("PENDING"), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomePending, nil},
		{"unlisted state is uncertain", codebook.LookupAnswer[*lookedTx]{Value: txWithState("REVERSED"), Status: 200, Class: success}, codebook.LookupFound, codebook.OutcomeUncertain, nil},
		{"status read even when the 200 itself is uncertain", codebook.LookupAnswer[*lookedTx]{Value: txWithState("SUCCESS"), Status: 200, Class: codebook.Unknown()}, codebook.LookupFound, codebook.OutcomeSuccess, nil},
		{"no state field proves nothing", codebook.LookupAnswer[*lookedTx]{Value: &lookedTx{Data: make([]struct {
			State *string `json:"state,omitempty"`
		}, 1)}, Status: 200, Class: success}, codebook.LookupInconclusive, codebook.OutcomeUncertain, nil},
		{"timeout", codebook.LookupAnswer[*lookedTx]{Class: codebook.Unknown(), Err: timeout}, codebook.LookupInconclusive, codebook.OutcomeUncertain, timeout},
		{"the caller's mistake says nothing of the transaction", codebook.LookupAnswer[*lookedTx]{Status: 400, Class: badRequest, Err: timeout}, codebook.LookupInconclusive, codebook.OutcomeUncertain, timeout},
		{"a documented failure of the transaction", codebook.LookupAnswer[*lookedTx]{Status: 200, Class: declined, Specific: true}, codebook.LookupFound, codebook.OutcomeFailed, nil},
		{"a status-only failure is the lookup call's, not the transaction's", codebook.LookupAnswer[*lookedTx]{Status: 403, Class: declined, Err: timeout}, codebook.LookupInconclusive, codebook.OutcomeUncertain, timeout},
		{"a pending code", codebook.LookupAnswer[*lookedTx]{Status: 200, Class: pending, Specific: true}, codebook.LookupFound, codebook.OutcomePending, nil},
		{"a 503 with a body is not read", codebook.LookupAnswer[*lookedTx]{Value: txWithState("SUCCESS"), Status: 503, Class: codebook.Unknown()}, codebook.LookupInconclusive, codebook.OutcomeUncertain, nil},
	} {
		got, err := codebook.InterpretLookup(rule, tc.answer)
		assert.Equal(t, tc.state, got.State, tc.name)
		if got.State == codebook.LookupFound {
			assert.Equal(t, tc.outcome, got.Class.Outcome, tc.name)
		}
		assert.Equal(t, tc.err, err, tc.name)
	}
}

func TestInterpretLookupWithoutStatusPath(t *testing.T) {
	got, err := codebook.InterpretLookup(codebook.LookupRule{}, codebook.LookupAnswer[string]{Value: "x", Status: 200,
		Class: codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}})
	assert.NoError(t, err)
	assert.Equal(t, codebook.LookupFound, got.State)
	assert.Equal(t, "x", got.Value)
}
