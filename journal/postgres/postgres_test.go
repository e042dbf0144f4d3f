package postgres

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook/internal/pgtest"
	"github.com/codebookgen/codebook/journal/journaltest"
)

var server pgtest.Server

func TestMain(m *testing.M) { os.Exit(server.Run(m)) }

func open(t *testing.T, dsn string, opts ...Option) *Journal {
	t.Helper()
	j, err := Open(context.Background(), dsn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = j.Close() })
	return j
}

// TestConformance runs the journal conformance suite on a fresh database
// per subtest of a real PostgreSQL server.
func TestConformance(t *testing.T) {
	journaltest.Run(t, func(t *testing.T, now func() time.Time) journaltest.Store {
		return open(t, server.DSN(t), WithClock(now))
	})
}

// TestDatabaseClock: without WithClock, holds are measured by the
// database's clock: a Begin with no hold is claimable at once, one with an
// hour's hold is not.
func TestDatabaseClock(t *testing.T) {
	ctx := context.Background()
	j := open(t, server.DSN(t))
	for ref, hold := range map[string]time.Duration{"now": 0, "later": time.Hour} {
		if _, err := j.Begin(ctx, journaltest.Entry(ref, ref, hold)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := j.Claim(ctx, "r", 10, time.Hour)
	if err != nil || len(got) != 1 || got[0].Entry.Reference != "now" {
		t.Fatalf("Claim = %+v, %v; want only the unheld row", got, err)
	}
	if got[0].HeldUntil.Sub(got[0].Created) < 59*time.Minute {
		t.Errorf("claimed row held until %v, created %v: want an hour's hold", got[0].HeldUntil, got[0].Created)
	}
}

// TestConcurrentOpens: processes opening one database at once all get the
// schema (the advisory lock), and it carries one version row.
func TestConcurrentOpens(t *testing.T) {
	dsn := server.DSN(t)
	var wg sync.WaitGroup
	js := make([]*Journal, 8)
	errs := make([]error, len(js))
	for i := range js {
		wg.Go(func() { js[i], errs[i] = Open(context.Background(), dsn) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("Open %d: %v", i, err)
		}
		defer js[i].Close()
	}
	var n, v int
	if err := js[0].pool.QueryRow(context.Background(), `SELECT count(*), max(version) FROM codebook_journal_schema`).Scan(&n, &v); err != nil || n != 1 || v != SchemaVersion {
		t.Errorf("schema rows %d, version %d (%v); want 1 row of version %d", n, v, err, SchemaVersion)
	}
}

// TestNewerSchemaRefused: a database written by a newer schema is refused,
// with an error saying to upgrade.
func TestNewerSchemaRefused(t *testing.T) {
	dsn := server.DSN(t)
	j := open(t, dsn)
	if _, err := j.pool.Exec(context.Background(), `UPDATE codebook_journal_schema SET version = $1`, SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	_, err := Open(context.Background(), dsn)
	if err == nil || !strings.Contains(err.Error(), "upgrade codebook") {
		t.Fatalf("Open of a newer schema = %v, want an error saying to upgrade", err)
	}
}

// TestClaimAcrossPools: reconcilers on separate pools (separate
// processes' worth of connections) claiming at once never get the same
// row while its hold lasts, and between them claim every row.
func TestClaimAcrossPools(t *testing.T) {
	ctx := context.Background()
	dsn := server.DSN(t)
	seed := open(t, dsn)
	const rows = 300
	for i := range rows {
		if _, err := seed.Begin(ctx, journaltest.Entry(strings.Repeat("r", 1+i%3)+string(rune('a'+i%26))+time.Duration(i).String(), "b", 0)); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for p := range 4 {
		j := open(t, dsn)
		wg.Go(func() {
			for {
				got, err := j.Claim(ctx, "p"+string(rune('0'+p)), 7, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, r := range got {
					seen[r.Entry.Reference]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != rows {
		t.Errorf("%d of %d rows claimed", len(seen), rows)
	}
	for ref, n := range seen {
		if n != 1 {
			t.Errorf("%s claimed %d times within its hold", ref, n)
		}
	}
}
