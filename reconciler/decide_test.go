package reconciler

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/journal"
)

func TestATakenOverClaimIsNotResolved(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	j := &journal.Memory{Now: func() time.Time { return now }}
	ctx := context.Background()
	body := []byte(`{"msisdn":"1"}`)
	gen, err := j.Begin(ctx, journal.Entry{Reference: "r", Operation: "topUp", Fingerprint: journal.FingerprintOf(body), Request: body})
	require.NoError(t, err)
	require.NoError(t, j.Record(ctx, "r", gen, journal.Step{State: journal.StateSending, Attempt: 1}))
	old, err := j.Claim(ctx, "old", 1, time.Minute)
	require.NoError(t, err)
	now = now.Add(2 * time.Minute)
	_, err = j.Claim(ctx, "new", 1, time.Minute)
	require.NoError(t, err)

	called := false
	w, err := New(j, map[string]Resolver{"topUp": ResolverFunc(func(context.Context, journal.Journal, journal.Record) error {
		called = true
		return nil
	})}, Options{Owner: "old", Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	assert.Equal(t, journal.StateSending, w.resolve(ctx, old[0]))
	assert.False(t, called, "a claim taken over by a newer one is left to it")
}
