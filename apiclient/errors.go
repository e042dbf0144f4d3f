package apiclient

import (
	"encoding/json"
	"fmt"
)

// APIError is the error of a call the server answered with a status other than 2xx. An operation
// documenting typed error bodies returns its own error type (named in the method's doc), which holds
// the decoded body and wraps the *APIError: errors.As finds either.
type APIError struct {
	// Operation is the Client method that made the call.
	Operation string
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Body is the start of the response body, at most 4 KiB.
	Body []byte
	// Model is the decoded body, the same pointer as the field of the operation's error type
	// for this status; nil when none is documented or the body does not decode.
	Model any
}

// Error names the operation and the status; the body stays out of it, as it may hold personal data.
func (e *APIError) Error() string {
	return fmt.Sprintf("%s: unexpected HTTP status %d", e.Operation, e.StatusCode)
}

// maxErrorBody is how much of a non-2xx body an APIError keeps.
const maxErrorBody = 4096

// NewAPIError builds the error of a non-2xx response: an *APIError, or what opErr (the operation's
// error builder, nil when it documents no typed error body) makes of it and the body.
func NewAPIError(call *Call, r *Response, opErr func(*APIError, []byte) error) error {
	snippet := r.Body[:min(len(r.Body), maxErrorBody)]
	e := &APIError{
		Body:       append([]byte(nil), snippet...),
		Operation:  call.Op,
		StatusCode: r.Status,
	}
	if opErr == nil {
		return e
	}
	return opErr(e, r.Body)
}

// ErrorBody decodes body into a new T, nil when it does not decode; model, when not nil, gets the
// same pointer.
func ErrorBody[T any](body []byte, model *any) *T {
	v := new(T)
	if json.Unmarshal(body, v) != nil {
		return nil
	}
	if model != nil {
		*model = v
	}
	return v
}
