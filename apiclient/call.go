package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Call describes one request of an operation, as a generated method builds it.
type Call struct {
	// Op is the Client method making the call; errors and logs name it.
	Op string
	// Method is the HTTP method.
	Method string
	// PathTemplate is the path as the spec writes it, the only form logged.
	PathTemplate string
	// Path is the escaped path, appended to the base URL.
	Path string
	// Query holds the query parameters.
	Query url.Values
	// Header holds the header parameters.
	Header http.Header
	// Cookies holds the cookie parameters.
	Cookies []*http.Cookie
	// Security lists the operation's security alternatives, each the scheme keys applied together.
	Security [][]string
	// NoRedirect marks an operation that moves money: no redirect is followed.
	NoRedirect bool

	body  io.Reader
	ctype string
	err   error
}

// NewCall starts the description of a call of op to method and path (the path template too).
func NewCall(op, method, path string) *Call {
	return &Call{
		Header:       http.Header{},
		Method:       method,
		Op:           op,
		Path:         path,
		PathTemplate: path,
		Query:        url.Values{},
	}
}

// fail records the first problem building the call; the call then fails before it is sent.
func (call *Call) fail(err error) {
	if err != nil && call.err == nil {
		call.err = err
	}
}

// Seg escapes a path parameter value; an empty value fails the call, since it would change the path.
func (call *Call) Seg(name, v string) string {
	if v == "" {
		call.fail(fmt.Errorf("path parameter %q is empty", name))
	}
	return PathSegment(v)
}

// PathSegment escapes v as one path segment; the dot segments are escaped too.
func PathSegment(v string) string {
	switch v {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	return url.PathEscape(v)
}

// JSONText gives the JSON encoding of v as text; a failure fails the call.
func (call *Call) JSONText(v any) string {
	data, err := json.Marshal(v)
	call.fail(err)
	return string(data)
}

// ParamText gives the text form of a value that has none of its own (a union, raw JSON, an object):
// its JSON encoding, with a JSON string unquoted so that a string variant is sent as it is.
func (call *Call) ParamText(v any) string {
	text := call.JSONText(v)
	var s string
	if strings.HasPrefix(text, `"`) && json.Unmarshal([]byte(text), &s) == nil {
		return s
	}
	return text
}

// JSONBody sends the JSON encoding of v as the body, of media type ctype; a failure fails the call.
func (call *Call) JSONBody(v any, ctype string) {
	data, err := json.Marshal(v)
	call.fail(err)
	call.Body(bytes.NewReader(data), ctype)
}

// FormBody sends form values as an application/x-www-form-urlencoded body.
func (call *Call) FormBody(v url.Values) {
	call.Body(strings.NewReader(v.Encode()), "application/x-www-form-urlencoded")
}

// Body sends r as the body, of media type ctype ("" sets no Content-Type).
func (call *Call) Body(r io.Reader, ctype string) {
	call.body, call.ctype = r, ctype
}
