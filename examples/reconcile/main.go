// Command reconcile runs the reconciler over a journal of Click Airtime
// top-ups: it claims the transactions left unresolved (pending, uncertain,
// flagged, or left created or sending by a process that died), resolves
// each with the engine's rules, and logs one line per decision.
//
//	go run ./examples/reconcile -demo     # no setup: a fake provider and a journal in a temp dir
//	CLICKAIRTIME_EMAIL=... CLICKAIRTIME_TOKEN=... go run ./examples/reconcile -journal topups.db
//
// With -demo it starts the in-process fake provider, journals five
// top-ups as a crashed service would have left them (and one of an
// operation it has no resolver for), drains the journal and prints what
// became of each. Otherwise it runs until interrupted against the real
// provider (or -base-url), over the SQLite journal file -journal, printing
// the journal's Progress every -every.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/sqlite"
	"github.com/codebookgen/codebook/reconciler"
	"github.com/codebookgen/codebook/transport"
)

func main() {
	demo := flag.Bool("demo", false, "run against the in-process fake with a seeded journal in a temp dir")
	path := flag.String("journal", "topups.db", "the SQLite journal file")
	base := flag.String("base-url", "", "the provider's base URL (default: the spec's)")
	every := flag.Duration("every", time.Minute, "how often to print the journal's progress")
	flag.Parse()
	var err error
	if *demo {
		err = runDemo(os.Stdout)
	} else {
		err = serve(*path, *base, *every)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reconcile:", err)
		os.Exit(1)
	}
}

// serve runs the reconciler until interrupted.
func serve(path, base string, every time.Duration) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	j, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer j.Close()
	opts := []ca.Option{
		ca.WithHTTPClient(transport.SafeHTTPClient(30 * time.Second)),
		ca.WithClickAirtimeEmail(codebook.NewSecret(os.Getenv("CLICKAIRTIME_EMAIL"))),
		ca.WithClickAirtimeToken(codebook.NewSecret(os.Getenv("CLICKAIRTIME_TOKEN"))),
	}
	if base != "" {
		opts = append(opts, ca.WithBaseURL(base))
	}
	c, err := ca.NewClient(opts...)
	if err != nil {
		return err
	}
	w, err := newWorker(j, c, engine.NewEngine(engine.Policy{}), 0, slog.Default())
	if err != nil {
		return err
	}
	go monitor(ctx, w, every)
	if err := w.Run(ctx); err != context.Canceled {
		return err
	}
	return nil
}

// monitor logs the journal's progress every d: what to alert on is the
// oldest unresolved age and the flagged count.
func monitor(ctx context.Context, w *reconciler.Worker, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		if p, err := w.Progress(ctx); err == nil {
			slog.Info("journal", append(p.States(), "unresolved", p.Unresolved, "oldest_unresolved", p.OldestUnresolved)...)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// newWorker is the reconciler of Click Airtime top-ups over j. A settle
// time of zero keeps the spec's (30 s).
func newWorker(j reconciler.Store, c *ca.Client, eng *engine.Engine, settle time.Duration, log *slog.Logger) (*reconciler.Worker, error) {
	build := func(rec journal.Record) (engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse], error) {
		var body ca.TopUpRequest
		if err := json.Unmarshal(rec.Entry.Request, &body); err != nil {
			return engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse]{}, err
		}
		tx := c.TopUpTransaction(body, ca.GetTransactionsParams{}, j)
		if settle > 0 {
			tx.Settle = settle
		}
		return tx, nil
	}
	return reconciler.New(j, map[string]reconciler.Resolver{
		"topUp": reconciler.FromTransaction(eng, build),
	}, reconciler.Options{Logger: log, Poll: 5 * time.Second})
}

// tempJournal opens a SQLite journal in a new temp dir; done removes it.
func tempJournal(ctx context.Context) (j *sqlite.Journal, path string, done func(), err error) {
	dir, err := os.MkdirTemp("", "codebook-reconcile-")
	if err != nil {
		return nil, "", nil, err
	}
	path = filepath.Join(dir, "journal.db")
	j, err = sqlite.Open(ctx, path)
	if err != nil {
		os.RemoveAll(dir)
		return nil, "", nil, err
	}
	return j, path, func() { j.Close(); os.RemoveAll(dir) }, nil
}
