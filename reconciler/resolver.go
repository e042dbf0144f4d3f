package reconciler

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// Builder rebuilds the Transaction of a journaled record for
// FromTransaction: its Send, Lookup, Settle, Deduplicated, InFlight and
// MaxReferenceLen, typically from a generated client's <Op>Transaction
// with the body decoded from rec.Entry.Request.
type Builder[S, L any] func(rec journal.Record) (engine.Transaction[S, L], error)

// ErrBodyMismatch: the rebuilt transaction would send other bytes than the
// journal holds for the reference; nothing is sent.
var ErrBodyMismatch = errors.New("reconciler: the rebuilt transaction's body is not the journaled request; " +
	"fix the Builder so that it decodes rec.Entry.Request into the same request")

// FromTransaction returns a Resolver that rebuilds the record's
// Transaction with build and runs engine.Execute on it with eng, on the
// resume path: Reference is the record's, Body returns the journaled
// request's bytes verbatim, Journal is the worker's Store and Operation
// the record's. Execute's Begin takes the row over under a new generation,
// and it looks the reference up before anything else; it sends again only
// where SAFETY.md allows (absence proven, and a provider that refuses
// duplicates or an in-flight check), and otherwise leaves the row
// uncertain or flagged for a later pass.
//
// When the built Transaction has a Body (the generated ones do, and their
// Send encodes the request again rather than sending Body's bytes), it
// must give the journaled bytes for the reference: otherwise the resolver
// sends nothing and returns ErrBodyMismatch.
func FromTransaction[S, L any](eng *engine.Engine, build Builder[S, L]) Resolver {
	return ResolverFunc(func(ctx context.Context, j journal.Journal, rec journal.Record) error {
		tx, err := build(rec)
		if err != nil {
			return fmt.Errorf("reconciler: rebuild %s %s: %w", rec.Entry.Operation, rec.Entry.Reference, err)
		}
		ref, stored := rec.Entry.Reference, bytes.Clone(rec.Entry.Request)
		if tx.Body != nil {
			b, err := tx.Body(ref)
			if err != nil || !bytes.Equal(b, stored) {
				return errors.Join(ErrBodyMismatch, err)
			}
		}
		tx.Reference, tx.Journal, tx.Operation = ref, j, rec.Entry.Operation
		tx.Body = func(string) ([]byte, error) { return bytes.Clone(stored), nil }
		_, err = engine.Execute(ctx, eng, tx)
		return err
	})
}
