package reconciler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/codebookgen/codebook/journal"
)

// Defaults of Options: a zero field takes these values.
const (
	DefaultBatch       = 32
	DefaultHold        = 5 * time.Minute
	DefaultConcurrency = 4
	DefaultPoll        = 10 * time.Second
	// DefaultLeave is how long a transaction of an operation without a
	// Resolver is left alone before a worker claims it again.
	DefaultLeave = time.Hour
)

// Options configure a Worker. The zero Options are the defaults.
type Options struct {
	// Owner names the worker in the journal's claims; default the host
	// name and process id.
	Owner string
	// Batch is how many transactions one claim takes (DefaultBatch).
	Batch int
	// Hold is how long a claim holds its transactions from other workers
	// (DefaultHold). Make it longer than a resolution takes (the engine's
	// deadline): a claim that lapses mid-resolution is safe, the
	// generation fences the slower worker, but its work is done twice.
	Hold time.Duration
	// Concurrency is how many transactions are resolved at once
	// (DefaultConcurrency).
	Concurrency int
	// Poll is how long Run waits after a claim that found less than a
	// full batch (DefaultPoll).
	Poll time.Duration
	// Leave is how long a transaction whose operation has no Resolver is
	// left before it is claimed again (DefaultLeave).
	Leave time.Duration
	// Logger gets one line per decision; nil is slog.Default(). Lines
	// carry the reference, operation, states and generation, never the
	// request's bytes.
	Logger *slog.Logger
	// Now is the clock of Progress; nil is time.Now.
	Now func() time.Time
}

// normalized fills the zero fields of o with the defaults.
func (o Options) normalized() Options {
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s/%d", host, os.Getpid())
	}
	o.Batch = or(o.Batch, DefaultBatch)
	o.Hold = or(o.Hold, DefaultHold)
	o.Concurrency = or(o.Concurrency, DefaultConcurrency)
	o.Poll = or(o.Poll, DefaultPoll)
	o.Leave = or(o.Leave, DefaultLeave)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

func or[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Worker claims unresolved transactions from a Store and resolves each with
// the Resolver of its operation. It is safe to run several Workers, in one
// process or many, on one Store.
type Worker struct {
	store     Store
	resolvers map[string]Resolver
	o         Options
}

// New returns a Worker over store that resolves each operation named in
// resolvers (the journal.Entry's Operation, such as "topUp") with its
// Resolver.
func New(store Store, resolvers map[string]Resolver, o Options) (*Worker, error) {
	if store == nil {
		return nil, errors.New("reconciler: New needs a Store (journal/sqlite, journal/postgres or a journal.Memory)")
	}
	if len(resolvers) == 0 {
		return nil, errors.New("reconciler: New needs a Resolver per operation, such as FromTransaction(engine, build) for \"topUp\"")
	}
	rs := make(map[string]Resolver, len(resolvers))
	for op, r := range resolvers {
		if r == nil {
			return nil, fmt.Errorf("reconciler: the Resolver of operation %q is nil", op)
		}
		rs[op] = r
	}
	return &Worker{store: store, resolvers: rs, o: o.normalized()}, nil
}

// Pass is what one claim and its resolutions did.
type Pass struct {
	// Claimed counts the transactions claimed; Resolved those left final
	// (succeeded or failed) by the pass.
	Claimed, Resolved int
}

// Run claims and resolves transactions until ctx is done, waiting
// Options.Poll after a claim that found less than a full batch. It returns
// ctx's error; a failed claim is logged and tried again after Poll.
func (w *Worker) Run(ctx context.Context) error {
	for {
		p, err := w.Once(ctx)
		if err != nil && ctx.Err() == nil {
			w.o.Logger.Error("reconciler: claim failed; trying again", "owner", w.o.Owner, "err", err)
		}
		if err != nil || p.Claimed < w.o.Batch {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(w.o.Poll):
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// Once claims one batch and resolves it, for tests and cron-style use.
// Its error is the claim's; each transaction's outcome is logged.
func (w *Worker) Once(ctx context.Context) (Pass, error) {
	recs, err := w.store.Claim(ctx, w.o.Owner, w.o.Batch, w.o.Hold)
	if err != nil {
		return Pass{}, fmt.Errorf("reconciler: claim: %w", err)
	}
	var (
		mu   sync.Mutex
		pass = Pass{Claimed: len(recs)}
		next = make(chan journal.Record)
		wg   sync.WaitGroup
	)
	for range min(w.o.Concurrency, len(recs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rec := range next {
				if w.resolve(ctx, rec).Final() {
					mu.Lock()
					pass.Resolved++
					mu.Unlock()
				}
			}
		}()
	}
	for _, rec := range recs {
		next <- rec
	}
	close(next)
	wg.Wait()
	return pass, nil
}

// Drain runs Once until a claim finds nothing, for tests and batch jobs.
// Transactions still held by others, or released for later, are left.
func (w *Worker) Drain(ctx context.Context) (Pass, error) {
	var total Pass
	for {
		p, err := w.Once(ctx)
		total.Claimed += p.Claimed
		total.Resolved += p.Resolved
		if err != nil || p.Claimed == 0 {
			return total, err
		}
	}
}

// Progress counts the Store's transactions by state and gives the age of
// the oldest unresolved one.
func (w *Worker) Progress(ctx context.Context) (Progress, error) {
	st, err := w.store.Stats(ctx)
	if err != nil {
		return Progress{}, fmt.Errorf("reconciler: stats: %w", err)
	}
	return progressOf(st, w.o.Now()), nil
}

// States lists a Progress's counts in state order, for logs.
func (p Progress) States() []any {
	states := make([]journal.State, 0, len(p.Counts))
	for s := range p.Counts {
		states = append(states, s)
	}
	sort.Slice(states, func(a, b int) bool { return states[a] < states[b] })
	out := make([]any, 0, 2*len(states))
	for _, s := range states {
		out = append(out, s.String(), p.Counts[s])
	}
	return out
}
