package codebook_test

import (
	"testing"

	"github.com/codebookgen/codebook"
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
	rule := codebook.LookupRule[*listAnswer]{Records: listRecords,
		Statuses: map[string]codebook.Outcome{"completed": codebook.OutcomeSuccess}}
	ok := codebook.StatusClass(codebook.OutcomeSuccess)
	for _, c := range []struct {
		name string
		body string
		want codebook.LookupState
	}{
		{"empty list", `{"success":true,"data":[],"meta":{"request_id":"r"}}`, codebook.LookupNotFound},
		{"empty list, spaced", `{"data": [ ] }`, codebook.LookupNotFound},
		{"cut body", `{"success":true,"data":[],"meta":{"request_`, codebook.LookupInconclusive},
		{"no list", `{"success":true}`, codebook.LookupInconclusive},
		{"null list", `{"data":null}`, codebook.LookupInconclusive},
		{"records the value lost", `{"data":[{"reference":"r1","status":"completed"}]}`, codebook.LookupInconclusive},
		{"no body", ``, codebook.LookupInconclusive},
	} {
		lk, _ := codebook.InterpretLookup(rule, codebook.LookupAnswer[*listAnswer]{
			Reference: "r1", Value: &listAnswer{}, Status: 200, Class: ok, Body: []byte(c.body)})
		if lk.State != c.want {
			t.Errorf("%s: %v, want %v", c.name, lk.State, c.want)
		}
	}
}

// listRecords is the accessor the generator would emit for listAnswer: a
// list the value dropped is read in the body (codebook.EmptyListAt).
func listRecords(v *listAnswer, body []byte) ([]codebook.LookupRecord, bool) {
	if v == nil {
		return nil, false
	}
	if v.Data == nil {
		return nil, codebook.EmptyListAt(body, "data")
	}
	recs := make([]codebook.LookupRecord, 0, len(v.Data))
	for _, item := range v.Data {
		st, ok := item["status"]
		recs = append(recs, codebook.LookupRecord{Reference: item["reference"], Status: st, HasStatus: ok})
	}
	return recs, true
}
