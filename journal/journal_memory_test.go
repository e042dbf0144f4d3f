package journal_test

import (
	"testing"
	"time"

	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/journaltest"
)

// TestMemoryJournalConformance runs the journal conformance suite against
// Memory, the reference the durable journals follow.
func TestMemoryJournalConformance(t *testing.T) {
	journaltest.Run(t, func(t *testing.T, now func() time.Time) journaltest.Store {
		return &journal.Memory{Now: now}
	})
}

// TestMemoryJournalClaimNegativeMax: a negative max claims nothing (it
// used to panic slicing due[:max]).
func TestMemoryJournalClaimNegativeMax(t *testing.T) {
	j := &journal.Memory{}
	e := journaltest.Entry("r", "body", 0)
	if _, err := j.Begin(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	got, err := j.Claim(t.Context(), "owner", -1, time.Minute)
	if err != nil || len(got) != 0 {
		t.Fatalf("Claim(max -1) = %v, %v; want nothing", got, err)
	}
	if r, _ := j.Get(t.Context(), "r"); r.Generation != 1 {
		t.Errorf("Claim(max -1) bumped the generation to %d", r.Generation)
	}
}
