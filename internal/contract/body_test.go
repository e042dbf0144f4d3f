package contract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/internal/spectest"
)

// sample returns a JSON value valid for s, with every property it names filled
// in, except those in skip (the x-codebook code and message fields, which the
// test sets itself). Examples are used where the spec gives them.
func sample(s *openapi3.Schema, skip map[string]bool, depth int) any {
	if s == nil || depth > 6 {
		return nil
	}
	if s.Example != nil {
		return s.Example
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	if len(s.OneOf) > 0 {
		return sample(s.OneOf[0].Value, nil, depth+1)
	}
	if len(s.AnyOf) > 0 {
		return sample(s.AnyOf[0].Value, nil, depth+1)
	}
	if len(s.AllOf) > 0 {
		obj := map[string]any{}
		for _, ref := range s.AllOf {
			if m, ok := sample(ref.Value, skip, depth+1).(map[string]any); ok {
				for k, v := range m {
					obj[k] = v
				}
			}
		}
		return obj
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		obj := map[string]any{}
		names := make([]string, 0, len(s.Properties))
		for name := range s.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if skip[name] {
				continue
			}
			if v := sample(s.Properties[name].Value, nil, depth+1); v != nil {
				obj[name] = v
			}
		}
		if len(obj) == 0 && (s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) {
			obj["extra"] = "kept" // an empty object would not tell a dropped field from a kept one
		}
		return obj
	case s.Type.Is("array"):
		var item any = map[string]any{}
		if s.Items != nil {
			item = sample(s.Items.Value, nil, depth+1)
		}
		return []any{item}
	case s.Type.Is("string"):
		switch {
		case s.Format == "date-time":
			return "2016-06-29T16:39:42.735Z"
		case s.Format == "uuid":
			return "5f1c7e4a-9b2d-4c0e-8a3f-6b1d2c9e7a40"
		case s.Pattern != "":
			return nil // left out rather than guessed
		}
		return "sample"
	case s.Type.Is("integer"):
		if s.Min != nil {
			return int64(*s.Min)
		}
		return 7
	case s.Type.Is("number"):
		return 2.5
	case s.Type.Is("boolean"):
		return true
	}
	return map[string]any{"any": "value"} // a schema that allows anything
}

// reply is a response body built for one documented row.
type reply struct {
	status  int
	ctype   string
	body    []byte
	hasCode bool
	code    any    // the wire value of the code sent, when hasCode
	message string // the message field sent, or ""
}

// buildReply builds the response of op with the given status carrying code
// (when non-nil) and message (when non-empty) in the x-codebook fields. When
// the operation cannot carry them as documented (the status is not one of its
// responses, the response has no body or is no object, or its schema refuses
// the value), it returns the reason instead.
func buildReply(op operation, status int, envelope bool, code any, message string) (reply, string) {
	r := reply{status: status}
	ref := op.op.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return r, fmt.Sprintf("HTTP %d is not a response of the operation", status)
	}
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		if len(ref.Value.Content) > 0 {
			return r, fmt.Sprintf("the HTTP %d response is not JSON", status)
		}
		if code != nil || message != "" {
			return r, fmt.Sprintf("the HTTP %d response has no body to carry a code or message", status)
		}
		return r, ""
	}
	schema := mt.Schema.Value
	skip := map[string]bool{op.xc.Code: true, op.xc.Message: true}
	if envelope {
		skip["statusCode"] = true
	}
	v := sample(schema, skip, 0)
	obj, isObj := v.(map[string]any)
	if !isObj && (code != nil || message != "" || envelope) {
		return r, fmt.Sprintf("the HTTP %d response is a JSON %T, not an object", status, v)
	}
	if isObj {
		if code != nil {
			if op.xc.Code == "" {
				return r, "x-codebook names no code field"
			}
			obj[op.xc.Code] = code
			r.hasCode, r.code = true, code
		}
		if envelope && message == "" {
			message = neutralMessage(status)
		}
		if message != "" {
			if op.xc.Message == "" {
				return r, "x-codebook names no message field"
			}
			obj[op.xc.Message] = message
			r.message = message
		}
		if envelope {
			obj["statusCode"] = status
			if _, ok := obj["data"]; !ok {
				obj["data"] = map[string]any{}
			}
		}
	}
	body, err := json.Marshal(v)
	if err != nil {
		return r, err.Error()
	}
	var decoded any
	if err := json.Unmarshal(body, &decoded); err != nil {
		return r, err.Error()
	}
	if err := schema.VisitJSON(decoded); err != nil {
		return r, fmt.Sprintf("the HTTP %d response schema refuses the row: %v", status, firstLine(err))
	}
	r.body, r.ctype = body, "application/json"
	return r, ""
}

