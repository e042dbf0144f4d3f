// Package postgres is a journal.Journal in PostgreSQL (pgx v5, pgxpool),
// for services that run many instances: the same behaviour as
// journal/sqlite, shared by every process that opens the same database.
//
// Durability is the server's: a step is committed (and, with PostgreSQL's
// default synchronous_commit=on, flushed to the WAL) before Begin or
// Record returns, and a step whose write failed is reported as an error,
// so the engine does not take it.
//
// Claim hands out rows with UPDATE … WHERE ref IN (SELECT … FOR UPDATE
// SKIP LOCKED LIMIT n) RETURNING …: reconcilers in many processes never
// wait on each other's rows and never get the same one while its hold
// lasts. Every Record's UPDATE carries the writer's generation in its
// WHERE, so a writer that lost its transaction (to a takeover or a claim)
// changes nothing. Holds are measured by the database's clock (now()),
// so the instances' clocks need not agree.
//
// The schema (tables codebook_journal and codebook_journal_schema, with
// a version) is created on Open under an advisory lock, so several
// processes may open the database at once.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/internal/jrow"
)

// SchemaVersion is the version of the schema this package writes.
const SchemaVersion = 1

// schemaLock is the advisory lock key Open holds while it creates the
// schema ("codebook" in ASCII).
const schemaLock = 0x636f6465626f6f6b

// Journal is a journal.Journal stored in PostgreSQL, with the Claim, Get
// and Stats a reconciler uses. It is safe for concurrent use.
type Journal struct {
	pool *pgxpool.Pool
	now  func() time.Time // nil: the database's now()
}

// The engine writes through it.
var _ journal.Journal = (*Journal)(nil)

// Option changes how Open sets a journal up.
type Option func(*Journal)

// WithClock makes the journal read the time from now instead of the
// database's clock (tests). Every process sharing the database must then
// agree on the time.
func WithClock(now func() time.Time) Option { return func(j *Journal) { j.now = now } }

const schema = `
CREATE TABLE IF NOT EXISTS codebook_journal_schema (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS codebook_journal (
	ref         text PRIMARY KEY,
	operation   text NOT NULL,
	fingerprint bytea NOT NULL,
	request     bytea NOT NULL,
	hold_ns     bigint NOT NULL,
	state       text NOT NULL,
	attempt     integer NOT NULL,
	outcome     text NOT NULL,
	retry       text NOT NULL,
	fault       text NOT NULL,
	category    text NOT NULL,
	note        text NOT NULL,
	release_ns  bigint NOT NULL,
	generation  bigint NOT NULL,
	owner       text NOT NULL,
	created     timestamptz NOT NULL,
	updated     timestamptz NOT NULL,
	held_until  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS codebook_journal_unresolved ON codebook_journal (created, ref COLLATE "C") WHERE state NOT IN (` + jrow.Final + `);
`

// nowSQL is the time of a statement: the clock's ($1) or the database's.
const nowSQL = `COALESCE($1::timestamptz, now())`

// Open connects to the database dsn names (a libpq connection string or
// URL; pgxpool's pool_max_conns and the like apply) and creates or checks
// the schema.
func Open(ctx context.Context, dsn string, opts ...Option) (*Journal, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("codebook journal/postgres: open: %w", err)
	}
	j := &Journal{pool: pool}
	for _, o := range opts {
		o(j)
	}
	if err := j.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("codebook journal/postgres: %w", err)
	}
	return j, nil
}

// migrate creates the schema under the advisory lock, or checks that the
// database's is one this package reads.
func (j *Journal) migrate(ctx context.Context) error {
	return pgx.BeginFunc(ctx, j.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(schemaLock)); err != nil {
			return fmt.Errorf("taking the schema lock: %w", err)
		}
		if _, err := tx.Exec(ctx, schema); err != nil {
			return fmt.Errorf("creating the schema: %w", err)
		}
		var v int
		switch err := tx.QueryRow(ctx, `SELECT version FROM codebook_journal_schema`).Scan(&v); {
		case errors.Is(err, pgx.ErrNoRows):
			_, err = tx.Exec(ctx, `INSERT INTO codebook_journal_schema (version) VALUES ($1)`, SchemaVersion)
			return err
		case err != nil:
			return err
		case v > SchemaVersion:
			return fmt.Errorf("the journal's schema is version %d, newer than this build's %d: upgrade codebook", v, SchemaVersion)
		}
		return nil
	})
}

