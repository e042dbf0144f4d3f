package sim

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// Durations of the model's calls in virtual time.
const (
	answerTime  = 200 * time.Millisecond // a delivered answer
	timeoutTime = 10 * time.Second       // the client's timeout: a lost or late answer
	refusedTime = 50 * time.Millisecond  // a connection refused: nothing sent
	lookupTime  = 100 * time.Millisecond // a lookup
	pendingTime = 2 * time.Second        // a pending charge turns to success
	maxCalls    = 200                    // calls of one schedule before it is a livelock
)

// Classes the provider answers with, as a code table would classify them.
var (
	classSuccess      = codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	classPending      = codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	classFailedNever  = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryInsufficientFunds}
	classDeclined     = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultUnknown, Category: codebook.CategoryDeclined}
	classBackoff      = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryBackoff, Fault: codebook.FaultProvider, Category: codebook.CategoryUnavailable}
	classDuplicate    = codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultCaller, Category: codebook.CategoryDuplicate}
	classNotFound     = codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	classLookupOK     = codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	errTimeout        = errors.New("sim: read response: i/o timeout (the answer was lost)")
	errGarbled        = errors.New("sim: unexpected EOF in the answer's body (truncated, garbled or a proxy's page)")
	errRefused        = errors.New("sim: dial tcp: connection refused (nothing sent)")
	errLookupFailed   = errors.New("sim: lookup: i/o timeout")
	errInFlightFailed = errors.New("sim: in-flight check: 503")
	errLivelock       = errors.New("sim: too many calls in one schedule")
)

// Rule returns how the model's lookup answers are read: codebook's own
// InterpretLookup runs on them.
func Rule() engine.LookupRule[LookupBody] {
	return engine.LookupRule[LookupBody]{
		Records: func(v LookupBody, body []byte) ([]engine.LookupRecord, bool) {
			return v.records(body, func(r Record) (string, string) { return r.Ref, r.State })
		},
		Statuses: map[string]codebook.Outcome{
			"SUCCESS": codebook.OutcomeSuccess, "PENDING": codebook.OutcomePending, "FAILED": codebook.OutcomeFailed,
		},
	}
}

// Record is one record of the lookup's answer.
type Record struct {
	Ref   string `json:"ref,omitempty"`
	State string `json:"state,omitempty"`
	// ID, Reference and Status are the fields of a Click Airtime V2 list
	// item (the V2 families, v2.go); V1 records leave them empty.
	ID        string `json:"id,omitempty"`
	Reference string `json:"reference,omitempty"`
	Status    string `json:"status,omitempty"`
}

// LookupBody is the lookup's answer body.
type LookupBody struct {
	Data []Record `json:"data"`
}

// records reads the records at data as the generated accessors do: each
// one's reference and status, by field, through field; a status left
// empty (omitempty) is none. A nil list is read in the body for an empty
// one.
func (b LookupBody) records(body []byte, field func(Record) (ref, status string)) ([]engine.LookupRecord, bool) {
	if b.Data == nil {
		return nil, engine.EmptyListAt(body, "data")
	}
	recs := make([]engine.LookupRecord, 0, len(b.Data))
	for _, r := range b.Data {
		ref, status := field(r)
		recs = append(recs, engine.LookupRecord{Reference: ref, Status: status, HasStatus: status != ""})
	}
	return recs, true
}

// entry is a transaction in the provider's ledger.
type entry struct {
	ref        string
	key        string    // the Idempotency-Key the V2 duplicate check reads (the reference in V1)
	received   time.Time // the request reached the duplicate check
	committed  time.Time // its outcome is recorded
	pendingTil time.Time // before this its state reads PENDING
	state      string    // SUCCESS or FAILED once committed
	charged    bool
	answer     codebook.Class // what the provider answered, replayed to a duplicate when cfg.Replay
}