// neutralMessage is the message of an envelope whose row has none: it matches
// no row's message.
func neutralMessage(status int) string {
	if status >= 200 && status <= 299 {
		return "Success"
	}
	return "contract test: " + http.StatusText(status)
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// answer is the server's answer carrying r, with a request id.
func (r reply) answer(requestID string) spectest.Answer {
	h := http.Header{}
	if r.ctype != "" {
		h.Set("Content-Type", r.ctype)
	}
	h.Set("X-Request-Id", requestID)
	return spectest.Answer{Status: r.status, Header: h, Body: r.body}
}

// isNil reports whether a typed body is absent.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// sameJSON reports whether a and b encode the same JSON value.
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// want is what a call must give back.
type want[E any] struct {
	entry     E
	class     codebook.Class
	requestID string
}

// checkCall asserts what a call gave back for the reply r: the Result
// describes the response exactly; a success or pending outcome is no error;
// a failed or uncertain one is the generated error type carrying the
// Result, which errors.Is matches with its row, its category and its
// outcome. The typed body comes with every 2xx body, whatever the outcome,
// and with no other status.
func checkCall[T table, E entry[C], C code](t testing.TB, p provider[T, E, C], label string, tbl T, w want[E], r reply, body any, res codebook.Result[T, E, C], err error) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("%s: %s", label, fmt.Sprintf(format, args...))
	}
	if res.Table != tbl {
		fail("Result.Table = %v, want %v", res.Table, tbl)
	}
	if res.Entry != w.entry {
		fail("Result.Entry = %s, want %s", res.Entry.String(), w.entry.String())
	}
	if res.Class != w.class {
		fail("Result.Class = %v, want %v", res.Class, w.class)
	}
	if res.Status != r.status {
		fail("Result.Status = %d, want %d", res.Status, r.status)
	}
	if res.HasCode != r.hasCode {
		fail("Result.HasCode = %v, want %v", res.HasCode, r.hasCode)
	} else if r.hasCode && !reflect.DeepEqual(p.wire(res.Code), r.code) {
		fail("Result.Code = %v, want %v", res.Code, r.code)
	}
	if res.Message != r.message {
		fail("Result.Message = %q, want %q", res.Message, r.message)
	}
	if res.RequestID != w.requestID {
		fail("Result.RequestID = %q, want %q", res.RequestID, w.requestID)
	}
	if len(res.Snippet) > codebookimpl.MaxSnippet {
		fail("Result.Snippet has %d bytes, more than MaxSnippet", len(res.Snippet))
	}
	if want := r.body[:min(len(r.body), codebookimpl.MaxSnippet)]; !bytes.Equal(res.Snippet, want) {
		fail("Result.Snippet = %q, want %q", res.Snippet, want)
	}
	ok2xx := r.status >= 200 && r.status <= 299
	switch w.class.Outcome {
	case codebook.OutcomeSuccess, codebook.OutcomePending:
		if err != nil {
			fail("error %v, want none (outcome %v)", err, w.class.Outcome)
			return
		}
		if !ok2xx {
			if !isNil(body) {
				fail("typed body %+v with HTTP %d, want none", body, r.status)
			}
			return
		}
		if isNil(body) {
			fail("no typed body, want the decoded %s", r.body)
			return
		}
		got, merr := json.Marshal(body)
		if merr != nil {
			fail("encode the typed body: %v", merr)
		} else if len(r.body) > 0 && !sameJSON(got, r.body) {
			fail("typed body encodes as %s, want %s", got, r.body)
		}
	default:
		if err == nil {
			fail("no error, want one (outcome %v)", w.class.Outcome)
			return
		}
		// A 2xx body is decoded whatever the outcome (a lookup's 200 may be
		// uncertain by design, a top-up's 200 may carry a failed code).
		switch {
		case ok2xx && len(r.body) > 0 && isNil(body):
			fail("no typed body next to the error, want the decoded %s", r.body)
		case ok2xx && len(r.body) > 0:
			if got, merr := json.Marshal(body); merr != nil || !sameJSON(got, r.body) {
				fail("typed body encodes as %s, want %s", got, r.body)
			}
		case !isNil(body):
			fail("typed body %+v with HTTP %d and an error, want none", body, r.status)
		}
		var e *codebook.Error[T, E, C]
		if !errors.As(err, &e) {
			fail("error %T %v is not the generated Error type", err, err)
			return
		}
		if !reflect.DeepEqual(e.Result, res) {
			fail("the error's Result %+v differs from the Result returned %+v", e.Result, res)
		}
		if !errors.Is(err, w.entry) {
			fail("errors.Is(err, %s) is false", w.entry.String())
		}
		if !errors.Is(err, w.class.Category) {
			fail("errors.Is(err, codebook.Err…%v) is false", w.class.Category)
		}
		if !errors.Is(err, w.class.Outcome) {
			fail("errors.Is(err, %v) is false", w.class.Outcome)
		}
		for _, o := range []codebook.Outcome{codebook.OutcomeSuccess, codebook.OutcomePending, codebook.OutcomeFailed, codebook.OutcomeUncertain} {
			if o != w.class.Outcome && errors.Is(err, o) {
				fail("errors.Is(err, %v) is true, want only %v", o, w.class.Outcome)
			}
		}
		if !strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", r.status)) {
			fail("err.Error() = %q names no HTTP status %d", err.Error(), r.status)
		}
		if r.message != "" && w.entry.Message() != r.message && strings.Contains(err.Error(), r.message) {
			fail("err.Error() = %q repeats the message received", err.Error())
		}
	}
}
