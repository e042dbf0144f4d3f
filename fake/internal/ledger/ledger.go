// Package ledger is the transaction ledger the provider fakes share: records
// keyed by the client's idempotency reference, written once per reference
// (or, with a lagging or absent duplicate check, once per send the check
// missed), pending records that settle after a number of lookups or at a
// time, a lookup that may lag behind the writes, and the counters tests read
// (commits, charges per reference, duplicates).
package ledger

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// State is the state of a record.
type State uint8

// The states of a record.
const (
	// Pending is not final yet: a later lookup shows the final state.
	Pending State = iota + 1
	// Succeeded is final: the transaction took effect.
	Succeeded
	// Failed is final: the transaction did not take effect.
	Failed
)

// String returns the state as the providers spell it: PENDING, SUCCESS,
// FAILED.
func (s State) String() string {
	switch s {
	case Pending:
		return "PENDING"
	case Succeeded:
		return "SUCCESS"
	case Failed:
		return "FAILED"
	}
	return "UNKNOWN"
}

// Record is one transaction of the ledger; Data is the provider's part.
type Record[T any] struct {
	// Ref is the client's reference ("" when it sent none).
	Ref string
	// Seq is the record's place in the ledger, from 1.
	Seq int
	// Created is when the record was written.
	Created time.Time
	// State is the state now.
	State State
	// Final is the state a pending record settles to; Pending means it
	// settles only when told to (Settle).
	Final State
	// PendingLookups is how many lookups still see a pending record pending;
	// negative means lookups never settle it.
	PendingLookups int
	// SettleAt is when a pending record settles whatever the lookups; zero
	// means never.
	SettleAt time.Time
	// Settled is when the record reached its final state (zero while pending).
	Settled time.Time
	// Lookups is how many lookups found the record.
	Lookups int
	// Charged reports whether the record moved (or reserved) money when it was
	// written.
	Charged bool
	// Amount is the money moved when Charged.
	Amount float64
	// Data is the provider's part.
	Data T
}

// Dedupe is how the ledger recognises a reference it already holds. The zero
// Dedupe recognises it at once, as both fakes do by default.
type Dedupe struct {
	// None turns duplicate detection off: every send is written (and charged)
	// again, whatever the reference.
	None bool
	// Lag is how long after the first record of a reference was written the
	// duplicate check starts to see it: a send within the lag is written (and
	// charged) again.
	Lag time.Duration
}

// Config holds the freedoms of a ledger; the zero Config is the strict ledger
// (immediate duplicate check, lookups that see every write at once).
type Config struct {
	// Dedupe is how a reference already written is recognised.
	Dedupe Dedupe
	// LookupLag is how long after it was written a record becomes visible to
	// Lookup and View.
	LookupLag time.Duration
}

// Ledger holds the records. It is safe for concurrent use.
type Ledger[T any] struct {
	now func() time.Time
	cfg Config

	mu         sync.Mutex
	recs       []*Record[T]
	byRef      map[string]*Record[T]
	chargesBy  map[string]int
	commits    int
	charges    int
	duplicates int
	lookups    int
}

// New returns an empty strict ledger reading the time from now.
func New[T any](now func() time.Time) *Ledger[T] { return NewWith[T](now, Config{}) }

// NewWith returns an empty ledger with the freedoms of c, reading the time
// from now (on which the lags are measured).
func NewWith[T any](now func() time.Time, c Config) *Ledger[T] {
	return &Ledger[T]{now: now, cfg: c, byRef: map[string]*Record[T]{}, chargesBy: map[string]int{}}
}