// Provider is the provider model: a ledger and every freedom drawn from
// its Chooser.
type Provider struct {
	cfg     Config
	clock   *Clock
	ch      Chooser
	bound   Bound
	ledger  []*entry
	sends   int
	lookups int
	calls   int
	// doubtful: an earlier send's outcome was unknown to the client (its
	// answer lost, garbled or uncertain, or written twice); resent: a send
	// followed one.
	doubtful, resent bool
	// writes is how many times the last send was written on the wire.
	writes int
}

// newProvider returns a provider whose ledger holds other references'
// transactions, one succeeded and one failed.
func newProvider(cfg Config, clock *Clock, ch Chooser, b Bound) *Provider {
	p := &Provider{cfg: cfg, clock: clock, ch: ch, bound: b}
	p.ledger = []*entry{
		{ref: "other-ok", state: "SUCCESS", charged: true, received: epoch.Add(-time.Hour), committed: epoch.Add(-time.Hour)},
		{ref: "other-ko", state: "FAILED", received: epoch.Add(-time.Hour), committed: epoch.Add(-time.Hour)},
	}
	return p
}

// Transport choices of one send.
const (
	wireOnce   = iota // the request is written once
	wireUnsent        // provably nothing was written
	wireTwice         // the transport writes it twice
)

// Deliveries of one send's answer.
const (
	deliverOK        = iota // the answer arrives
	deliverLost             // the client times out; the charge happened at once
	deliverLate             // the client times out; the charge commits LateDelay later
	deliverGarbled          // an uncertain class and an error
	deliverTruncated        // the true class and a decoding error
	numDeliveries
)

// Send is the Transaction's Send: one call on the model's wire.
func (p *Provider) Send(ctx context.Context, ref string, body []byte) (codebook.Answer, codebook.Classified, error) {
	if p.calls++; p.calls > maxCalls {
		return codebook.Answer{}, nil, errLivelock
	}
	p.sends++
	p.resent = p.resent || p.doubtful
	wire := wireOnce
	p.writes = 0
	if p.sends <= p.bound.Sends {
		wire = p.ch.Choose(2 + b2i(p.cfg.TransportResend))
	}
	if wire == wireUnsent {
		engine.NoteUnsent(ctx)
		p.clock.Advance(refusedTime)
		return codebook.Answer{}, nil, errRefused
	}
	var last []*entry
	var class codebook.Class
	for range 1 + b2i(wire == wireTwice) {
		engine.NoteWritten(ctx)
		p.writes++
		var e *entry
		class, e = p.receive(ref, p.keyOf(ref, body))
		if e != nil {
			last = append(last, e)
		}
	}
	delivery := deliverOK
	if p.sends <= p.bound.Sends {
		delivery = p.ch.Choose(numDeliveries)
	}
	p.doubtful = p.doubtful || wire == wireTwice || unknownTo(delivery, class)
	return p.deliver(delivery, class, last)
}

// deliver ends a send: the client sees the answer or an error, and the
// charges of es commit now, or LateDelay after the client gave up.
func (p *Provider) deliver(d int, class codebook.Class, es []*entry) (codebook.Answer, codebook.Classified, error) {
	switch d {
	case deliverLost, deliverLate:
		p.clock.Advance(timeoutTime)
		if d == deliverLate {
			for _, e := range es {
				e.pendingTil = e.pendingTil.Add(p.clock.Now().Add(p.cfg.LateDelay).Sub(e.committed))
				e.committed = p.clock.Now().Add(p.cfg.LateDelay)
			}
		}
		return codebook.Answer{}, nil, errTimeout
	}
	p.clock.Advance(answerTime)
	switch d {
	case deliverGarbled:
		a := codebook.Answer{Class: codebook.Unknown()}
		return a, a, errGarbled
	case deliverTruncated:
		a := codebook.Answer{Class: class}
		return a, a, errGarbled
	}
	a := codebook.Answer{Class: class}
	return a, a, nil
}

// Decisions of the provider on one request.
const (
	decideCharge          = iota // duplicate check, then charge: success
	decidePending                // duplicate check, then charge: pending, success later
	decideRefuseNever            // refused before the duplicate check: failed, never
	decideRefuseBackoff          // refused before the duplicate check: failed, backoff
	decideDecline                // duplicate check, then declined: a FAILED record
	decideChargeUncertain        // duplicate check, then charge, answered with an undocumented code
	decideUncertain              // not processed, answered with a 5xx
	decideBackoffAfter           // duplicate check, then refused: failed, backoff, no record
	decidePendingFails           // duplicate check, then pending, and it fails later: no charge
	numDecisions
)

