// Package sqlite is a journal.Journal in one SQLite file, the embedded
// default: a pure-Go driver (modernc.org/sqlite), so nothing needs a C
// toolchain. In WAL mode SQLite keeps two files beside it while it is
// open (path-wal, path-shm); copy all three, or none, while it runs.
//
// Durability: the file is in WAL mode with synchronous=FULL, so every
// committed step is on disk (the WAL is synced at each commit) before
// Begin or Record returns, and a step whose write failed is reported as
// an error, so the engine does not take it. A power loss cannot undo a
// step the engine acted on. (synchronous=NORMAL would be faster, but in
// WAL mode it may lose the last commits on power loss: a "sending" step
// lost after the request left would let a restart think nothing was sent.)
//
// Every write runs in a BEGIN IMMEDIATE transaction, and connections wait
// up to BusyTimeout for a lock, so several processes may share the file
// (an Execute in one, a reconciler in another). Claim hands out rows in
// one such transaction, so two reconcilers never hold the same row.
//
// The schema is created on Open and carries a version (table
// schema_version), so that a later release can migrate it; Open refuses
// a file whose schema is newer than this package's.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/internal/jrow"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SchemaVersion is the version of the schema this package writes.
const SchemaVersion = 1

// BusyTimeout is how long a connection waits for another's lock before a
// write fails with SQLITE_BUSY.
const BusyTimeout = 10 * time.Second

// Journal is a journal.Journal stored in a SQLite file, with the Claim,
// Get and Stats a reconciler uses. It is safe for concurrent use, and
// several processes may open the same file.
type Journal struct {
	db  *sql.DB
	now func() time.Time
	// write serialises this process's writes, so that they queue in Go
	// instead of spinning on SQLite's busy handler; other processes are
	// kept out by BEGIN IMMEDIATE.
	write sync.Mutex
}

// The engine writes through it.
var _ journal.Journal = (*Journal)(nil)

// Option changes how Open sets a journal up.
type Option func(*Journal)

// WithClock makes the journal read the time from now (tests); the
// default is time.Now.
func WithClock(now func() time.Time) Option { return func(j *Journal) { j.now = now } }

const schema = `
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
	ref           TEXT PRIMARY KEY,
	operation     TEXT NOT NULL,
	fingerprint   BLOB NOT NULL,
	request       BLOB NOT NULL,
	hold_ns       INTEGER NOT NULL,
	state         TEXT NOT NULL,
	attempt       INTEGER NOT NULL,
	outcome       TEXT NOT NULL,
	retry         TEXT NOT NULL,
	fault         TEXT NOT NULL,
	category      TEXT NOT NULL,
	note          TEXT NOT NULL,
	release_ns    INTEGER NOT NULL,
	generation    INTEGER NOT NULL,
	owner         TEXT NOT NULL,
	created_ns    INTEGER NOT NULL,
	updated_ns    INTEGER NOT NULL,
	held_until_ns INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS journal_unresolved ON journal (created_ns, ref) WHERE state NOT IN (` + jrow.Final + `);
`

// Open opens (creating it if needed) the journal in the SQLite file at
// path, in WAL mode with synchronous=FULL, and creates or checks its
// schema.
func Open(ctx context.Context, path string, opts ...Option) (*Journal, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("codebook journal/sqlite: %q is not a usable file name (give a path without '?' or '#')", path)
	}
	dsn := path + fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate", BusyTimeout.Milliseconds())
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("codebook journal/sqlite: open %s: %w", path, err)
	}
	j := &Journal{db: db, now: time.Now}
	for _, o := range opts {
		o(j)
	}
	j.now = jrow.Clock(j.now)
	if err := j.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("codebook journal/sqlite: %s: %w", path, err)
	}
	return j, nil
}

