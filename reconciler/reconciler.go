// Package reconciler resolves the transactions a journal holds unresolved:
// those left pending, uncertain or flagged by an Execute, and those left
// created or sending by a process that died. A Worker claims them from a
// Store in batches, each under a hold and a new generation, and hands each
// to the Resolver of its operation, which runs engine.Execute on the
// resume path: a lookup first, a resend only where SAFETY.md allows.
//
// Several workers, in one process or many, may share one Store (the
// PostgreSQL journal): a claim hands each transaction to one worker at a
// time, a worker that dies loses its claims when their hold lapses, and a
// worker whose claim was taken over is fenced by the generation, so that
// it cannot overwrite a newer result.
package reconciler

import (
	"context"
	"time"

	"github.com/codebookgen/codebook/journal"
)

// Store is the journal a Worker claims from: a journal.Journal with the
// claims, reads and counts of journal/sqlite, journal/postgres and
// journal.Memory.
type Store interface {
	journal.Journal
	// Claim hands owner up to max unresolved transactions whose hold has
	// lapsed, oldest first, each with its generation bumped and held for
	// hold.
	Claim(ctx context.Context, owner string, max int, hold time.Duration) ([]journal.Record, error)
	// Get returns a copy of the transaction recorded under ref, or
	// codebook.ErrJournalUnknown.
	Get(ctx context.Context, ref string) (journal.Record, error)
	// Stats counts the transactions by state and gives the creation time
	// of the oldest unresolved one.
	Stats(ctx context.Context) (journal.Stats, error)
}

// Resolver settles one claimed transaction of the operation it is
// registered for, writing its steps to j. rec is the claim: its Generation
// is the worker's. FromTransaction makes one from a Transaction builder.
type Resolver interface {
	Resolve(ctx context.Context, j journal.Journal, rec journal.Record) error
}

// ResolverFunc is a function that is a Resolver.
type ResolverFunc func(ctx context.Context, j journal.Journal, rec journal.Record) error

// Resolve calls f.
func (f ResolverFunc) Resolve(ctx context.Context, j journal.Journal, rec journal.Record) error {
	return f(ctx, j, rec)
}

// Progress is what a Store holds, for monitoring a reconciler.
type Progress struct {
	// Counts holds the transactions by state.
	Counts map[journal.State]int
	// Unresolved counts those neither succeeded nor failed (flagged ones
	// included: they wait for a person or a later lookup).
	Unresolved int
	// OldestUnresolved is the age of the oldest unresolved transaction;
	// zero when none is.
	OldestUnresolved time.Duration
}

// progressOf turns a Store's stats into Progress at now.
func progressOf(st journal.Stats, now time.Time) Progress {
	p := Progress{Counts: map[journal.State]int{}}
	for s, n := range st.Counts {
		p.Counts[s] = n
		if !s.Final() {
			p.Unresolved += n
		}
	}
	if !st.OldestUnresolved.IsZero() {
		p.OldestUnresolved = max(now.Sub(st.OldestUnresolved), 0)
	}
	return p
}