// receive processes one request that reached the provider and returns
// its answer's class and the ledger entry it made, if any.
func (p *Provider) receive(ref, key string) (codebook.Class, *entry) {
	if p.cfg.V2 {
		return p.receiveV2(ref, key)
	}
	d := decideCharge
	if p.sends <= p.bound.Sends {
		d = p.ch.Choose(numDecisions)
	}
	switch d {
	case decideRefuseNever:
		return classFailedNever, nil
	case decideRefuseBackoff:
		return classBackoff, nil
	case decideUncertain:
		return codebook.Unknown(), nil
	}
	if class, refused := p.refuseDuplicate(key); refused {
		return class, nil
	}
	now := p.clock.Now()
	e := entry{ref: ref, key: key, received: now, committed: now, pendingTil: now, state: "SUCCESS", charged: true}
	class := classSuccess
	switch d {
	case decidePending:
		e.pendingTil, class = now.Add(pendingTime), classPending
	case decidePendingFails:
		e.pendingTil, class = now.Add(pendingTime), classPending
		e.state, e.charged = "FAILED", false
	case decideDecline:
		e.state, e.charged, class = "FAILED", false, classDeclined
	case decideChargeUncertain:
		class = codebook.Unknown()
	case decideBackoffAfter:
		return classBackoff, nil
	}
	return p.write(&e, class)
}

// refuseDuplicate is the duplicate check of a send carrying key: the
// answer it refuses the send with (the first one's again under Replay),
// and whether it does.
func (p *Provider) refuseDuplicate(key string) (codebook.Class, bool) {
	prior := p.duplicate(key)
	switch {
	case prior == nil:
		return codebook.Class{}, false
	case p.cfg.Replay:
		return prior.answer, true
	}
	return classDuplicate, true
}

// write records e, answered class, in the ledger and returns both.
func (p *Provider) write(e *entry, class codebook.Class) (codebook.Class, *entry) {
	e.answer = class
	p.ledger = append(p.ledger, e)
	return class, e
}

// duplicate returns the entry for which the duplicate check refuses key
// (the reference in V1, the Idempotency-Key in V2) now, nil when it lets
// it through.
func (p *Provider) duplicate(key string) *entry {
	if p.cfg.Dedupe == DedupeAbsent {
		return nil
	}
	for _, e := range p.ledger {
		if e.key == key && !p.clock.Now().Before(e.received.Add(p.cfg.DedupeLag)) && p.remembers(e) {
			return e
		}
	}
	return nil
}

// Lookup options.
const (
	lookupAccurate = iota // the records of ours the lookup sees
	lookupFails           // no answer
	lookup5xx             // a 503 carrying the not-found message
	lookupOthers          // our records after other references' ones
	lookupTwice           // each record of ours twice, the first copy PENDING (an audit trail)
	lookupNoData          // a 200 whose body has no list of records
	numLookups
)

// lookupOption counts one lookup call and chooses how it is answered
// (accurate past the bound).
func (p *Provider) lookupOption() int {
	p.calls++
	p.lookups++
	if p.lookups <= p.bound.Lookups {
		return p.ch.Choose(numLookups)
	}
	return lookupAccurate
}

// lookupFailed sets a's error when the lookup gets no answer (the run
// livelocked, or the option is lookupFails) and reports whether it did.
func (p *Provider) lookupFailed(a *engine.LookupAnswer[LookupBody], opt int) bool {
	switch {
	case p.calls > maxCalls:
		a.Err = errLivelock
	case opt == lookupFails:
		a.Err = errLookupFailed
	default:
		return false
	}
	return true
}