// migrate creates the schema, or checks that the file's is one this
// package reads.
func (j *Journal) migrate(ctx context.Context) error {
	return j.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, schema); err != nil {
			return fmt.Errorf("creating the schema: %w", err)
		}
		var v int
		switch err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (?)`, SchemaVersion)
			return err
		case err != nil:
			return err
		case v > SchemaVersion:
			return fmt.Errorf("the journal's schema is version %d, newer than this build's %d: upgrade codebook", v, SchemaVersion)
		}
		return nil
	})
}

// Close closes the database.
func (j *Journal) Close() error { return j.db.Close() }

// tx runs f in one BEGIN IMMEDIATE transaction and commits it.
func (j *Journal) tx(ctx context.Context, f func(*sql.Tx) error) error {
	j.write.Lock()
	defer j.write.Unlock()
	tx, err := j.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("codebook journal/sqlite: begin a transaction: %w", err)
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("codebook journal/sqlite: commit: %w", err)
	}
	return nil
}

// Begin records e as created, or takes over the unresolved transaction
// already recorded under its reference with the same fingerprint (the
// generation grows; the last step is kept).
func (j *Journal) Begin(ctx context.Context, e journal.Entry) (int64, error) {
	if err := jrow.CheckEntry(e); err != nil {
		return 0, err
	}
	var gen int64
	err := j.tx(ctx, func(tx *sql.Tx) error {
		now := j.now().UnixNano()
		o, r, f, c := jrow.ClassNames(codebook.Unknown())
		res, err := tx.ExecContext(ctx, `INSERT INTO journal VALUES (?,?,?,?,?, ?,0,?,?,?,?,'',0, 1,'',?,?,?) ON CONFLICT (ref) DO NOTHING`,
			e.Reference, e.Operation, e.Fingerprint[:], jrow.NonNil(e.Request), int64(e.Hold),
			journal.StateCreated.String(), o, r, f, c, now, now, now+int64(e.Hold))
		if err != nil {
			return fmt.Errorf("codebook journal/sqlite: begin %s: %w", e.Reference, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			gen = 1
			return nil
		}
		err = tx.QueryRowContext(ctx, `UPDATE journal SET operation = ?, request = ?, hold_ns = ?, generation = generation + 1,
			owner = '', updated_ns = ?, held_until_ns = ? WHERE ref = ? AND fingerprint = ? AND state NOT IN (`+jrow.Final+`) RETURNING generation`,
			e.Operation, jrow.NonNil(e.Request), int64(e.Hold), now, now+int64(e.Hold), e.Reference, e.Fingerprint[:]).Scan(&gen)
		if errors.Is(err, sql.ErrNoRows) {
			return j.beginRefusal(ctx, tx, e)
		}
		return err
	})
	return gen, err
}

// beginRefusal names why a takeover of e's reference changed nothing.
func (j *Journal) beginRefusal(ctx context.Context, tx *sql.Tx, e journal.Entry) error {
	var fp []byte
	var state string
	if err := tx.QueryRowContext(ctx, `SELECT fingerprint, state FROM journal WHERE ref = ?`, e.Reference).Scan(&fp, &state); err != nil {
		return fmt.Errorf("codebook journal/sqlite: begin %s: %w", e.Reference, err)
	}
	stored, err := jrow.Fingerprint(fp)
	if err != nil {
		return err
	}
	st, err := journal.ParseState(state)
	if err != nil {
		return err
	}
	return jrow.BeginRefusal(stored, e.Fingerprint, st)
}

// Record writes step s of ref for the writer of generation gen; a newer
// generation or a final state refuses it.
func (j *Journal) Record(ctx context.Context, ref string, gen int64, s journal.Step) error {
	if err := jrow.CheckStep(s); err != nil {
		return err
	}
	return j.tx(ctx, func(tx *sql.Tx) error {
		now := j.now().UnixNano()
		o, r, f, c := jrow.ClassNames(s.Class)
		res, err := tx.ExecContext(ctx, `UPDATE journal SET state = ?, attempt = ?, outcome = ?, retry = ?, fault = ?, category = ?,
			note = ?, release_ns = ?, updated_ns = ?, held_until_ns = CASE WHEN ? > 0 THEN ? ELSE held_until_ns END
			WHERE ref = ? AND generation = ? AND state NOT IN (`+jrow.Final+`)`,
			s.State.String(), s.Attempt, o, r, f, c, s.Note, int64(s.Release), now, int64(s.Release), now+int64(s.Release), ref, gen)
		if err != nil {
			return fmt.Errorf("codebook journal/sqlite: record %s %s: %w", ref, s.State, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var state string
		var stored int64
		switch err := tx.QueryRowContext(ctx, `SELECT state, generation FROM journal WHERE ref = ?`, ref).Scan(&state, &stored); {
		case errors.Is(err, sql.ErrNoRows):
			return codebook.ErrJournalUnknown
		case err != nil:
			return fmt.Errorf("codebook journal/sqlite: record %s: %w", ref, err)
		}
		st, err := journal.ParseState(state)
		if err != nil {
			return err
		}
		return jrow.RecordRefusal(st, stored, gen)
	})
}

// columns are the journal's columns in the order scan reads them.
const columns = `ref, operation, fingerprint, request, hold_ns, state, attempt, outcome, retry, fault, category,
	note, release_ns, generation, owner, created_ns, updated_ns, held_until_ns`

// Claim hands owner up to max unresolved transactions whose hold has
// lapsed, oldest first, in one transaction: each one's generation grows
// (fencing its previous writer) and it is held for hold.
func (j *Journal) Claim(ctx context.Context, owner string, max int, hold time.Duration) ([]journal.Record, error) {
	if max < 1 {
		return nil, nil
	}
	var out []journal.Record
	err := j.tx(ctx, func(tx *sql.Tx) error {
		now := j.now().UnixNano()
		rows, err := tx.QueryContext(ctx, `UPDATE journal SET generation = generation + 1, owner = ?, held_until_ns = ?
			WHERE ref IN (SELECT ref FROM journal WHERE state NOT IN (`+jrow.Final+`) AND held_until_ns <= ?
				ORDER BY created_ns, ref LIMIT ?)
			RETURNING `+columns, owner, now+int64(hold), now, max)
		if err != nil {
			return fmt.Errorf("codebook journal/sqlite: claim: %w", err)
		}
		out, err = scanAll(rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	jrow.SortOldest(out)
	return out, nil
}

// Get returns the transaction recorded under ref.
func (j *Journal) Get(ctx context.Context, ref string) (journal.Record, error) {
	rows, err := j.db.QueryContext(ctx, `SELECT `+columns+` FROM journal WHERE ref = ?`, ref)
	if err != nil {
		return journal.Record{}, fmt.Errorf("codebook journal/sqlite: get %s: %w", ref, err)
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
	rows, err := j.db.QueryContext(ctx, `SELECT state, count(*) FROM journal GROUP BY state`)
	if err != nil {
		return st, fmt.Errorf("codebook journal/sqlite: stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return st, err
		}
		s, err := journal.ParseState(name)
		if err != nil {
			return st, err
		}
		st.Counts[s] = n
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	var oldest sql.NullInt64
	if err := j.db.QueryRowContext(ctx, `SELECT min(created_ns) FROM journal WHERE state NOT IN (`+jrow.Final+`)`).Scan(&oldest); err != nil {
		return st, fmt.Errorf("codebook journal/sqlite: stats: %w", err)
	}
	if oldest.Valid {
		st.OldestUnresolved = time.Unix(0, oldest.Int64)
	}
	return st, nil
}

// scanAll reads every row of rows (in columns' order) and closes it.
func scanAll(rows *sql.Rows) ([]journal.Record, error) {
	defer rows.Close()
	var out []journal.Record
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scan reads one row in columns' order.
func scan(rows *sql.Rows) (journal.Record, error) {
	var (
		w                           jrow.Row
		created, updated, heldUntil int64
	)
	if err := rows.Scan(append(w.Dest(), &created, &updated, &heldUntil)...); err != nil {
		return w.Rec, fmt.Errorf("codebook journal/sqlite: reading a row: %w", err)
	}
	r, err := w.Record()
	r.Created, r.Updated, r.HeldUntil = time.Unix(0, created), time.Unix(0, updated), time.Unix(0, heldUntil)
	return r, err
}
