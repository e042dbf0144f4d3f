// Package jrow holds what the durable journals (journal/sqlite,
// journal/postgres) share: the checks journal.Memory makes before
// a write, the names a class is stored under, and the error a refused
// write reports. It keeps the stores' rules identical to the reference.
package jrow

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// CheckEntry refuses an entry a journal could not act on later: no
// reference, or a fingerprint that is not the request's SHA-256.
func CheckEntry(e journal.Entry) error {
	if e.Reference == "" {
		return errors.New("codebook journal: a journal entry needs a reference")
	}
	if journal.FingerprintOf(e.Request) != e.Fingerprint {
		return fmt.Errorf("codebook journal: entry %s: the fingerprint is not the request's SHA-256 (set it with journal.FingerprintOf(Request))", e.Reference)
	}
	return nil
}

// CheckStep refuses a step whose state is not a journal state.
func CheckStep(s journal.Step) error {
	if s.State < journal.StateCreated || s.State > journal.StateFlagged {
		return fmt.Errorf("codebook journal: %s is not a journal state (use the journal.Journal* constants)", s.State)
	}
	return nil
}

// Final lists the names of the final states, for SQL: 'succeeded', 'failed'.
const Final = "'succeeded', 'failed'"

// ClassNames returns the names c's four fields are stored under.
func ClassNames(c codebook.Class) (outcome, retry, fault, category string) {
	return c.Outcome.String(), c.Retry.String(), c.Fault.String(), c.Category.String()
}

// ParseClass reads a class back from its stored names.
func ParseClass(outcome, retry, fault, category string) (codebook.Class, error) {
	var c codebook.Class
	var err [4]error
	c.Outcome, err[0] = codebook.ParseOutcome(outcome)
	c.Retry, err[1] = codebook.ParseRetry(retry)
	c.Fault, err[2] = codebook.ParseFault(fault)
	c.Category, err[3] = codebook.ParseCategory(category)
	if e := errors.Join(err[:]...); e != nil {
		return codebook.Class{}, fmt.Errorf("codebook journal: a stored class is unreadable (written by a newer codebook?): %w", e)
	}
	return c, nil
}

// BeginRefusal is the error of a Begin that could not take over the
// record holding storedFP in state: ErrReferenceReused before
// ErrJournalFinal, as journal.Memory reports them.
func BeginRefusal(storedFP, fp journal.Fingerprint, state journal.State) error {
	switch {
	case storedFP != fp:
		return codebook.ErrReferenceReused
	case state.Final():
		return codebook.ErrJournalFinal
	}
	return fmt.Errorf("codebook journal: a takeover was refused for no known reason (state %s): retry the Begin", state)
}

// RecordRefusal is the error of a Record by the writer of gen that
// changed nothing: ErrJournalFinal before ErrJournalFenced.
func RecordRefusal(state journal.State, stored, gen int64) error {
	switch {
	case state.Final():
		return codebook.ErrJournalFinal
	case stored != gen:
		return codebook.ErrJournalFenced
	}
	return fmt.Errorf("codebook journal: a step was refused for no known reason (state %s, generation %d): retry the Record", state, gen)
}

// Fingerprint reads a stored fingerprint.
func Fingerprint(b []byte) (journal.Fingerprint, error) {
	var fp journal.Fingerprint
	if len(b) != len(fp) {
		return fp, fmt.Errorf("codebook journal: a stored fingerprint has %d bytes, not %d: the journal is damaged", len(b), len(fp))
	}
	copy(fp[:], b)
	return fp, nil
}

// Clock returns now, or time.Now when now is nil.
func Clock(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// SortOldest orders records by creation, then reference, as Claim hands
// them out (SQL's RETURNING keeps no order).
func SortOldest(rs []journal.Record) {
	slices.SortFunc(rs, func(a, b journal.Record) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Entry.Reference, b.Entry.Reference)
	})
}

// Text makes s storable in a PostgreSQL text column: a NUL byte and bytes
// that are not UTF-8 become U+FFFD, so that a note quoting a provider's
// odd text never makes a step's write fail.
func Text(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", "\uFFFD"), "\uFFFD")
}

// Row is one journal row as a driver scans it, in the drivers' column order
// up to the owner: the record, and the columns that need decoding held raw
// (the fingerprint's bytes, the state's and the class's names, the hold and
// the release in nanoseconds). The times that follow are the driver's.
type Row struct {
	Rec                                    journal.Record
	FP                                     []byte
	State, Outcome, Retry, Fault, Category string
	Hold, Release                          int64
}

// Dest returns the scan destinations of the row's columns from ref to
// owner, in order; a driver appends those of created, updated and
// held_until.
func (w *Row) Dest() []any {
	r := &w.Rec
	return []any{&r.Entry.Reference, &r.Entry.Operation, &w.FP, &r.Entry.Request, &w.Hold, &w.State, &r.Step.Attempt,
		&w.Outcome, &w.Retry, &w.Fault, &w.Category, &r.Step.Note, &w.Release, &r.Generation, &r.Owner}
}

// Record decodes the raw columns into the record and returns it; an error
// says the journal is damaged.
func (w *Row) Record() (journal.Record, error) {
	r := w.Rec
	var err error
	if r.Entry.Fingerprint, err = Fingerprint(w.FP); err != nil {
		return r, err
	}
	if r.Step.State, err = journal.ParseState(w.State); err != nil {
		return r, err
	}
	if r.Step.Class, err = ParseClass(w.Outcome, w.Retry, w.Fault, w.Category); err != nil {
		return r, err
	}
	r.Entry.Hold, r.Step.Release = time.Duration(w.Hold), time.Duration(w.Release)
	return r, nil
}

// NonNil returns b, or an empty slice for nil: a NOT NULL bytes column.
func NonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