// LookupAnswer makes one lookup call and returns what it answered, for
// engine.InterpretLookup or a control's own reader.
func (p *Provider) LookupAnswer(ref string) engine.LookupAnswer[LookupBody] {
	if p.cfg.V2 {
		return p.lookupAnswerV2(ref)
	}
	opt := p.lookupOption()
	// The provider reads its ledger when the call arrives: what commits
	// while the answer travels back is not in it.
	defer p.clock.Advance(lookupTime)
	a := engine.LookupAnswer[LookupBody]{Reference: ref}
	if p.lookupFailed(&a, opt) {
		return a
	}
	switch {
	case opt == lookup5xx:
		a.Status, a.Class, a.Specific = 503, classNotFound, true
		return a
	case opt == lookupNoData:
		a.Status, a.Class = 200, classLookupOK
		return a
	}
	ours := p.visible(ref)
	if opt == lookupOthers {
		ours = append(p.visible("other-ok", "other-ko"), ours...)
	}
	switch {
	case len(ours) == 0 && p.cfg.EmptyList:
		a.Status, a.Class, a.Value = 200, classLookupOK, LookupBody{Data: []Record{}}
		return a
	case len(ours) == 0:
		a.Status, a.Class, a.Specific = 404, classNotFound, true
		return a
	case opt == lookupTwice:
		ours = append(ours, ours...)
		for i := range len(ours) / 2 {
			ours[i].State = "PENDING"
		}
	}
	a.Status, a.Class, a.Value = 200, classLookupOK, LookupBody{Data: ours}
	return a
}

// visible returns the records of refs the lookup sees now.
func (p *Provider) visible(refs ...string) []Record {
	now := p.clock.Now()
	var out []Record
	for _, e := range p.ledger {
		if !in(e.ref, refs) || now.Before(e.committed.Add(p.cfg.LookupLag)) {
			continue
		}
		state := e.state
		if now.Before(e.pendingTil) {
			state = "PENDING"
		}
		out = append(out, Record{Ref: e.ref, State: state})
	}
	return out
}

// Lookup is the Transaction's Lookup: the model's answer read by
// engine.InterpretLookup under Rule.
func (p *Provider) Lookup(_ context.Context, ref string) (engine.Looked[LookupBody], error) {
	rule := Rule()
	if p.cfg.V2 {
		rule = RuleV2()
	}
	return engine.InterpretLookup(rule, p.LookupAnswer(ref))
}

// InFlight is a truthful In-Flight Transaction Check: pending exactly when
// a charge of ref is still in progress. It may fail.
func (p *Provider) InFlight(_ context.Context, ref string) (bool, error) {
	p.calls++
	defer p.clock.Advance(lookupTime)
	if p.ch.Choose(2) == 1 {
		return false, errInFlightFailed
	}
	now := p.clock.Now()
	for _, e := range p.ledger {
		if e.ref == ref && (now.Before(e.committed) || now.Before(e.pendingTil)) {
			return true, nil
		}
	}
	return false, nil
}

// sentBefore records that a stopped process sent ref and the provider is
// still working on it: its charge commits LateDelay from now.
func (p *Provider) sentBefore(ref string) {
	now := p.clock.Now()
	at := now.Add(p.cfg.LateDelay)
	p.ledger = append(p.ledger, &entry{ref: ref, key: p.keyOf(ref, nil), received: now, committed: at, pendingTil: at, state: "SUCCESS", charged: true})
}

func in(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// orderCharges returns how many times the order was charged, under any
// reference but the other customers', counting charges that commit after
// the run ended.
func (p *Provider) orderCharges() int {
	n := 0
	for _, e := range p.ledger {
		if e.charged && !strings.HasPrefix(e.ref, "other-") {
			n++
		}
	}
	return n
}

// unknownTo reports whether a client that got class delivered as d does
// not know the outcome: the answer never came or was unreadable, or says
// nothing final (an undocumented code, a duplicate).
func unknownTo(d int, class codebook.Class) bool {
	switch d {
	case deliverLost, deliverLate, deliverGarbled:
		return true
	case deliverTruncated:
		return class.Outcome != codebook.OutcomeFailed
	}
	return class.Outcome == codebook.OutcomeUncertain
}
