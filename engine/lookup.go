package engine

import (
	"encoding/json"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
)

// LookupAnswer is what a transaction lookup call returned, as the
// generated clients hand it to InterpretLookup.
type LookupAnswer[L any] struct {
	// Reference is the reference that was looked up: only a record that
	// carries it speaks of the transaction.
	Reference string
	Value     L              // the decoded 2xx body; its zero value when there was none
	Status    int            // HTTP status; 0 when no response arrived
	Class     codebook.Class // the lookup response's own classification
	// Specific says the answer matched a row by its code or message: only
	// such a row speaks of the looked-up transaction (Clickatell's lookup
	// answering 2010, Click Airtime's "No transactions found"); a row
	// matched by HTTP status alone (a 403, a gateway's 404) speaks of the
	// lookup call.
	Specific bool
	Err      error // the call's error, if any
	// Body is the response's body, or its first bytes (the generated
	// clients pass Result.Snippet): read for LookupRule.Code, and, when
	// whole, for an empty list the decoded value does not show.
	Body []byte
}

// LookupRule is the x-codebook lookup of a money-moving operation, with the
// answer's type L: the generated accessor that reads the records of a
// decoded answer (each one's reference and status), and which outcome
// each status value means. The generator checks every path of the
// extension against the lookup's response schema; nothing is looked up by
// name at run time.
type LookupRule[L any] struct {
	// Records reads the records of a decoded 2xx answer: the list's
	// records, or the body as the one record. listed is false when the
	// answer holds no such list or record: it then says nothing about
	// records. body is the answer as received (LookupAnswer.Body), read
	// only for an empty list the decoded value does not show (EmptyListAt).
	// nil when the spec names no status field: the lookup's own class then
	// says it all.
	Records func(v L, body []byte) (recs []LookupRecord, listed bool)
	// Statuses maps status values to outcomes; other values are uncertain.
	Statuses map[string]codebook.Outcome
	// Code is the dotted path of the lookup body's field holding a code
	// ("code"), read in any answer below 500 (whose body is not decoded
	// as L); "" when the spec names none.
	Code string
	// NotFound lists the values of Code that answer "no such transaction"
	// (Click Airtime 235 "Transaction not found"), as the spec writes them:
	// such an answer is a documented not-found, matched by code.
	NotFound []string
}

// LookupRecord is one record of a lookup's answer, as the generated
// accessor reads it from the decoded value.
type LookupRecord struct {
	// Reference is the record's reference, as text; "" when it holds
	// none. A record is ours only when it holds the reference looked up.
	Reference string
	// Status is the record's status, as text (a number in decimal).
	Status string
	// HasStatus says the record holds a status; without one its status
	// is not read.
	HasStatus bool
}

// InterpretLookup decides what a lookup proved. It never guesses: what it
// cannot tie to the reference looked up is inconclusive.
//
//   - No answer, or a 5xx whatever its body says, is inconclusive.
//   - A documented not_found answer (matched by code or message, or a code
//     of rule.NotFound in rule.Code's field, unless the answer's own class
//     is uncertain) proves the transaction does not exist, and so does a
//     2xx with an empty list of records; a bare 404 proves nothing, and
//     neither does a not-found next to records (they disagree).
//   - A 2xx whose records include exactly one that holds our reference
//     gives that record's status as the outcome (an unlisted value is
//     uncertain, never failed); a documented pending or failure code of the
//     answer gives the class when its outcome is the record's (Clickatell's
//     lookup answering 2010 for our FAILED record: insufficient funds, not
//     a generic decline), or when ours has no status. Records of other
//     references only, or several of ours, are inconclusive.
//   - Otherwise the lookup's own class, when specific: a pending or failed
//     row is the transaction's; a success without a status field is
//     success.
func InterpretLookup[L any](rule LookupRule[L], a LookupAnswer[L]) (Looked[L], error) {
	var none Looked[L]
	if a.Status == 0 || a.Status >= 500 {
		return none, a.Err
	}
	recs, listed := records(rule, a)
	notFound := a.Class.Category == codebook.CategoryNotFound && a.Specific || codedNotFound(rule, a)
	switch {
	case notFound && listed && len(recs) > 0:
		return none, a.Err // the message and the records disagree
	case notFound, a.Status/100 == 2 && listed && len(recs) == 0 && !contradicts(a.Class, a.Specific):
		none.State = LookupNotFound
		return none, nil
	case a.Status/100 == 2 && listed:
		lk, statusless := ours(rule, a, recs)
		agrees := lk.State == LookupFound && lk.Class.Outcome == a.Class.Outcome
		if (statusless || agrees) && transactionClass(a.Class, a.Specific, false) {
			// Our record, and a coded answer about it that its status, if
			// any, confirms: the code's row says more than the status.
			return Looked[L]{State: LookupFound, Value: a.Value, Class: a.Class}, nil
		}
		return lk, nil
	}
	if transactionClass(a.Class, a.Specific, rule.Records == nil) {
		return Looked[L]{State: LookupFound, Value: a.Value, Class: a.Class}, nil
	}
	return none, a.Err
}

