package codebook

import (
	"encoding/json"
	"strconv"
	"strings"
)

// LookupAnswer is what a transaction lookup call returned, as the
// generated clients hand it to InterpretLookup.
type LookupAnswer[L any] struct {
	Value  L     // the decoded 2xx body; its zero value when there was none
	Status int   // HTTP status; 0 when no response arrived
	Class  Class // the lookup response's own classification
	// Specific says the answer matched a row by its code or message: only
	// such a row speaks of the looked-up transaction (Clickatell's lookup
	// answering 2010, Click Airtime's "No transactions found"); a row
	// matched by HTTP status alone (a 403, a gateway's 404) speaks of the
	// lookup call.
	Specific bool
	Err      error // the call's error, if any
}

// LookupRule is the x-codebook lookup of a money-moving operation: where
// the looked-up transaction's status sits in the lookup's body, and which
// outcome each status value means.
type LookupRule struct {
	Status   string             // dotted path, "transactionStatus" or "data.0.state"; "" for none
	Statuses map[string]Outcome // status value → outcome; other values are uncertain
}

// InterpretLookup decides what a lookup proved:
//
//   - a documented not_found answer (matched by code or message) proves the
//     transaction does not exist, and so does an empty list where the
//     status path indexes into one; a bare 404 proves nothing;
//   - a 2xx whose status field holds a value gives that value's outcome
//     (an unlisted value is uncertain, never failed);
//   - otherwise the lookup's own class, when specific: a pending or failed
//     row is the transaction's; a success without a status path is
//     success;
//   - anything else (a timeout, a 5xx, an unreadable body) is inconclusive,
//     and the error says why.
func InterpretLookup[L any](rule LookupRule, a LookupAnswer[L]) (Looked[L], error) {
	var none Looked[L]
	if a.Class.Category == CategoryNotFound && a.Specific {
		none.State = LookupNotFound
		return none, nil
	}
	if a.Status/100 == 2 && rule.Status != "" {
		switch status, found := readPath(a.Value, rule.Status); found {
		case pathEmpty:
			none.State = LookupNotFound
			return none, nil
		case pathValue:
			return Looked[L]{State: LookupFound, Value: a.Value, Class: StatusClass(rule.Statuses[status])}, nil
		}
	}
	if transactionClass(a.Class, a.Specific, rule.Status == "") {
		return Looked[L]{State: LookupFound, Value: a.Value, Class: a.Class}, nil
	}
	return none, a.Err
}

// transactionClass reports whether a lookup's own class is the looked-up
// transaction's: a specific pending or failed answer is, and so is a success
// when the spec gives no status path to read instead.
func transactionClass(c Class, specific, noStatusPath bool) bool {
	switch c.Outcome {
	case OutcomePending:
		return specific
	case OutcomeSuccess:
		return noStatusPath
	case OutcomeFailed:
		return specific && c.Fault != FaultCaller && c.Category != CategoryAuth && c.Category != CategoryInvalidRequest
	}
	return false
}

// pathResult says what readPath found.
type pathResult uint8

const (
	pathMissing pathResult = iota // no such field: proves nothing
	pathEmpty                     // an index into an empty list: nothing was found
	pathValue                     // a string or number at the path
)

// readPath reads the string or number at a dotted path ("data.0.state")
// of v's JSON encoding.
func readPath(v any, path string) (string, pathResult) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", pathMissing
	}
	var node any
	if json.Unmarshal(data, &node) != nil {
		return "", pathMissing
	}
	for _, step := range strings.Split(path, ".") {
		switch n := node.(type) {
		case map[string]any:
			node = n[step]
		case []any:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 {
				return "", pathMissing
			}
			if len(n) == 0 {
				return "", pathEmpty
			}
			if i >= len(n) {
				return "", pathMissing
			}
			node = n[i]
		default:
			return "", pathMissing
		}
	}
	switch n := node.(type) {
	case string:
		return n, pathValue
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), pathValue
	}
	return "", pathMissing
}
