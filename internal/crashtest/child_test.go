package crashtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/reconciler"
	"github.com/codebookgen/codebook/transport"
)

// childEnv is the variable that makes the test binary a child; its value
// is the child's config as JSON.
const childEnv = "CRASHTEST_CHILD"

// config is what the parent tells a child.
type config struct {
	Backend, DSN, URL string
	Round             int
	TopUps            int    // top-ups to run after draining
	Callers           int    // concurrent callers of those top-ups
	PauseAt           int    // the write to stop at (0: none)
	PauseState        string // the kind of write counted ("" any)
	PauseBefore       bool
	// Drain, when set, only drains the journal until nothing is left to
	// do (or DrainFor passed), then exits.
	Drain    bool
	DrainFor time.Duration
	// Reconcilers-only mode of the many-instances test: Worker options.
	Batch, Concurrency int
	Hold               time.Duration
	// Broken replaces the reconciler's Resolver with a control that the
	// checks must catch: "fail" (every unresolved top-up taken as failed,
	// without a lookup), "new-reference" (sent again under a new
	// reference, the naive retry) or "created-as-sending" (created rows
	// handed to the Resolver, which sends them).
	Broken string
	// FailSending fails every n-th first sending write of the child (a
	// journal outage): Execute says ErrNotSent, and the child's caller
	// tries the top-up again under a new reference, as it may.
	FailSending int
}

// Timings the child uses: short, so that a round takes a blink, and true
// of the fake (it records a top-up before it answers; its lookup does not
// lag).
const (
	settle     = 20 * time.Millisecond
	workerHold = 2 * time.Second
	beginHold  = 1500 * time.Millisecond // the engine's deadline (1 s) and a margin
)

func engine() *cbengine.Engine {
	return cbengine.NewEngine(cbengine.Policy{
		BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
		PollInitial: 5 * time.Millisecond, PollMax: 20 * time.Millisecond,
		AttemptTimeout: 500 * time.Millisecond, Deadline: time.Second,
	})
}

func client(url string) (*ca.Client, error) {
	return ca.NewClient(
		ca.WithBaseURL(url),
		ca.WithHTTPClient(transport.SafeHTTPClient(2*time.Second)),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
}

// builder rebuilds a journaled top-up for the reconciler.
func builder(c *ca.Client) reconciler.Builder[*ca.TopUpResponse, *ca.TransactionsResponse] {
	return func(rec journal.Record) (cbengine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse], error) {
		var body ca.TopUpRequest
		if err := json.Unmarshal(rec.Entry.Request, &body); err != nil {
			return cbengine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse]{}, err
		}
		tx := c.TopUpTransaction(body, ca.GetTransactionsParams{}, nil)
		tx.Settle = settle
		return tx, nil
	}
}

// runChild is the child process: it returns its exit code.
func runChild(raw string) int {
	var cfg config
	if err := json.Unmarshal([]byte(raw), &cfg); err != nil {
		fmt.Fprintln(os.Stderr, "crashtest child:", err)
		return 2
	}
	if err := child(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "crashtest child:", err)
		return 1
	}
	return 0
}

func child(cfg config) error {
	st, err := openStore(cfg.Backend, cfg.DSN)
	if err != nil {
		return err
	}
	defer st.Close()
	store := &pausing{Store: st, at: cfg.PauseAt, state: cfg.PauseState, before: cfg.PauseBefore, maxHold: beginHold,
		failSending: cfg.FailSending, createdAsSending: cfg.Broken == "created-as-sending"}
	c, err := client(cfg.URL)
	if err != nil {
		return err
	}
	eng := engine()
	w, err := reconciler.New(store, map[string]reconciler.Resolver{
		"topUp": resolver(cfg.Broken, eng, c),
	}, reconciler.Options{
		Owner: fmt.Sprintf("child-%d-%d", cfg.Round, os.Getpid()), Batch: or(cfg.Batch, 16),
		Hold: orDur(cfg.Hold, workerHold), Concurrency: or(cfg.Concurrency, 2), Poll: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return err
	}
	ctx := context.Background()
	if cfg.Drain {
		return drain(ctx, w, cfg.DrainFor)
	}
	if _, err := w.Drain(ctx); err != nil {
		return err
	}
	return topUps(ctx, eng, c, store, cfg)
}

// drain runs the worker until nothing but flagged transactions is left
// unresolved, or d passed; it prints the time it took.
func drain(ctx context.Context, w *reconciler.Worker, d time.Duration) error {
	start := time.Now()
	for {
		if _, err := w.Drain(ctx); err != nil {
			return err
		}
		p, err := w.Progress(ctx)
		if err != nil {
			return err
		}
		if p.Unresolved-p.Counts[journal.StateFlagged] == 0 {
			fmt.Fprintf(os.Stdout, "CRASHTEST DRAINED %d\n", time.Since(start).Milliseconds())
			return nil
		}
		if time.Since(start) > d {
			return fmt.Errorf("still unresolved after %s: %v", d, p.States())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// topUps runs the round's top-ups with Execute, cfg.Callers at a time.
// Recipients are unique per round and top-up, so that the parent can
// count a second charge under another reference too.
func topUps(ctx context.Context, eng *cbengine.Engine, c *ca.Client, j journal.Journal, cfg config) error {
	next := make(chan int)
	var wg sync.WaitGroup
	for range or(cfg.Callers, 2) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				amount := 5.0
				body := ca.TopUpRequest{MSISDN: msisdn(cfg.Round, i), Amount: &amount}
				for try := 0; try < 2; try++ {
					tx := c.TopUpTransaction(body, ca.GetTransactionsParams{}, j)
					tx.Settle = settle
					// Whatever the outcome, the journal holds it: pending
					// and uncertain ones are the reconciler's. Only a
					// top-up provably not sent is tried again, under a
					// new reference (the next Execute makes one).
					if _, err := cbengine.Execute(ctx, eng, tx); !errors.Is(err, codebook.ErrNotSent) {
						break
					}
				}
			}
		}()
	}
	for i := range cfg.TopUps {
		next <- i
	}
	close(next)
	wg.Wait()
	return nil
}

// msisdn is the recipient of the i-th top-up of a round.
func msisdn(round, i int) string { return fmt.Sprintf("26371%05d%03d", round, i) }

func or(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}

func orDur(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}

// resolver is the top-up Resolver, or the broken control named.
func resolver(broken string, eng *cbengine.Engine, c *ca.Client) reconciler.Resolver {
	switch broken {
	case "fail":
		return reconciler.ResolverFunc(func(ctx context.Context, j journal.Journal, rec journal.Record) error {
			return j.Record(ctx, rec.Entry.Reference, rec.Generation, journal.Step{State: journal.StateFailed, Class: cbengine.StatusClass(codebook.OutcomeFailed)})
		})
	case "new-reference":
		return reconciler.ResolverFunc(func(ctx context.Context, j journal.Journal, rec journal.Record) error {
			var body ca.TopUpRequest
			if err := json.Unmarshal(rec.Entry.Request, &body); err != nil {
				return err
			}
			if err := j.Record(ctx, rec.Entry.Reference, rec.Generation, journal.Step{State: journal.StateFailed, Class: cbengine.StatusClass(codebook.OutcomeFailed)}); err != nil {
				return err
			}
			body.ExtRefID = nil
			tx := c.TopUpTransaction(body, ca.GetTransactionsParams{}, j)
			tx.Settle = settle
			_, err := cbengine.Execute(ctx, eng, tx)
			return err
		})
	}
	return reconciler.FromTransaction(eng, builder(c))
}
