package fault

import (
	"time"

	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// Delay processes the request, then holds the answer for d, as a slow
// provider does: a client that gives up first leaves a written ledger behind.
func Delay(d time.Duration) Fault { return Fault{Kind: KindDelay, Delay: d, Commit: true} }

// Unavailable answers 503 with the provider's documented error body (the
// fake's doc says which) and no Retry-After, before processing the request.
func Unavailable() Fault { return Fault{Kind: KindUnavailable} }

// UnavailableRetryAfter answers 503 with a Retry-After header of d (whole
// seconds, rounded up), before processing the request.
func UnavailableRetryAfter(d time.Duration) Fault {
	return Fault{Kind: KindUnavailable, RetryAfter: d}
}

// Reset resets the connection (SO_LINGER 0, a TCP RST) before processing the
// request: the client gets a connection error and nothing happened.
func Reset() Fault { return Fault{Kind: KindReset} }

// DropAfterCommit processes the request, writing the ledger, then closes the
// connection without an answer: the client gets an error, yet the provider
// took the request (a top-up made, a purchase charged).
func DropAfterCommit() Fault { return Fault{Kind: KindDrop, Commit: true} }

// TruncatedBody processes the request, then sends the answer's status and
// headers and half its body, and closes the connection: the body reads
// without error and does not decode.
func TruncatedBody() Fault { return Fault{Kind: KindTruncate, Commit: true} }

// HTMLProxyError answers 502 Bad Gateway with an nginx HTML page before the
// request reaches the provider; set Commit for a proxy that lost the answer of
// a processed request.
func HTMLProxyError() Fault { return Fault{Kind: KindHTMLProxy} }

// SlowCommit is a provider still working on the request when the client gives
// up: the server waits d whatever the client does, only then processes the
// request (writing the ledger: the charge appears at the end of d, after a
// client with a shorter timeout gave up), and closes the connection without
// an answer. The wait is wall time, like every fault's delay; the fake's Close
// ends it and then nothing is written.
func SlowCommit(d time.Duration) Fault { return Fault{Kind: KindSlowCommit, Delay: d} }

// OtherRecordFirst makes a lookup answer with a record of another reference
// (in state other, one of the fake's State constants such as
// clickairtime.StateFailed) before ours, as a provider that loosely applies
// the filter would; when ours is not found the other record is the whole
// answer.
func OtherRecordFirst(other ledger.State) Fault { return Fault{Kind: KindOthersFirst, Other: other} }

// OtherRecordInstead makes a lookup answer with a record of another reference
// (in state other) instead of ours, found or not, as a provider that ignores
// the filter would.
func OtherRecordInstead(other ledger.State) Fault {
	return Fault{Kind: KindOthersInstead, Other: other}
}

// OurRecordTwice makes a lookup that finds our record answer with two records
// of our reference: ours, then a copy with another id and the opposite state
// (failed for a record that succeeded or is pending, succeeded for a failed
// one). Fakes whose lookup answers one object (Clickatell's) ignore it.
func OurRecordTwice() Fault { return Fault{Kind: KindOursTwice} }

// NotFoundServerError answers a lookup with HTTP status (500 when 0) and the
// provider's not-found body, without looking the ledger up: a 5xx that
// carries the not-found message.
func NotFoundServerError(status int) Fault { return Fault{Kind: KindNotFoundError, Status: status} }

// Redirect answers 307 Temporary Redirect to location before processing the
// request, as a misconfigured proxy in front of the provider would: a client
// that follows it sends the money-moving request elsewhere.
func Redirect(location string) Fault { return Fault{Kind: KindRedirect, Location: location} }