// Recognised reports whether the duplicate check sees ref ("" never is) now:
// it is in the ledger, duplicate detection is on, and its first record was
// written at least the dedupe lag ago.
func (l *Ledger[T]) Recognised(ref string) bool {
	if ref == "" {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.recognisedLocked(ref, l.now())
	return ok
}

// recognisedLocked returns the first record of ref when the duplicate check
// sees it at now.
func (l *Ledger[T]) recognisedLocked(ref string, now time.Time) (*Record[T], bool) {
	r, ok := l.byRef[ref]
	if !ok || l.cfg.Dedupe.None || now.Before(r.Created.Add(l.cfg.Dedupe.Lag)) {
		return nil, false
	}
	return r, true
}

// visible reports whether a lookup at now sees r.
func (l *Ledger[T]) visible(r *Record[T], now time.Time) bool {
	return !now.Before(r.Created.Add(l.cfg.LookupLag))
}

// Has reports whether ref ("" never is) is in the ledger.
func (l *Ledger[T]) Has(ref string) bool {
	if ref == "" {
		return false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.byRef[ref]
	return ok
}

// CountDuplicate counts a request that found its reference in the ledger
// before it got to Commit.
func (l *Ledger[T]) CountDuplicate() {
	l.mu.Lock()
	l.duplicates++
	l.mu.Unlock()
}

// Commit writes the record build returns, under the ledger's lock, unless the
// duplicate check recognises ref (see Recognised): then it counts a duplicate
// and returns the first record of ref and false. build gets the money spent
// so far (the amounts of charged records not failed), for a balance check. A
// record without a reference is always written; so is a record whose
// reference the check does not see yet (Dedupe.Lag) or at all (Dedupe.None),
// which charges the reference again.
func (l *Ledger[T]) Commit(ref string, build func(spent float64) Record[T]) (Record[T], bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if ref != "" {
		if r, ok := l.recognisedLocked(ref, now); ok {
			l.duplicates++
			l.settleDue(r, now)
			return *r, false
		}
	}
	rec := build(l.spentLocked(now))
	rec.Ref = ref
	rec.Seq = len(l.recs) + 1
	rec.Created = now
	rec.Lookups = 0
	if rec.State != Pending {
		rec.Settled = now
	}
	r := &rec
	l.recs = append(l.recs, r)
	if _, ok := l.byRef[ref]; ref != "" && !ok {
		l.byRef[ref] = r
	}
	l.commits++
	if rec.Charged {
		l.charges++
		l.chargesBy[ref]++
	}
	return rec, true
}

// spentLocked sums the amounts of the charged records not failed.
func (l *Ledger[T]) spentLocked(now time.Time) float64 {
	sum := 0.0
	for _, r := range l.recs {
		l.settleDue(r, now)
		if r.Charged && r.State != Failed {
			sum += r.Amount
		}
	}
	return sum
}

// Spent returns the amounts of the charged records not failed.
func (l *Ledger[T]) Spent() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.spentLocked(l.now())
}

// settleDue settles a pending record whose time has come, or that has been
// looked up often enough.
func (l *Ledger[T]) settleDue(r *Record[T], now time.Time) {
	if r.State != Pending || r.Final == Pending || r.Final == 0 {
		return
	}
	byLookups := r.PendingLookups >= 0 && r.Lookups >= r.PendingLookups
	byTime := !r.SettleAt.IsZero() && !now.Before(r.SettleAt)
	if byLookups || byTime {
		r.State = r.Final
		r.Settled = now
	}
}

// Lookup finds the records match accepts, in ledger order, as a provider's
// lookup does: only records written at least the lookup lag ago are seen;
// each one found is settled when due and then counted as looked up. It
// returns copies.
func (l *Ledger[T]) Lookup(match func(*Record[T]) bool) []Record[T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.lookups++
	var out []Record[T]
	for _, r := range l.recs {
		if !l.visible(r, now) || !match(r) {
			continue
		}
		l.settleDue(r, now)
		r.Lookups++
		out = append(out, *r)
	}
	return out
}

// Find returns copies of the records match accepts, without counting a
// lookup (records due by time are settled).
func (l *Ledger[T]) Find(match func(*Record[T]) bool) []Record[T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var out []Record[T]
	for _, r := range l.recs {
		if match == nil || match(r) {
			l.settleDue(r, now)
			out = append(out, *r)
		}
	}
	return out
}

// View returns copies of the records a lookup sees now (those written at
// least the lookup lag ago) that match accepts, without counting a lookup
// (records due by time are settled).
func (l *Ledger[T]) View(match func(*Record[T]) bool) []Record[T] {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	var out []Record[T]
	for _, r := range l.recs {
		if l.visible(r, now) && (match == nil || match(r)) {
			l.settleDue(r, now)
			out = append(out, *r)
		}
	}
	return out
}

// Get returns the first record of ref without counting a lookup (lags do not
// apply).
func (l *Ledger[T]) Get(ref string) (Record[T], bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r, ok := l.byRef[ref]
	if !ok {
		return Record[T]{}, false
	}
	l.settleDue(r, l.now())
	return *r, true
}

// Settle makes the pending records of ref ("" never matches) final now: with
// state final, after edit (which may be nil) changed their data. It reports
// false when ref has no pending record.
func (l *Ledger[T]) Settle(ref string, final State, edit func(*T)) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, settled := l.now(), false
	for _, r := range l.recs {
		if ref == "" || r.Ref != ref || r.State != Pending {
			continue
		}
		if edit != nil {
			edit(&r.Data)
		}
		r.Final = final
		if final != Pending {
			r.State = final
			r.Settled = now
		}
		settled = true
	}
	return settled
}

// Counts are the ledger's counters.
type Counts struct {
	// Commits is how many records were written.
	Commits int
	// Charges is how many of them moved or reserved money.
	Charges int
	// Duplicates is how many commits found their reference already there.
	Duplicates int
	// Lookups is how many lookups were made.
	Lookups int
}

// Counts returns the counters.
func (l *Ledger[T]) Counts() Counts {
	l.mu.Lock()
	defer l.mu.Unlock()
	return Counts{Commits: l.commits, Charges: l.charges, Duplicates: l.duplicates, Lookups: l.lookups}
}

// Charges returns how many charged records ref has: at most 1 for a
// non-empty reference under immediate duplicate detection, any number for ""
// or when the duplicate check lags or is off (a double charge).
func (l *Ledger[T]) Charges(ref string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.chargesBy[ref]
}

// Settling is when a pending record settles: after Lookups lookups saw it
// pending (negative: never by lookups) and, when For > 0, not before For has
// passed since it was written.
type Settling struct {
	Lookups int
	For     time.Duration
}

// Schedule sets when r, written at now, settles: as s says, each zero field
// of s taken from def (a fake's default for the outcomes that do not say).
func (r *Record[T]) Schedule(s, def Settling, now time.Time) {
	if s.Lookups == 0 {
		s.Lookups = def.Lookups
	}
	if s.For == 0 {
		s.For = def.For
	}
	r.PendingLookups = s.Lookups
	if s.For > 0 {
		r.SettleAt = now.Add(s.For)
	}
}

// RandomHex returns n random bytes in hexadecimal, for the ids a provider
// makes up.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewUUID returns a random (version 4) UUID.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