// contradicts reports whether a specific answer whose records are empty
// says something other than success or not-found about the transaction.
func contradicts(c codebook.Class, specific bool) bool {
	return specific && c.Outcome != codebook.OutcomeSuccess && c.Category != codebook.CategoryNotFound
}

// ours finds the one record holding the reference looked up and reads its
// status; anything else is inconclusive. statusless reports that the one
// record of ours has no status to read.
func ours[L any](rule LookupRule[L], a LookupAnswer[L], recs []LookupRecord) (lk Looked[L], statusless bool) {
	var found *LookupRecord
	for i := range recs {
		if recs[i].Reference == "" || recs[i].Reference != a.Reference {
			continue
		}
		if found != nil {
			return Looked[L]{}, false // two records of one reference: not ours to choose
		}
		found = &recs[i]
	}
	if found == nil {
		return Looked[L]{}, false
	}
	if !found.HasStatus {
		return Looked[L]{}, true
	}
	return Looked[L]{State: LookupFound, Value: a.Value, Class: StatusClass(rule.Statuses[found.Status])}, false
}

// transactionClass reports whether a lookup's own class is the looked-up
// transaction's: a specific pending or failed answer is, and so is a success
// when the spec gives no status field to read instead.
func transactionClass(c codebook.Class, specific, noStatusField bool) bool {
	switch c.Outcome {
	case codebook.OutcomePending:
		return specific
	case codebook.OutcomeSuccess:
		return noStatusField
	case codebook.OutcomeFailed:
		return specific && c.Fault != codebook.FaultCaller && c.Category != codebook.CategoryAuth && c.Category != codebook.CategoryInvalidRequest
	}
	return false
}

// EmptyListAt reports whether body, a whole JSON document, holds an empty
// list at path (a dotted path, as for BodyFields): the answer "no records"
// that a decoded value whose list is omitempty no longer shows (Click
// Airtime V2's GET /v2/topups?reference=... answering "data": []). A cut
// snippet, a missing or null list, or one with items, is no proof. The
// generated lookup accessors call it when the decoded value has no list.
func EmptyListAt(body []byte, path string) bool {
	raw, _, ok := codebookimpl.BodyFields(body, path, "")
	if !ok || raw == nil {
		return false
	}
	var list []any
	return json.Unmarshal(raw, &list) == nil && list != nil && len(list) == 0
}

// records returns the records of a's value under rule, read by its
// generated accessor. listed is false when the rule names no status field
// or the answer has no such list or object: the body then says nothing
// about records.
func records[L any](rule LookupRule[L], a LookupAnswer[L]) (recs []LookupRecord, listed bool) {
	if rule.Records == nil {
		return nil, false
	}
	return rule.Records(a.Value, a.Body)
}
