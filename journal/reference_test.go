package journal_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

func TestNewReference(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	for _, tt := range []struct{ max, want int }{
		{0, engine.DefaultReferenceLen},   // Click Airtime: no documented limit
		{64, engine.DefaultReferenceLen},  // Clickatell clientTxnRef
		{255, engine.DefaultReferenceLen}, // Stripe
		{25, 25},
		{engine.MinReferenceLen, engine.MinReferenceLen},
	} {
		ref, err := engine.NewReference(tt.max)
		require.NoError(t, err)
		assert.Len(t, ref, tt.want, "max %d", tt.max)
		assert.Empty(t, strings.Trim(ref, alphabet), "letters and digits only: %q", ref)
	}
	_, err := engine.NewReference(engine.MinReferenceLen - 1)
	assert.Error(t, err, "too short to be unique")

	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 20000 {
		ref, err := engine.NewReference(0)
		require.NoError(t, err)
		require.False(t, seen[ref], "collision")
		seen[ref] = true
		for _, r := range ref {
			counts[r]++
		}
	}
	assert.Len(t, counts, len(alphabet), "every character used")
	// 640,000 characters over 62: about 10,323 each; a biased draw (b %% 62
	// over all 256 bytes) would give the first 8 characters 25 %% more.
	for r, c := range counts {
		assert.InDelta(t, 640000/62, c, 600, "character %q", r)
	}
}

func TestMemoryJournal(t *testing.T) {
	var j journal.Memory
	ctx := context.Background()
	a, b := journal.FingerprintOf([]byte("a")), journal.FingerprintOf([]byte("b"))
	entry := func(ref, body string) journal.Entry {
		return journal.Entry{Reference: ref, Fingerprint: journal.FingerprintOf([]byte(body)), Request: []byte(body)}
	}
	g1, err := j.Begin(ctx, entry("r1", "a"))
	require.NoError(t, err)
	g2, err := j.Begin(ctx, entry("r1", "a"))
	require.NoError(t, err, "the same body again: resumable")
	assert.Greater(t, g2, g1, "taken over: a new generation")
	assert.ErrorIs(t, j.Record(ctx, "r1", g1, journal.Step{State: journal.StateSending, Attempt: 1}), codebook.ErrJournalFenced)
	_, err = j.Begin(ctx, entry("r1", "b"))
	assert.ErrorIs(t, err, codebook.ErrReferenceReused)
	_, err = j.Begin(ctx, entry("r2", "b"))
	require.NoError(t, err)
	rec, err := j.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, a, rec.Entry.Fingerprint)
	assert.Equal(t, b, journal.FingerprintOf([]byte("b")))
	assert.Len(t, a.String(), 64)
}
