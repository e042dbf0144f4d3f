package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/codebookgen/codebook/engine"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/sqlite"
	"github.com/codebookgen/codebook/reconciler"
)

// openJournal opens the SQLite journal at path, or in a new temp dir when
// path is empty; done closes it (and removes the temp dir).
func openJournal(ctx context.Context, path string) (j *sqlite.Journal, at string, done func(), err error) {
	dir := ""
	if path == "" {
		if dir, err = os.MkdirTemp("", "codebook-topup-"); err != nil {
			return nil, "", nil, err
		}
		path = filepath.Join(dir, "journal.db")
	}
	if j, err = sqlite.Open(ctx, path); err != nil {
		return nil, "", nil, err
	}
	return j, path, func() {
		j.Close()
		if dir != "" {
			os.RemoveAll(dir)
		}
	}, nil
}

// reconcile runs the reconciler in process until the journal holds no
// transaction it can still resolve, and reports the journal's counts.
func reconcile(ctx context.Context, w io.Writer, eng *engine.Engine, c *ca.Client, j *sqlite.Journal, rep *Report) error {
	build := func(rec journal.Record) (engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse], error) {
		var body ca.TopUpRequest
		if err := json.Unmarshal(rec.Entry.Request, &body); err != nil {
			return engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse]{}, err
		}
		tx := c.TopUpTransaction(body, ca.GetTransactionsParams{}, j)
		tx.Settle = 100 * time.Millisecond // as in run: true of this fake
		return tx, nil
	}
	worker, err := reconciler.New(j, map[string]reconciler.Resolver{"topUp": reconciler.FromTransaction(eng, build)},
		reconciler.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	var p reconciler.Progress
	for range 20 { // the rows Execute left are released within MaxDelay
		if _, err := worker.Drain(ctx); err != nil {
			return err
		}
		if p, err = worker.Progress(ctx); err != nil || p.Unresolved == 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return err
	}
	rep.Journal, rep.Unresolved = p.Counts, p.Unresolved
	fmt.Fprintf(w, "journal, after the reconciler: %v, unresolved %d (go run ./examples/reconcile -demo shows it alone)\n", p.States(), p.Unresolved)
	return nil
}
