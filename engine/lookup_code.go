package engine

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
)

// codedNotFound reports whether a's body holds, in rule.Code's field, one
// of rule.NotFound: the provider's documented "no such transaction",
// matched by code. An answer whose own class is uncertain (a body that
// contradicts its status, say) proves nothing, whatever its code.
func codedNotFound[L any](rule LookupRule[L], a LookupAnswer[L]) bool {
	if rule.Code == "" || len(rule.NotFound) == 0 || a.Class.Outcome == codebook.OutcomeUncertain {
		return false
	}
	raw, _, ok := codebookimpl.BodyFields(a.Body, rule.Code, "")
	if !ok || raw == nil {
		return false
	}
	code, ok := codeText(raw)
	return ok && slices.ContainsFunc(rule.NotFound, func(nf string) bool { return sameCode(code, nf) })
}

// codeText returns a JSON string or number as text.
func codeText(raw json.RawMessage) (string, bool) {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	}
	return "", false
}

// sameCode reports whether two codes are the same: equal text, or equal
// integers ("235" and 235, "0235").
func sameCode(a, b string) bool {
	if a == b {
		return true
	}
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	return errA == nil && errB == nil && x == y
}
