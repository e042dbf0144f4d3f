package apiclient

import (
	"fmt"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
)

// NoResponse returns the Result and the error of a call classified with a code table that got no
// complete response; rr names the table, and r is what arrived of the response. When r is nil the
// request did not leave, as far as the client can tell: the error matches codebook.ErrNotSent, a
// hint (the engine decides from its wire probe, which Send fed with engine.NoteUnsent where it
// knew). Any other failure (a timeout, a connection closed before or during the response, a body
// cut short or too large) is uncertain: the request may have been processed.
func NoResponse[T fmt.Stringer, E codebook.Row, C comparable](rr codebook.Result[T, E, C], r *Response, err error) (codebook.Result[T, E, C], error) {
	if r == nil {
		return rr, fmt.Errorf("%w: %w", codebook.ErrNotSent, err)
	}
	rr.RequestID = codebookimpl.RequestID(r.Header)
	rr.RetryAfter = codebookimpl.RetryAfter(r.Header, 0, time.Now())
	rr.Snippet = codebookimpl.Snippet(r.Body)
	rr.Status = r.Status
	return Uncertain(rr, err)
}

// Uncertain makes rr uncertain, cause being why (the response could not be read, or its 2xx body
// did not decode), and returns it with its *codebook.Error.
func Uncertain[T fmt.Stringer, E codebook.Row, C comparable](rr codebook.Result[T, E, C], cause error) (codebook.Result[T, E, C], error) {
	e := codebook.Uncertain(rr, cause)
	return e.Result, e
}
