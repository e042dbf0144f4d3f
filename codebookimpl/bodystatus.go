package codebookimpl

import (
	"fmt"
	"strconv"

	"github.com/codebookgen/codebook"
)

// SettleBodyStatus compares the HTTP status a response body states in its
// field (Click Airtime's statusCode, "HTTP status code" in its docs) with
// the status the response came with, and returns r uncertain when they
// disagree: a proxy rewrote one of them, or the body is not the answer to
// this request, so neither its code nor its status can be taken as the
// outcome. Click Airtime: "Always check both the HTTP status code and the
// code field in the response body."
//
// A body without the field (or not JSON) leaves r as it is; a field that
// is not the status as a JSON integer, or a string holding it in canonical
// decimal, disagrees. It allocates nothing. field is a dotted
// path, as for BodyFields; "" checks nothing. The Entry and Code are kept,
// for the record, as Settle keeps them.
func SettleBodyStatus[T fmt.Stringer, E codebook.Row, C comparable](r codebook.Result[T, E, C], body []byte, field string) codebook.Result[T, E, C] {
	if field == "" {
		return r
	}
	raw, _, ok := BodyFields(body, field, "")
	if !ok || raw == nil {
		return r
	}
	if statesStatus(raw, r.Status) {
		return r
	}
	r.Class = codebook.Unknown()
	return r
}

// statesStatus reports whether raw, a JSON number or a string holding one
// in canonical decimal, is status. It allocates nothing.
func statesStatus(raw []byte, status int) bool {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		raw = raw[1 : len(raw)-1]
	}
	var buf [20]byte
	return string(raw) == string(strconv.AppendInt(buf[:0], int64(status), 10))
}
