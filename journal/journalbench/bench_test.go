package journalbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/pgtest"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/journaltest"
	"github.com/codebookgen/codebook/journal/postgres"
	"github.com/codebookgen/codebook/journal/sqlite"
)

// server keeps fsync on: the figures include the server's syncs.
var server = pgtest.Server{Durable: true}

func TestMain(m *testing.M) { os.Exit(server.Run(m)) }

// backend opens one store for a benchmark and closes it with b.Cleanup.
type backend struct {
	name string
	open func(b *testing.B) journaltest.Store
}

var backends = []backend{
	{"memory", func(*testing.B) journaltest.Store { return &journal.Memory{} }},
	{"sqlite", func(b *testing.B) journaltest.Store {
		j, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "journal.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = j.Close() })
		return j
	}},
	{"postgres", func(b *testing.B) journaltest.Store {
		// pgxpool's default of max(4, CPUs) connections would cap 16 callers.
		j, err := postgres.Open(context.Background(), server.DSN(b)+" pool_max_conns=16")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = j.Close() })
		return j
	}},
}

// BenchmarkTransaction journals b.N transactions (Begin, sending,
// succeeded: three durable writes each) split across 1, 4 and 16
// concurrent callers; ns/op is wall time per transaction, tx/s its
// inverse.
func BenchmarkTransaction(b *testing.B) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			var seq atomic.Int64 // references stay unique across b.N rounds
			for _, callers := range []int{1, 4, 16} {
				b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) { run(b, s, callers, &seq) })
			}
		})
	}
}

// run journals b.N transactions with callers goroutines.
func run(b *testing.B, s journaltest.Store, callers int, seq *atomic.Int64) {
	ctx := context.Background()
	body := []byte(`{"msisdn":"263719545499","amount":100,"extRefId":"ref"}`)
	fp := journal.FingerprintOf(body)
	var left atomic.Int64
	left.Store(int64(b.N))
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range callers {
		wg.Go(func() {
			for left.Add(-1) >= 0 {
				ref := fmt.Sprintf("bench-%d", seq.Add(1))
				if err := transaction(ctx, s, journal.Entry{Reference: ref, Operation: "topUp", Fingerprint: fp, Request: body, Hold: time.Minute}); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tx/s")
}

// transaction is what the engine journals for a top-up answered at once.
func transaction(ctx context.Context, s journaltest.Store, e journal.Entry) error {
	gen, err := s.Begin(ctx, e)
	if err != nil {
		return err
	}
	if err := s.Record(ctx, e.Reference, gen, journal.Step{State: journal.StateSending, Attempt: 1}); err != nil {
		return err
	}
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	return s.Record(ctx, e.Reference, gen, journal.Step{State: journal.StateSucceeded, Class: success})
}