// Close closes the pool's connections.
func (j *Journal) Close() error {
	j.pool.Close()
	return nil
}

// clock is the $1 of every statement: the clock's time, or nil for the
// database's now().
func (j *Journal) clock() any {
	if j.now == nil {
		return nil
	}
	return j.now()
}

// micros is d in whole microseconds, PostgreSQL's resolution.
func micros(d time.Duration) int64 { return d.Microseconds() }

// Begin records e as created, or takes over the unresolved transaction
// already recorded under its reference with the same fingerprint (the
// generation grows; the last step is kept).
func (j *Journal) Begin(ctx context.Context, e journal.Entry) (int64, error) {
	if err := jrow.CheckEntry(e); err != nil {
		return 0, err
	}
	now := j.clock()
	o, r, f, c := jrow.ClassNames(codebook.Unknown())
	var gen int64
	err := j.pool.QueryRow(ctx, `INSERT INTO codebook_journal VALUES ($2, $3, $4, $5, $6, 'created', 0, $7, $8, $9, $10, '', 0, 1, '',
		`+nowSQL+`, `+nowSQL+`, `+nowSQL+` + $11 * interval '1 microsecond') ON CONFLICT (ref) DO NOTHING RETURNING generation`,
		now, e.Reference, e.Operation, e.Fingerprint[:], jrow.NonNil(e.Request), int64(e.Hold), o, r, f, c, micros(e.Hold)).Scan(&gen)
	if !errors.Is(err, pgx.ErrNoRows) {
		return gen, wrap(err, "begin", e.Reference)
	}
	err = j.pool.QueryRow(ctx, `UPDATE codebook_journal SET operation = $2, request = $3, hold_ns = $4, generation = generation + 1,
		owner = '', updated = `+nowSQL+`, held_until = `+nowSQL+` + $5 * interval '1 microsecond'
		WHERE ref = $6 AND fingerprint = $7 AND state NOT IN (`+jrow.Final+`) RETURNING generation`,
		now, e.Operation, jrow.NonNil(e.Request), int64(e.Hold), micros(e.Hold), e.Reference, e.Fingerprint[:]).Scan(&gen)
	if !errors.Is(err, pgx.ErrNoRows) {
		return gen, wrap(err, "begin", e.Reference)
	}
	var fp []byte
	var state string
	if err := j.pool.QueryRow(ctx, `SELECT fingerprint, state FROM codebook_journal WHERE ref = $1`, e.Reference).Scan(&fp, &state); err != nil {
		return 0, wrap(err, "begin", e.Reference)
	}
	stored, err := jrow.Fingerprint(fp)
	if err != nil {
		return 0, err
	}
	st, err := journal.ParseState(state)
	if err != nil {
		return 0, err
	}
	return 0, jrow.BeginRefusal(stored, e.Fingerprint, st)
}

// Record writes step s of ref for the writer of generation gen; a newer
// generation or a final state refuses it. A NUL or bytes that are not
// UTF-8 in s.Note are stored as U+FFFD (text columns refuse them).
func (j *Journal) Record(ctx context.Context, ref string, gen int64, s journal.Step) error {
	if err := jrow.CheckStep(s); err != nil {
		return err
	}
	o, r, f, c := jrow.ClassNames(s.Class)
	tag, err := j.pool.Exec(ctx, `UPDATE codebook_journal SET state = $2, attempt = $3, outcome = $4, retry = $5, fault = $6, category = $7,
		note = $8, release_ns = $9, updated = `+nowSQL+`,
		held_until = CASE WHEN $9::bigint > 0 THEN `+nowSQL+` + $10 * interval '1 microsecond' ELSE held_until END
		WHERE ref = $11 AND generation = $12 AND state NOT IN (`+jrow.Final+`)`,
		j.clock(), s.State.String(), s.Attempt, o, r, f, c, jrow.Text(s.Note), int64(s.Release), micros(s.Release), ref, gen)
	if err != nil {
		return wrap(err, "record", ref)
	}
	if tag.RowsAffected() == 1 {
		return nil
	}
	var state string
	var stored int64
	switch err := j.pool.QueryRow(ctx, `SELECT state, generation FROM codebook_journal WHERE ref = $1`, ref).Scan(&state, &stored); {
	case errors.Is(err, pgx.ErrNoRows):
		return codebook.ErrJournalUnknown
	case err != nil:
		return wrap(err, "record", ref)
	}
	st, err := journal.ParseState(state)
	if err != nil {
		return err
	}
	return jrow.RecordRefusal(st, stored, gen)
}

