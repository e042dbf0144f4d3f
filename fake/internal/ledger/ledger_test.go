package ledger

import (
	"sync"
	"testing"
	"time"
)

func TestCommitOncePerReference(t *testing.T) {
	l := New[string](time.Now)
	var wg sync.WaitGroup
	var mu sync.Mutex
	fresh := 0
	for range 100 {
		wg.Go(func() {
			_, ok := l.Commit("r", func(float64) Record[string] {
				return Record[string]{State: Succeeded, Charged: true, Amount: 1}
			})
			if ok {
				mu.Lock()
				fresh++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	c := l.Counts()
	if fresh != 1 || c.Commits != 1 || c.Charges != 1 || c.Duplicates != 99 || l.Charges("r") != 1 || l.Spent() != 1 {
		t.Fatalf("fresh %d counts %+v", fresh, c)
	}
	// Records without a reference are all written.
	for range 3 {
		l.Commit("", func(float64) Record[string] { return Record[string]{State: Failed} })
	}
	if c := l.Counts(); c.Commits != 4 || c.Charges != 1 {
		t.Fatalf("counts %+v", c)
	}
}

func TestSettleByLookupsTimeAndHand(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New[int](func() time.Time { return now })
	mk := func(ref string, lookups int, at time.Time, final State) {
		l.Commit(ref, func(float64) Record[int] {
			return Record[int]{State: Pending, Final: final, PendingLookups: lookups, SettleAt: at, Charged: true, Amount: 10}
		})
	}
	mk("two", 2, time.Time{}, Failed)
	mk("time", -1, now.Add(time.Minute), Succeeded)
	mk("open", 0, time.Time{}, Pending)
	states := func(ref string) State {
		r := l.Lookup(func(r *Record[int]) bool { return r.Ref == ref })
		return r[0].State
	}
	if s := []State{states("two"), states("two"), states("two")}; s[0] != Pending || s[1] != Pending || s[2] != Failed {
		t.Errorf("two: %v", s)
	}
	if l.Spent() != 20 {
		t.Errorf("a failed record is still spent: %v", l.Spent())
	}
	if states("time") != Pending {
		t.Error("time settled early")
	}
	now = now.Add(time.Minute)
	if r, _ := l.Get("time"); r.State != Succeeded || !r.Settled.Equal(now) {
		t.Errorf("time: %+v", r)
	}
	for range 5 {
		if states("open") != Pending {
			t.Fatal("an open record settled by itself")
		}
	}
	if !l.Settle("open", Succeeded, func(d *int) { *d = 7 }) {
		t.Fatal("Settle false")
	}
	if r, _ := l.Get("open"); r.State != Succeeded || r.Data != 7 {
		t.Errorf("open: %+v", r)
	}
	if l.Settle("open", Failed, nil) || l.Settle("none", Failed, nil) {
		t.Error("Settle of a final or missing record")
	}
	if got := l.Counts().Lookups; got != 9 {
		t.Errorf("lookups %d", got)
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[State]string{Pending: "PENDING", Succeeded: "SUCCESS", Failed: "FAILED", 0: "UNKNOWN"} {
		if s.String() != want {
			t.Errorf("%d: %s", s, s.String())
		}
	}
}

// charge commits a charged, succeeded record of 1 for ref.
func charge(l *Ledger[int], ref string) bool {
	_, fresh := l.Commit(ref, func(float64) Record[int] { return Record[int]{State: Succeeded, Charged: true, Amount: 1} })
	return fresh
}

func TestDedupeLagChargesAgainWithinTheLag(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewWith[int](func() time.Time { return now }, Config{Dedupe: Dedupe{Lag: time.Minute}})
	if !charge(l, "r") || l.Recognised("r") {
		t.Fatal("first charge, or recognised at once")
	}
	now = now.Add(59 * time.Second)
	if !charge(l, "r") {
		t.Fatal("a resend within the lag was recognised")
	}
	if l.Charges("r") != 2 || len(l.Find(nil)) != 2 || l.Spent() != 2 {
		t.Fatalf("charges %d, records %d, spent %v: want a double charge", l.Charges("r"), len(l.Find(nil)), l.Spent())
	}
	now = now.Add(time.Second)
	if !l.Recognised("r") || charge(l, "r") {
		t.Fatal("a resend after the lag was not recognised")
	}
	if c := l.Counts(); l.Charges("r") != 2 || c.Duplicates != 1 || c.Commits != 2 {
		t.Fatalf("charges %d, counts %+v", l.Charges("r"), c)
	}
	if r, _ := l.Get("r"); r.Seq != 1 {
		t.Errorf("Get gives record %d, want the first", r.Seq)
	}
}

func TestDedupeNoneChargesEverySend(t *testing.T) {
	l := NewWith[int](time.Now, Config{Dedupe: Dedupe{None: true}})
	for range 3 {
		if !charge(l, "r") {
			t.Fatal("a send was recognised without duplicate detection")
		}
	}
	if l.Charges("r") != 3 || l.Recognised("r") || l.Counts().Duplicates != 0 {
		t.Fatalf("charges %d, counts %+v", l.Charges("r"), l.Counts())
	}
	// The strict ledger charges once.
	s := New[int](time.Now)
	charge(s, "r")
	if charge(s, "r") || s.Charges("r") != 1 || !s.Recognised("r") {
		t.Fatal("strict ledger charged twice")
	}
}

func TestLookupLag(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewWith[int](func() time.Time { return now }, Config{LookupLag: 10 * time.Second})
	charge(l, "r")
	mine := func(r *Record[int]) bool { return r.Ref == "r" }
	if got := l.Lookup(mine); len(got) != 0 {
		t.Fatalf("a lookup right after the charge found %+v", got)
	}
	if len(l.View(mine)) != 0 {
		t.Fatal("View sees a lagging record")
	}
	if _, ok := l.Get("r"); !ok || len(l.Find(mine)) != 1 || !l.Has("r") {
		t.Fatal("Get, Find and Has must not lag")
	}
	now = now.Add(10 * time.Second)
	if got := l.Lookup(mine); len(got) != 1 || got[0].Lookups != 1 {
		t.Fatalf("a lookup after the lag found %+v", got)
	}
	if len(l.View(nil)) != 1 {
		t.Fatal("View after the lag")
	}
}

func TestSettleEveryPendingRecordOfAReference(t *testing.T) {
	l := NewWith[int](time.Now, Config{Dedupe: Dedupe{None: true}})
	for range 2 {
		l.Commit("r", func(float64) Record[int] { return Record[int]{State: Pending, Final: Pending, Charged: true} })
	}
	if !l.Settle("r", Failed, nil) {
		t.Fatal("Settle false")
	}
	for _, r := range l.Find(nil) {
		if r.State != Failed {
			t.Errorf("record %d: %v", r.Seq, r.State)
		}
	}
	if l.Settle("r", Failed, nil) || l.Settle("", Failed, nil) {
		t.Error("Settle of final records or of no reference")
	}
}

func TestScheduleTakesTheDefaultsForZeroFields(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	def := Settling{Lookups: 2, For: time.Minute}
	var r Record[int]
	r.Schedule(Settling{}, def, now)
	if r.PendingLookups != 2 || !r.SettleAt.Equal(now.Add(time.Minute)) {
		t.Errorf("defaults: %d lookups, at %v", r.PendingLookups, r.SettleAt)
	}
	r = Record[int]{}
	r.Schedule(Settling{Lookups: -1, For: time.Second}, Settling{Lookups: 1}, now)
	if r.PendingLookups != -1 || !r.SettleAt.Equal(now.Add(time.Second)) {
		t.Errorf("own: %d lookups, at %v", r.PendingLookups, r.SettleAt)
	}
	r = Record[int]{}
	r.Schedule(Settling{Lookups: 3}, Settling{}, now)
	if r.PendingLookups != 3 || !r.SettleAt.IsZero() {
		t.Errorf("no time: %d lookups, at %v", r.PendingLookups, r.SettleAt)
	}
}

func TestIDs(t *testing.T) {
	if h := RandomHex(8); len(h) != 16 || h == RandomHex(8) {
		t.Errorf("RandomHex(8) = %q", h)
	}
	u := NewUUID()
	if len(u) != 36 || u[14] != '4' || u == NewUUID() {
		t.Errorf("NewUUID() = %q", u)
	}
}
