package sim

import (
	"fmt"
	"time"
)

// Dedupe is how the provider detects a reused reference.
type Dedupe uint8

// Duplicate detection modes.
const (
	// DedupeImmediate: a reference is refused as a duplicate as soon as a
	// request carrying it was received.
	DedupeImmediate Dedupe = iota
	// DedupeLagging: the duplicate check sees a reference only DedupeLag
	// after its request was received; a resend within the lag charges again.
	DedupeLagging
	// DedupeAbsent: the provider never refuses a reused reference (the
	// Transaction is not Deduplicated).
	DedupeAbsent
)

// String names the mode.
func (d Dedupe) String() string {
	switch d {
	case DedupeImmediate:
		return "immediate"
	case DedupeLagging:
		return "lagging"
	case DedupeAbsent:
		return "absent"
	}
	return fmt.Sprintf("Dedupe(%d)", uint8(d))
}

// Family is a set of provider configurations a schedule's first choices
// pick from. Every lag is bounded by Settle in a family that keeps the
// contract the engine relies on (Transaction.Settle: the provider records
// a transaction where the lookup sees it within Settle after the send
// ended on the client's side); Violates says the family breaks it.
type Family struct {
	Name string
	// Settle is the tx.Settle the simulation declares.
	Settle time.Duration
	// Dedupes are the duplicate detection modes to choose from.
	Dedupes []Dedupe
	// DedupeLags are the lags of DedupeLagging.
	DedupeLags []time.Duration
	// LookupLags are the delays between a charge's commit and the lookup
	// seeing it.
	LookupLags []time.Duration
	// LateDelays are how long a "late" send keeps running at the provider
	// after the client gave up, before its charge commits.
	LateDelays []time.Duration
	// InFlight offers a truthful In-Flight check to a provider without
	// duplicate detection.
	InFlight bool
	// TransportResend offers a transport that sends a request twice, only
	// with these duplicate detection modes.
	TransportResend []Dedupe
	// Resume offers to start with a reference a stopped process may have
	// sent (Transaction.Reference set).
	Resume bool
	// Replay offers a duplicate check that answers a reused reference
	// with the first request's answer instead of a duplicate code.
	Replay bool
	// EmptyList offers a lookup that says "not found" with a 200 and an
	// empty list of records instead of a specific 404.
	EmptyList bool
	// Attempts are the Policy.MaxAttempts to choose from; none: the
	// default.
	Attempts []int
	// Deadlines are the Policy.Deadline to choose from; none: Deadline.
	Deadlines []time.Duration
	// BudgetFloors are retry budgets (engine.NewRetryBudget(0, floor))
	// to choose from; 0 is the engine's default budget.
	BudgetFloors []int
	// Violates says the family breaks the provider's or the transport's
	// contract: its violations are not the engine's.
	Violates bool
	// V2 makes the provider Click Airtime V2 (v2.go): duplicates detected
	// by Idempotency-Key, a lookup listing records by reference,
	// asynchronous statuses.
	V2 bool
	// KeyWindows are how long a V2 provider remembers an Idempotency-Key
	// (0: for ever), to choose from.
	KeyWindows []time.Duration
}

// Families returns the families the tests explore: the contract-keeping
// ones first (contract, explored exhaustively; contract-wide, with more
// lags and policies, at random; contract-long-settle, a settle longer
// than the deadline), then those that break it.
func Families() []Family {
	settle := 5 * time.Second
	return []Family{
		{
			Name: "contract", Settle: settle,
			Dedupes:         []Dedupe{DedupeImmediate, DedupeLagging, DedupeAbsent},
			DedupeLags:      []time.Duration{3 * time.Second},
			LookupLags:      []time.Duration{0, 2 * time.Second},
			LateDelays:      []time.Duration{time.Second, 3 * time.Second},
			InFlight:        true,
			TransportResend: []Dedupe{DedupeImmediate},
			Resume:          true,
			Replay:          true,
			EmptyList:       true,
		},
		{
			Name: "contract-wide", Settle: settle,
			Dedupes:         []Dedupe{DedupeImmediate, DedupeLagging, DedupeAbsent},
			DedupeLags:      []time.Duration{time.Second, 3 * time.Second, 20 * time.Second},
			LookupLags:      []time.Duration{0, time.Second, 2 * time.Second},
			LateDelays:      []time.Duration{100 * time.Millisecond, time.Second, 3 * time.Second},
			InFlight:        true,
			TransportResend: []Dedupe{DedupeImmediate},
			Resume:          true,
			Replay:          true,
			EmptyList:       true,
			Attempts:        []int{1, 3, 5},
			Deadlines:       []time.Duration{Deadline, 30 * time.Second, 5 * time.Minute},
			BudgetFloors:    []int{0, 2},
		},
		{
			// Clickatell's declared settle (2 min) under the default
			// Policy.Deadline (1 min).
			Name: "contract-long-settle", Settle: 2 * time.Minute,
			Dedupes:         []Dedupe{DedupeImmediate, DedupeLagging, DedupeAbsent},
			DedupeLags:      []time.Duration{3 * time.Second},
			LookupLags:      []time.Duration{0, 30 * time.Second},
			LateDelays:      []time.Duration{time.Second, 90 * time.Second},
			InFlight:        true,
			TransportResend: []Dedupe{DedupeImmediate},
			Resume:          true,
		},
		{
			Name: "slow-lookup", Settle: settle, Violates: true,
			Dedupes:    []Dedupe{DedupeImmediate, DedupeLagging, DedupeAbsent},
			DedupeLags: []time.Duration{30 * time.Second},
			LookupLags: []time.Duration{0, 8 * time.Second},
			LateDelays: []time.Duration{time.Second, 8 * time.Second},
			InFlight:   true,
			Resume:     true,
		},
		{
			Name: "transport-resend", Settle: settle, Violates: true,
			Dedupes:         []Dedupe{DedupeLagging, DedupeAbsent},
			DedupeLags:      []time.Duration{3 * time.Second},
			LookupLags:      []time.Duration{0},
			LateDelays:      []time.Duration{time.Second},
			InFlight:        true,
			TransportResend: []Dedupe{DedupeLagging, DedupeAbsent},
		},
	}
}