// columns are the journal's columns in the order scan reads them.
const columns = `ref, operation, fingerprint, request, hold_ns, state, attempt, outcome, retry, fault, category,
	note, release_ns, generation, owner, created, updated, held_until`

// Claim hands owner up to max unresolved transactions whose hold has
// lapsed, oldest first, in one statement: rows another reconciler is
// claiming are skipped, not waited for; each claimed row's generation
// grows (fencing its previous writer) and it is held for hold.
func (j *Journal) Claim(ctx context.Context, owner string, max int, hold time.Duration) ([]journal.Record, error) {
	if max < 1 {
		return nil, nil
	}
	rows, err := j.pool.Query(ctx, `UPDATE codebook_journal SET generation = generation + 1, owner = $2,
		held_until = `+nowSQL+` + $3 * interval '1 microsecond'
		WHERE ref IN (SELECT ref FROM codebook_journal WHERE state NOT IN (`+jrow.Final+`) AND held_until <= `+nowSQL+`
			ORDER BY created, ref COLLATE "C" LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING `+columns, j.clock(), owner, micros(hold), max)
	if err != nil {
		return nil, wrap(err, "claim", owner)
	}
	out, err := scanAll(rows)
	if err != nil {
		return nil, err
	}
	jrow.SortOldest(out)
	return out, nil
}

// Get returns the transaction recorded under ref.
func (j *Journal) Get(ctx context.Context, ref string) (journal.Record, error) {
	rows, err := j.pool.Query(ctx, `SELECT `+columns+` FROM codebook_journal WHERE ref = $1`, ref)
	if err != nil {
		return journal.Record{}, wrap(err, "get", ref)
	}
	rs, err := scanAll(rows)
	switch {
	case err != nil:
		return journal.Record{}, err
	case len(rs) == 0:
		return journal.Record{}, codebook.ErrJournalUnknown
	}
	return rs[0], nil
}

// Stats counts the transactions by state and finds the creation time of
// the oldest unresolved one.
func (j *Journal) Stats(ctx context.Context) (journal.Stats, error) {
	st := journal.Stats{Counts: map[journal.State]int{}}
	rows, err := j.pool.Query(ctx, `SELECT state, count(*) FROM codebook_journal GROUP BY state`)
	if err != nil {
		return st, wrap(err, "stats", "")
	}
	var name string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&name, &n}, func() error {
		s, err := journal.ParseState(name)
		st.Counts[s] = n
		return err
	})
	if err != nil {
		return st, wrap(err, "stats", "")
	}
	var oldest *time.Time
	if err := j.pool.QueryRow(ctx, `SELECT min(created) FROM codebook_journal WHERE state NOT IN (`+jrow.Final+`)`).Scan(&oldest); err != nil {
		return st, wrap(err, "stats", "")
	}
	if oldest != nil {
		st.OldestUnresolved = *oldest
	}
	return st, nil
}

// scanAll reads every row of rows (in columns' order) and closes it.
func scanAll(rows pgx.Rows) ([]journal.Record, error) {
	defer rows.Close()
	var out []journal.Record
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, wrap(rows.Err(), "read", "")
}

// scan reads one row in columns' order.
func scan(rows pgx.Rows) (journal.Record, error) {
	var w jrow.Row
	if err := rows.Scan(append(w.Dest(), &w.Rec.Created, &w.Rec.Updated, &w.Rec.HeldUntil)...); err != nil {
		return w.Rec, wrap(err, "read", "")
	}
	return w.Record()
}

// wrap names the operation and reference of a database error.
func wrap(err error, op, ref string) error {
	if err == nil {
		return nil
	}
	if ref != "" {
		op += " " + ref
	}
	return fmt.Errorf("codebook journal/postgres: %s: %w", op, err)
}
