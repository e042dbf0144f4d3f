package codebookimpl

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/codebookgen/codebook"
)

// MaxSnippet is the most bytes of a response body a Result keeps.
const MaxSnippet = 4 << 10

// FromHTTP completes rr, classified from a response's code and message,
// with what the HTTP response says besides: its status, the request ID of
// its headers, the delay its Retry-After asks for (documented, the row's
// own, when it asks none) and a snippet of its body. The generated
// ClassifyHTTP and the clients' decode-once path both end in it.
func FromHTTP[T fmt.Stringer, E codebook.Row, C comparable](rr codebook.Result[T, E, C], status int, header http.Header, body []byte, documented time.Duration) codebook.Result[T, E, C] {
	rr.Status = status
	rr.RequestID = RequestID(header)
	rr.RetryAfter = RetryAfter(header, documented, time.Now())
	rr.Snippet = Snippet(body)
	return rr
}

// Settle returns the class a response gets: a success or pending row counts
// as such only with a 2xx status; with any other status it is uncertain.
func Settle(c codebook.Class, status int) codebook.Class {
	if (c.Outcome == codebook.OutcomeSuccess || c.Outcome == codebook.OutcomePending) && (status < 200 || status > 299) {
		return codebook.Unknown()
	}
	return c
}

// RequestID returns the request id a provider sent, from the usual headers.
func RequestID(h http.Header) string {
	for _, k := range [...]string{"X-Request-Id", "X-Correlation-Id", "Request-Id"} {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// RetryAfter returns the delay a response asks for: its Retry-After header
// in seconds or as an HTTP date (measured from now), else documented. A
// header in the past or unreadable counts as absent; the result is never
// negative. Capping it is the caller's policy.
func RetryAfter(h http.Header, documented time.Duration, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return documented
	}
	if secs, err := strconv.ParseUint(v, 10, 31); err == nil {
		return time.Duration(secs) * time.Second
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return at.Sub(now)
	}
	return documented
}

// Snippet returns at most MaxSnippet bytes of body, cut at a rune boundary.
func Snippet(body []byte) []byte {
	if len(body) <= MaxSnippet {
		return append([]byte(nil), body...)
	}
	cut := MaxSnippet
	for cut > 0 && !utf8.RuneStart(body[cut]) {
		cut--
	}
	return append([]byte(nil), body[:cut]...)
}
