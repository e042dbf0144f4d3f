package clickatell

import (
	"time"

	"github.com/codebookgen/codebook/fake/internal/faults"
)

// Fault is what happens to one request; the zero Fault is none. Its fields:
// Kind (what the fault does), Delay (how long the server waits before it
// strikes, or before it answers for FaultDelay), RetryAfter and
// RetryAfterValue (the Retry-After header of FaultUnavailable, in rounded-up
// seconds or verbatim), Commit (process the request, writing the ledger,
// before the delay and the fault), Other (the state of the other reference's
// record of FaultOthersFirst and FaultOthersInstead, SUCCESS when 0),
// Status (the 5xx status of FaultNotFoundError, 500 when 0) and Location
// (where FaultRedirect points). Use the constructors below.
type Fault = faults.Fault

// FaultKind is what a Fault does.
type FaultKind = faults.Kind

// The kinds of fault.
const (
	// FaultNone answers normally.
	FaultNone = faults.None
	// FaultDelay answers normally, late.
	FaultDelay = faults.Delay
	// FaultUnavailable answers 503 with the documented error body.
	FaultUnavailable = faults.Unavailable
	// FaultReset resets the connection (TCP RST) without an answer.
	FaultReset = faults.Reset
	// FaultDrop closes the connection without an answer.
	FaultDrop = faults.Drop
	// FaultTruncate sends half of the answer's body and closes the connection.
	FaultTruncate = faults.Truncate
	// FaultHTMLProxy answers 502 with an HTML page from a proxy.
	FaultHTMLProxy = faults.HTMLProxy
	// FaultSlowCommit writes the ledger only at the end of its delay, after
	// the client gave up, and sends no answer.
	FaultSlowCommit = faults.SlowCommit
	// FaultOthersFirst puts a record of another reference first in a
	// lookup's answer.
	FaultOthersFirst = faults.OthersFirst
	// FaultOthersInstead answers a lookup with a record of another reference
	// instead of ours.
	FaultOthersInstead = faults.OthersInstead
	// FaultNotFoundError answers a lookup with a 5xx status and the
	// not-found body.
	FaultNotFoundError = faults.NotFoundError
	// FaultRedirect answers 307 to the fault's Location before processing.
	FaultRedirect = faults.Redirect
)

// FaultRates are the percentages of requests a RandomFaults chooser gives each
// fault; see the field comments of faults.Rates: Delay, Unavailable,
// UnavailableRetryAfter, Reset, Drop, Truncate, HTMLProxy (percent, summing
// to at most 100), DelayFor (default 100ms) and RetryAfter (default 1s).
type FaultRates = faults.Rates

// Delay processes the request, then holds the answer for d, as a slow
// provider does: a client that gives up first leaves a written ledger behind.
func Delay(d time.Duration) Fault { return Fault{Kind: faults.Delay, Delay: d, Commit: true} }

// Unavailable answers 503 with the documented error body and no
// Retry-After, before processing the request.
func Unavailable() Fault { return Fault{Kind: faults.Unavailable} }

// UnavailableRetryAfter answers 503 with a Retry-After header of d (whole
// seconds, rounded up), before processing the request.
func UnavailableRetryAfter(d time.Duration) Fault {
	return Fault{Kind: faults.Unavailable, RetryAfter: d}
}

// Reset resets the connection (SO_LINGER 0, a TCP RST) before processing the
// request: the client gets a connection error and nothing happened.
func Reset() Fault { return Fault{Kind: faults.Reset} }

// DropAfterCommit processes the request, writing the ledger, then closes the
// connection without an answer: the client gets an error, yet the purchase
// was made.
func DropAfterCommit() Fault { return Fault{Kind: faults.Drop, Commit: true} }

// TruncatedBody processes the request, then sends the answer's status and
// headers and half its body, and closes the connection: the body reads
// without error and does not decode.
func TruncatedBody() Fault { return Fault{Kind: faults.Truncate, Commit: true} }

// HTMLProxyError answers 502 Bad Gateway with an nginx HTML page before the
// request reaches the provider; set Commit for a proxy that lost the answer of
// a processed request.
func HTMLProxyError() Fault { return Fault{Kind: faults.HTMLProxy} }

// SlowCommit is a provider still working on the purchase when the client gives
// up: the server waits d whatever the client does, only then processes the
// request (writing the ledger: the charge appears at the end of d, after a
// client with a shorter timeout gave up), and closes the connection without
// an answer. The wait is wall time, like every fault's delay; Close ends it
// and then nothing is written.
func SlowCommit(d time.Duration) Fault { return Fault{Kind: faults.SlowCommit, Delay: d} }

// OtherRecordFirst makes a lookup answer with a record of another reference
// (in state other: StateSuccess, StateFailed or StatePending) before ours, as
// a provider that loosely applies the filter would; when ours is not found
// the other record is the whole answer.
func OtherRecordFirst(other State) Fault { return Fault{Kind: faults.OthersFirst, Other: other} }

// OtherRecordInstead makes a lookup answer with a record of another reference
// (in state other) instead of ours, found or not, as a provider that ignores
// the filter would.
func OtherRecordInstead(other State) Fault { return Fault{Kind: faults.OthersInstead, Other: other} }

// NotFoundServerError answers a lookup with HTTP status (500 when 0; the spec
// declares 500 and 503) and the documented not-found body, without looking
// the ledger up: a 5xx that carries the not-found message.
func NotFoundServerError(status int) Fault { return Fault{Kind: faults.NotFoundError, Status: status} }

// RandomFaults returns a fault chooser for WithFaults that draws from a
// generator seeded with seed, at the given rates; the same seed gives the same
// sequence of faults. It panics when the rates are negative or add up to more
// than 100.
func RandomFaults(seed uint64, rates FaultRates) func(Request) Fault {
	r := faults.NewRandom(seed, rates)
	return func(Request) Fault { return r.Pick() }
}

// Redirect answers 307 Temporary Redirect to location before processing the
// request, as a misconfigured proxy in front of the provider would: a client
// that follows it sends the money-moving request elsewhere.
func Redirect(location string) Fault { return Fault{Kind: faults.Redirect, Location: location} }
