package engine_test

import (
	"testing"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
)

// listAnswer is a typed list response whose list is omitempty, as the
// generated models are: an empty list does not survive decoding.
type listAnswer struct {
	Data []map[string]string `json:"data,omitempty"`
}

// TestInterpretLookupEmptyListInTheBody: a 2xx whose body holds an empty
// list at the rule's records (Click Airtime V2's GET /v2/topups?reference=
// answering "data": []) is a not-found even though the decoded value
// dropped the list; a cut or unreadable body, a missing list, or a list
// with records in the body but not in the value, proves nothing.
func TestInterpretLookupEmptyListInTheBody(t *testing.T) {
	rule := cbengine.LookupRule[*listAnswer]{Records: listRecords,
		Statuses: map[string]codebook.Outcome{"completed": codebook.OutcomeSuccess}}
	ok := cbengine.StatusClass(codebook.OutcomeSuccess)
	for _, c := range []struct {
		name string
		body string
		want cbengine.LookupState
	}{
		{"empty list", `{"success":true,"data":[],"meta":{"request_id":"r"}}`, cbengine.LookupNotFound},
		{"empty list, spaced", `{"data": [ ] }`, cbengine.LookupNotFound},
		{"cut body", `{"success":true,"data":[],"meta":{"request_`, cbengine.LookupInconclusive},
		{"no list", `{"success":true}`, cbengine.LookupInconclusive},
		{"null list", `{"data":null}`, cbengine.LookupInconclusive},
		{"records the value lost", `{"data":[{"reference":"r1","status":"completed"}]}`, cbengine.LookupInconclusive},
		{"no body", ``, cbengine.LookupInconclusive},
	} {
		lk, _ := cbengine.InterpretLookup(rule, cbengine.LookupAnswer[*listAnswer]{
			Reference: "r1", Value: &listAnswer{}, Status: 200, Class: ok, Body: []byte(c.body)})
		if lk.State != c.want {
			t.Errorf("%s: %v, want %v", c.name, lk.State, c.want)
		}
	}
}

// listRecords is the accessor the generator would emit for listAnswer: a
// list the value dropped is read in the body (engine.EmptyListAt).
func listRecords(v *listAnswer, body []byte) ([]cbengine.LookupRecord, bool) {
	if v == nil {
		return nil, false
	}
	if v.Data == nil {
		return nil, cbengine.EmptyListAt(body, "data")
	}
	recs := make([]cbengine.LookupRecord, 0, len(v.Data))
	for _, item := range v.Data {
		st, ok := item["status"]
		recs = append(recs, cbengine.LookupRecord{Reference: item["reference"], Status: st, HasStatus: ok})
	}
	return recs, true
}
