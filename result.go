package codebook

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"
)

// Row is what the runtime needs of a generated entry type: one row of one
// provider's code table, usable as an errors.Is target.
type Row interface {
	comparable
	error
	Class() Class
	Message() string
	Description() string
}

// Result is one response classified against a provider's code table. The
// generated packages name it with their own types, e.g. clickatell.Result.
type Result[T fmt.Stringer, E Row, C comparable] struct {
	Table     T      // the table the response was classified against
	Entry     E      // the matching row; the zero Entry when none matched
	Class     Class  // the row's class, or uncertain (see Settle)
	Status    int    // HTTP status
	Code      C      // the code of the body, when HasCode
	HasCode   bool   // the body held a code
	Message   string // the message of the body, as sent
	RequestID string // the provider's request id header, when it sent one
	// RetryAfter is how long to wait before a resend: the Retry-After
	// header when the provider sent one, else the delay the docs give for
	// the row (Click Airtime 50: a minute), else 0. Whether a resend is
	// allowed at all is Class.Retry's to say.
	RetryAfter time.Duration
	// Snippet is at most MaxSnippet bytes of the body. It may hold personal
	// data, so it is left out of Error() and of log output.
	Snippet []byte
}

// Err returns nil when the outcome is success or pending, and an *Error
// carrying the result otherwise (failed or uncertain).
func (r Result[T, E, C]) Err() error {
	if r.Class.Outcome == OutcomeSuccess || r.Class.Outcome == OutcomePending {
		return nil
	}
	return &Error[T, E, C]{Result: r}
}

// LogValue logs what identifies the result, never the body or message,
// which may hold personal data.
func (r Result[T, E, C]) LogValue() slog.Value {
	var zero E
	attrs := []slog.Attr{
		slog.String("table", r.Table.String()),
		slog.Int("status", r.Status),
		slog.String("class", r.Class.String()),
	}
	if r.HasCode {
		attrs = append(attrs, slog.Any("code", r.Code))
	}
	if r.Entry != zero {
		attrs = append(attrs, slog.String("entry", fmt.Sprint(r.Entry)))
	}
	if r.RequestID != "" {
		attrs = append(attrs, slog.String("request_id", r.RequestID))
	}
	return slog.GroupValue(attrs...)
}

// Error is a response whose outcome is failed or uncertain. It matches
// errors.Is targets of three kinds: its own row (clickatell.TransactResult…),
// its Category (codebook.ErrInsufficientFunds), and its Outcome
// (codebook.OutcomeUncertain).
type Error[T fmt.Stringer, E Row, C comparable] struct {
	Result[T, E, C]
	// Cause is why no classifiable response arrived (a timeout, a reset
	// connection, a body cut short or not decodable); nil when the
	// response itself was classified. Errors with a cause are uncertain.
	Cause error
}

// Unwrap returns the cause, so that errors.Is(err, context.DeadlineExceeded)
// and the like work.
func (e *Error[T, E, C]) Unwrap() error { return e.Cause }

// Uncertain returns the error of a call whose outcome cannot be known from
// its response: the request may or may not have been processed. result
// says what is known (table, status, snippet); its class becomes
// uncertain.
func Uncertain[T fmt.Stringer, E Row, C comparable](result Result[T, E, C], cause error) *Error[T, E, C] {
	result.Class = Unknown()
	return &Error[T, E, C]{Result: result, Cause: cause}
}

// Error describes the failure with the documented message of the row, not
// the message received, so that no personal data echoed by the provider
// reaches a log through it.
func (e *Error[T, E, C]) Error() string {
	var zero E
	if e.Cause != nil {
		return fmt.Sprintf("%s: HTTP %d, no classifiable response: %s [%s]", e.Table, e.Status, causeText(e.Cause), e.Class)
	}
	code := "no code"
	if e.HasCode {
		code = fmt.Sprintf("code %v", e.Code)
	}
	what := "undocumented response"
	if e.Entry != zero {
		what = e.Entry.Message()
		if what == "" {
			what = e.Entry.Description()
		}
	}
	return fmt.Sprintf("%s: HTTP %d, %s: %s [%s]", e.Table, e.Status, code, what, e.Class)
}

// causeText describes a cause without the request URL that net/http puts
// in its errors: a query string may hold personal data.
func causeText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}

// Is reports whether target is this error's row, category or outcome.
func (e *Error[T, E, C]) Is(target error) bool {
	switch t := target.(type) {
	case Category:
		return e.Class.Category == t
	case Outcome:
		return e.Class.Outcome == t
	case E:
		return e.Entry == t
	}
	return false
}
