// Package fault is the vocabulary of faults the provider fakes
// (fake/clickairtime, fake/clickatell, fake/clickairtimev2) strike on the
// requests of the code under test: the Fault value chosen per request, its
// constructors (Reset, DropAfterCommit, TruncatedBody, SlowCommit, ...), and
// Random, a seeded chooser that draws faults at given Rates.
//
// A test gives a fake its faults in two ways: queued one-shot faults for an
// operation (the fake's InjectFaults), and a chooser asked about every
// request (the fake's WithFaults or SetFaults option), such as
//
//	srv := clickairtime.New(clickairtime.WithFaults(
//		fault.Random[clickairtime.Request](1, fault.Rates{Reset: 5, Drop: 5})))
//	srv.InjectFaults(clickairtime.OpTopUp, fault.DropAfterCommit())
//
// Every fake supports every kind but where its doc says otherwise (Clickatell's
// lookup answers one object, so it ignores KindOursTwice). Nothing here keeps
// package-level state.
package fault

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// Kind is what a fault does to one request.
type Kind uint8

// The kinds of fault.
const (
	// KindNone answers normally.
	KindNone Kind = iota
	// Delay answers normally after the fault's Delay.
	KindDelay
	// Unavailable answers 503 with the provider's documented error body, with
	// a Retry-After header when the fault has one.
	KindUnavailable
	// Reset closes the connection with a TCP RST (SO_LINGER 0) and no answer.
	KindReset
	// Drop closes the connection (a FIN) and sends no answer.
	KindDrop
	// Truncate sends the status and headers of the real answer and half its
	// body, then closes the connection: a close-delimited body that ends
	// mid-JSON, so the client reads it without error and fails to decode it.
	KindTruncate
	// HTMLProxy answers 502 Bad Gateway with an HTML page, as a reverse proxy
	// in front of the provider would.
	KindHTMLProxy
	// KindSlowCommit is a provider still working on the request when the client
	// gives up: the server waits the fault's Delay whatever the client does
	// (only Close cuts it short, and then nothing is written), then processes
	// the request, writing the ledger, then closes the connection without an
	// answer. The charge appears in the ledger only at the end of the delay.
	KindSlowCommit
	// KindOthersFirst, for a transaction lookup, answers with a record of another
	// reference before ours (alone when ours is not found), as a provider that
	// loosely applies the filter would. Other operations answer normally.
	KindOthersFirst
	// KindOthersInstead, for a transaction lookup, answers with a record of another
	// reference instead of ours (also when ours is not found), as a provider
	// that ignores the filter would. Other operations answer normally.
	KindOthersInstead
	// KindOursTwice, for a transaction lookup that finds our record, answers with
	// two records of our reference: ours and a copy with another id and the
	// opposite state. Other operations answer normally.
	KindOursTwice
	// KindNotFoundError, for a transaction lookup, answers a 5xx status (the
	// fault's Status, 500 when 0) whose body is the documented not-found
	// answer, without looking the ledger up. Other operations answer normally.
	KindNotFoundError
	// KindRedirect answers 307 Temporary Redirect to the fault's Location before
	// processing, as a misconfigured proxy in front of the provider would: a
	// client that follows it sends the request elsewhere.
	KindRedirect
)

// Kinds returns every kind but KindNone, in declaration order.
func Kinds() []Kind {
	return []Kind{KindDelay, KindUnavailable, KindReset, KindDrop, KindTruncate, KindHTMLProxy, KindSlowCommit, KindOthersFirst, KindOthersInstead, KindOursTwice, KindNotFoundError, KindRedirect}
}