// FamilyNamed returns the family called name.
func FamilyNamed(name string) (Family, error) {
	for _, f := range append(Families(), V2Families()...) {
		if f.Name == name {
			return f, nil
		}
	}
	return Family{}, fmt.Errorf("sim: no family %q: use one of contract, contract-wide, contract-long-settle, slow-lookup, transport-resend, v2-contract, v2-contract-wide, v2-slow-lookup, v2-transport-resend", name)
}

// Config is one provider configuration, drawn from a Family.
type Config struct {
	Dedupe          Dedupe
	DedupeLag       time.Duration
	LookupLag       time.Duration
	LateDelay       time.Duration
	InFlight        bool
	TransportResend bool
	// Resume: 0 a new reference; 1 a given reference never sent; 2 a given
	// reference a stopped process sent, still running at the provider.
	Resume int
	// Replay: the duplicate check answers with the first answer.
	Replay bool
	// EmptyList: the lookup's not-found is a 200 with no records.
	EmptyList bool
	// MaxAttempts is the engine's Policy.MaxAttempts; 0 the default.
	MaxAttempts int
	// Deadline is the engine's Policy.Deadline; 0: Deadline.
	Deadline time.Duration
	// BudgetFloor, when positive, gives the engine a retry budget of that
	// many retries and no more.
	BudgetFloor int
	// V2: the provider is Click Airtime V2 (v2.go); KeyWindow is how long
	// it remembers an Idempotency-Key (0: for ever).
	V2        bool
	KeyWindow time.Duration
}

// deadline returns the Policy.Deadline of c.
func (c Config) deadline() time.Duration {
	if c.Deadline > 0 {
		return c.Deadline
	}
	return Deadline
}

// draw picks a Config from f with ch.
func (f Family) draw(ch Chooser) Config {
	pick := func(ds []time.Duration) time.Duration {
		if len(ds) == 0 {
			return 0
		}
		return ds[ch.Choose(len(ds))]
	}
	c := Config{Dedupe: f.Dedupes[ch.Choose(len(f.Dedupes))]}
	if c.Dedupe == DedupeLagging {
		c.DedupeLag = pick(f.DedupeLags)
	}
	c.LookupLag, c.LateDelay = pick(f.LookupLags), pick(f.LateDelays)
	if c.Dedupe == DedupeAbsent && f.InFlight {
		c.InFlight = ch.Choose(2) == 1
	}
	for _, d := range f.TransportResend {
		c.TransportResend = c.TransportResend || d == c.Dedupe
	}
	if f.Resume {
		c.Resume = ch.Choose(3)
	}
	c.Replay = f.Replay && c.Dedupe != DedupeAbsent && ch.Choose(2) == 1
	c.EmptyList = f.EmptyList && ch.Choose(2) == 1
	if len(f.Attempts) > 0 {
		c.MaxAttempts = f.Attempts[ch.Choose(len(f.Attempts))]
	}
	c.Deadline = pick(f.Deadlines)
	if len(f.BudgetFloors) > 0 {
		c.BudgetFloor = f.BudgetFloors[ch.Choose(len(f.BudgetFloors))]
	}
	if f.V2 {
		c.V2, c.EmptyList, c.KeyWindow = true, true, pick(f.KeyWindows)
	}
	return c
}
