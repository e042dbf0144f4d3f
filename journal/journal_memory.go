package journal

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
)

// Memory is a Journal held in memory, with the Claim, Get and
// Stats a reconciler uses: the reference for what a durable journal
// (journal/sqlite, journal/postgres) must do, for tests and examples. It
// does not survive a restart. The zero Memory is ready to use and
// safe for concurrent use.
type Memory struct {
	// Now is its clock; nil is time.Now.
	Now func() time.Time

	mu   sync.Mutex
	recs map[string]*Record
}

func (j *Memory) now() time.Time {
	if j.Now != nil {
		return j.Now()
	}
	return time.Now()
}

// Begin records e as created, or takes over the unresolved transaction
// already recorded under its reference with the same fingerprint.
func (j *Memory) Begin(_ context.Context, e Entry) (int64, error) {
	if err := checkEntry(e); err != nil {
		return 0, err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	r, ok := j.recs[e.Reference]
	if !ok {
		if j.recs == nil {
			j.recs = map[string]*Record{}
		}
		r = &Record{Step: Step{State: StateCreated, Class: codebook.Unknown()}, Created: now}
		j.recs[e.Reference] = r
	} else if err := takeOver(r, e); err != nil {
		return 0, err
	}
	r.Entry = cloneEntry(e)
	r.Generation++
	r.Owner, r.Updated, r.HeldUntil = "", now, now.Add(e.Hold)
	return r.Generation, nil
}

// Record writes step s for the writer of generation gen.
func (j *Memory) Record(_ context.Context, ref string, gen int64, s Step) error {
	if err := checkStep(s); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.recs[ref]
	if !ok {
		return codebook.ErrJournalUnknown
	}
	if err := mayRecord(r, gen); err != nil {
		return err
	}
	now := j.now()
	r.Step, r.Updated = s, now
	if s.Release > 0 {
		r.HeldUntil = now.Add(s.Release)
	}
	return nil
}

// Claim hands owner up to max unresolved transactions whose hold has
// lapsed, oldest first, and holds them for hold: each one's generation
// grows, so a writer that lost it can write nothing more. A max below 1
// claims nothing.
func (j *Memory) Claim(_ context.Context, owner string, max int, hold time.Duration) ([]Record, error) {
	max = fitClaim(max)
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	var due []*Record
	for _, r := range j.recs {
		if !r.Step.State.Final() && !now.Before(r.HeldUntil) {
			due = append(due, r)
		}
	}
	sort.Slice(due, func(a, b int) bool { return olderRecord(due[a], due[b]) })
	if len(due) > max {
		due = due[:max]
	}
	out := make([]Record, 0, len(due))
	for _, r := range due {
		r.Generation++
		r.Owner, r.HeldUntil = owner, now.Add(hold)
		out = append(out, copyRecord(r))
	}
	return out, nil
}

// Get returns the transaction recorded under ref.
func (j *Memory) Get(_ context.Context, ref string) (Record, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	r, ok := j.recs[ref]
	if !ok {
		return Record{}, codebook.ErrJournalUnknown
	}
	return copyRecord(r), nil
}

// Stats counts the transactions by state and finds the oldest unresolved.
func (j *Memory) Stats(context.Context) (Stats, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := Stats{Counts: map[State]int{}}
	for _, r := range j.recs {
		st.Counts[r.Step.State]++
		if !r.Step.State.Final() && (st.OldestUnresolved.IsZero() || r.Created.Before(st.OldestUnresolved)) {
			st.OldestUnresolved = r.Created
		}
	}
	return st, nil
}

// fitClaim makes a negative Claim size claim nothing.
func fitClaim(max int) int {
	if max < 0 {
		return 0
	}
	return max
}

// olderRecord orders records by creation, then reference, so that claims
// are deterministic.
func olderRecord(a, b *Record) bool {
	if !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return a.Entry.Reference < b.Entry.Reference
}

func copyRecord(r *Record) Record {
	c := *r
	c.Entry = cloneEntry(r.Entry)
	return c
}

func cloneEntry(e Entry) Entry {
	e.Request = append([]byte(nil), e.Request...)
	return e
}