// String returns the kind's name, such as "reset".
func (k Kind) String() string {
	switch k {
	case KindNone:
		return "none"
	case KindDelay:
		return "delay"
	case KindUnavailable:
		return "unavailable"
	case KindReset:
		return "reset"
	case KindDrop:
		return "drop"
	case KindTruncate:
		return "truncate"
	case KindHTMLProxy:
		return "html_proxy"
	case KindSlowCommit:
		return "slow_commit"
	case KindOthersFirst:
		return "others_first"
	case KindOthersInstead:
		return "others_instead"
	case KindOursTwice:
		return "ours_twice"
	case KindNotFoundError:
		return "not_found_error"
	case KindRedirect:
		return "redirect"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Fault is what happens to one request. The zero Fault is no fault.
type Fault struct {
	// Kind is what the fault does.
	Kind Kind
	// Delay is how long the server waits before it strikes the fault (or,
	// for KindDelay and KindNone, before it answers). The wait ends early when
	// the client goes away or the server is closed.
	Delay time.Duration
	// RetryAfter, for KindUnavailable, is sent as a Retry-After header in whole
	// seconds, rounded up; 0 sends none.
	RetryAfter time.Duration
	// RetryAfterValue, for KindUnavailable, is sent verbatim as the Retry-After
	// header (an HTTP-date, or an invalid value to test a client); it wins
	// over RetryAfter.
	RetryAfterValue string
	// Commit makes the server process the request (write its ledger) before
	// the delay and the fault. Without it the delay and the fault come first
	// and a fault that sends no real answer leaves the ledger untouched.
	Commit bool
	// Other, for KindOthersFirst and KindOthersInstead, is the state of the
	// other reference's record, one of the fake's State constants (such as
	// clickairtime.StateFailed); 0 means succeeded.
	Other ledger.State
	// Status, for NotFoundError, is the HTTP status; 0 means 500.
	Status int
	// Location, for KindRedirect, is where the answer points.
	Location string
}

// IsZero reports whether f is no fault at all.
func (f Fault) IsZero() bool { return f == Fault{} }

// String describes the fault, such as "unavailable retry-after=2s".
func (f Fault) String() string {
	s := f.Kind.String()
	if f.Delay > 0 {
		s += " delay=" + f.Delay.String()
	}
	if f.RetryAfterValue != "" {
		s += " retry-after=" + strconv.Quote(f.RetryAfterValue)
	} else if f.RetryAfter > 0 {
		s += " retry-after=" + f.RetryAfter.String()
	}
	if f.Commit {
		s += " after-commit"
	}
	if f.Other != 0 {
		s += " other=" + f.Other.String()
	}
	if f.Status != 0 {
		s += " status=" + strconv.Itoa(f.Status)
	}
	if f.Location != "" {
		s += " location=" + f.Location
	}
	return s
}

// Answers reports whether the fault lets the provider's answer through (KindNone,
// KindDelay, and the lookup freedoms KindOthersFirst, KindOthersInstead and KindOursTwice,
// which the provider applies to its answer): the others replace or destroy it.
func (f Fault) Answers() bool {
	switch f.Kind {
	case KindNone, KindDelay, KindOthersFirst, KindOthersInstead, KindOursTwice:
		return true
	}
	return false
}

// OtherState is the state of the other reference's record of a KindOthersFirst
// or KindOthersInstead fault: f.Other, or Succeeded when it is 0.
func (f Fault) OtherState() ledger.State {
	if f.Other == 0 {
		return ledger.Succeeded
	}
	return f.Other
}

// Rates are the chances, in percent of requests, that a random chooser picks
// each fault. Their sum must not exceed 100; the rest of the requests get no
// fault.
type Rates struct {
	// Delay is the percentage of requests answered after DelayFor.
	Delay float64
	// Unavailable is the percentage answered 503 without Retry-After.
	Unavailable float64
	// UnavailableRetryAfter is the percentage answered 503 with a
	// Retry-After of RetryAfter.
	UnavailableRetryAfter float64
	// Reset is the percentage whose connection is reset before processing.
	Reset float64
	// Drop is the percentage processed, then dropped without an answer.
	Drop float64
	// Truncate is the percentage processed and answered with half a body.
	Truncate float64
	// HTMLProxy is the percentage answered 502 with an HTML page before
	// processing.
	HTMLProxy float64
	// DelayFor is the delay of KindDelay faults; 0 means 100ms.
	DelayFor time.Duration
	// RetryAfter is the Retry-After of UnavailableRetryAfter faults; 0 means 1s.
	RetryAfter time.Duration
}

// Random returns a fault chooser for a fake's WithFaults option (R is the
// fake's Request type) that draws from a generator seeded with seed, at the
// given rates: the same seed and the same sequence of requests give the same
// faults. The chooser is safe for concurrent use (the order in which
// concurrent requests draw is up to the scheduler). Random panics when a rate
// is negative or the rates add up to more than 100.
func Random[R any](seed uint64, rates Rates) func(R) Fault {
	p := newPicker(seed, rates)
	return func(R) Fault { return p.pick() }
}

// picker draws faults at the Rates from a seeded generator.
type picker struct {
	mu    sync.Mutex
	rng   *rand.Rand
	rates Rates
}

// newPicker returns a picker seeded with seed; it panics on invalid rates.
func newPicker(seed uint64, r Rates) *picker {
	sum := 0.0
	for _, p := range []float64{r.Delay, r.Unavailable, r.UnavailableRetryAfter, r.Reset, r.Drop, r.Truncate, r.HTMLProxy} {
		if p < 0 || math.IsNaN(p) {
			panic(fmt.Sprintf("fault: negative rate %v in fault.Rates: give each rate in percent, from 0 to 100", p))
		}
		sum += p
	}
	if sum > 100+1e-9 {
		panic(fmt.Sprintf("fault: fault.Rates add up to %v%%, more than 100%%: lower them", sum))
	}
	if r.DelayFor <= 0 {
		r.DelayFor = 100 * time.Millisecond
	}
	if r.RetryAfter <= 0 {
		r.RetryAfter = time.Second
	}
	return &picker{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), rates: r}
}

// pick draws the fault of the next request.
func (r *picker) pick() Fault {
	r.mu.Lock()
	x := r.rng.Float64() * 100
	r.mu.Unlock()
	rt := r.rates
	steps := []struct {
		p float64
		f Fault
	}{
		{rt.Delay, Fault{Kind: KindDelay, Delay: rt.DelayFor, Commit: true}},
		{rt.Unavailable, Fault{Kind: KindUnavailable}},
		{rt.UnavailableRetryAfter, Fault{Kind: KindUnavailable, RetryAfter: rt.RetryAfter}},
		{rt.Reset, Fault{Kind: KindReset}},
		{rt.Drop, Fault{Kind: KindDrop, Commit: true}},
		{rt.Truncate, Fault{Kind: KindTruncate, Commit: true}},
		{rt.HTMLProxy, Fault{Kind: KindHTMLProxy}},
	}
	for _, s := range steps {
		if x < s.p {
			return s.f
		}
		x -= s.p
	}
	return Fault{}
}
