package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/internal/jrow"
	"github.com/codebookgen/codebook/journal/journaltest"
)

// TestConformance runs the journal conformance suite on a fresh file per
// subtest.
func TestConformance(t *testing.T) {
	journaltest.Run(t, func(t *testing.T, now func() time.Time) journaltest.Store {
		return open(t, filepath.Join(t.TempDir(), "journal.db"), WithClock(now))
	})
}

func open(t *testing.T, path string, opts ...Option) *Journal {
	t.Helper()
	j, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := j.Close(); err != nil {
			t.Error(err)
		}
	})
	return j
}

// TestPragmasInEffect: every connection of the pool is in WAL mode with
// synchronous=FULL and the busy timeout (the durability the package doc
// states).
func TestPragmasInEffect(t *testing.T) {
	j := open(t, filepath.Join(t.TempDir(), "journal.db"))
	ctx := context.Background()
	// Hold several connections at once, so the pool opens more than one.
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 4 {
		wg.Go(func() {
			conn, err := j.db.Conn(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			<-start
			var mode string
			var sync, busy int
			for q, dst := range map[string]any{"PRAGMA journal_mode": &mode, "PRAGMA synchronous": &sync, "PRAGMA busy_timeout": &busy} {
				if err := conn.QueryRowContext(ctx, q).Scan(dst); err != nil {
					t.Errorf("conn %d: %s: %v", i, q, err)
				}
			}
			if mode != "wal" || sync != 2 || busy != int(BusyTimeout.Milliseconds()) {
				t.Errorf("conn %d: journal_mode=%s synchronous=%d busy_timeout=%d; want wal, 2 (FULL), %d", i, mode, sync, busy, BusyTimeout.Milliseconds())
			}
		})
	}
	close(start)
	wg.Wait()
}

// TestReopenKeepsRecords: a second Open of the file (a restarted
// process) reads what the first wrote, and the schema version is kept.
func TestReopenKeepsRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	ctx := context.Background()
	j, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Begin(ctx, journaltest.Entry("kept", "body", time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j2 := open(t, path)
	r, err := j2.Get(ctx, "kept")
	if err != nil || string(r.Entry.Request) != "body" {
		t.Fatalf("after reopening: %+v, %v", r, err)
	}
	var v, n int
	if err := j2.db.QueryRowContext(ctx, `SELECT max(version), count(*) FROM schema_version`).Scan(&v, &n); err != nil || v != SchemaVersion || n != 1 {
		t.Errorf("schema_version after two opens: version %d in %d rows (%v), want %d in 1", v, n, err, SchemaVersion)
	}
}

// TestNewerSchemaRefused: a file written by a newer schema is refused,
// with an error saying to upgrade.
func TestNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	j := open(t, path)
	if _, err := j.db.Exec(`UPDATE schema_version SET version = ?`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), path)
	if err == nil || !strings.Contains(err.Error(), "upgrade codebook") {
		t.Fatalf("Open of a newer schema = %v, want an error saying to upgrade", err)
	}
}

// TestTwoHandlesShareTheFile: two Journals on one file (two processes'
// worth of connections) see each other's writes and fence each other.
func TestTwoHandlesShareTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	ctx := context.Background()
	a, b := open(t, path), open(t, path)
	gen, err := a.Begin(ctx, journaltest.Entry("shared", "body", 0))
	if err != nil {
		t.Fatal(err)
	}
	claimed, err := b.Claim(ctx, "b", 10, time.Hour)
	if err != nil || len(claimed) != 1 || claimed[0].Generation != gen+1 {
		t.Fatalf("the other handle's Claim = %+v, %v", claimed, err)
	}
	if more, err := a.Claim(ctx, "a", 10, time.Hour); err != nil || len(more) != 0 {
		t.Fatalf("a claimed row was claimed again through the other handle: %+v, %v", more, err)
	}
}

// TestConcurrentHandles: two Journals on one file (two processes' worth
// of connections, each with its own write lock in Go) writing and
// claiming at once never fail with SQLITE_BUSY: BEGIN IMMEDIATE and the
// busy timeout make them wait for each other.
func TestConcurrentHandles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	ctx := context.Background()
	handles := []*Journal{open(t, path), open(t, path)}
	var wg sync.WaitGroup
	for h, j := range handles {
		for g := range 4 {
			wg.Go(func() {
				for i := range 25 {
					ref := fmt.Sprintf("h%d-g%d-%d", h, g, i)
					gen, err := j.Begin(ctx, journaltest.Entry(ref, ref, 0))
					if err == nil {
						err = j.Record(ctx, ref, gen, journal.Step{State: journal.StateSending, Attempt: 1})
					}
					if err != nil && !errors.Is(err, codebook.ErrJournalFenced) {
						t.Errorf("%s: %v", ref, err)
					}
					if _, err := j.Claim(ctx, ref, 2, time.Hour); err != nil {
						t.Errorf("Claim: %v", err)
					}
				}
			})
		}
	}
	wg.Wait()
	st, err := handles[0].Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Counts[journal.StateCreated] + st.Counts[journal.StateSending]; n != 200 {
		t.Errorf("%d transactions recorded, want 200 (counts %v)", n, st.Counts)
	}
}

// TestClaimUsesTheIndex: Claim finds due rows through the partial index
// of unresolved rows, not by scanning every transaction ever journaled.
func TestClaimUsesTheIndex(t *testing.T) {
	j := open(t, filepath.Join(t.TempDir(), "journal.db"))
	rows, err := j.db.Query(`EXPLAIN QUERY PLAN SELECT ref FROM journal WHERE state NOT IN (`+jrow.Final+`) AND held_until_ns <= ?
		ORDER BY created_ns, ref LIMIT ?`, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	t.Logf("plan: %s", strings.Join(plan, "; "))
	if p := strings.Join(plan, "; "); !strings.Contains(p, "journal_unresolved") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("Claim's plan: %s; want the journal_unresolved index, in order", p)
	}
}
