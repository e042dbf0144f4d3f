package faultsuite

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
)

// mixedPolicy is the engine policy of the mixed-fault runs: the default
// shape with millisecond delays, so that 10,000 orders run in seconds. The
// 1 s MaxRetryAfter honours the Retry-After: 1 of the 503 faults.
func mixedPolicy() codebook.Policy {
	return codebook.Policy{
		MaxAttempts:    4,
		BaseDelay:      time.Millisecond,
		MaxDelay:       8 * time.Millisecond,
		MaxRetryAfter:  time.Second,
		PollInitial:    2 * time.Millisecond,
		PollMax:        16 * time.Millisecond,
		Deadline:       5 * time.Second,
		MaxWait:        time.Second,
		AttemptTimeout: time.Second,
		Budget:         codebook.NewRetryBudget(0.5, 200),
	}
}

// orderDeadline is the most one order may take, Execute and Wait together:
// the policy's Deadline and MaxWait, and a second of slack for the
// scheduler of a loaded two-core machine.
func orderDeadline(p codebook.Policy) time.Duration { return p.Deadline + p.MaxWait + time.Second }

// told is what a caller was told of its order.
type told uint8

const (
	toldSuccess told = iota + 1
	toldFailed
	toldFlagged // pending or uncertain after Execute and Wait: to reconcile
	toldNotSent // Execute refused before sending (never expected here)
)

// order is one logical transaction of a mixed-fault run.
type order struct {
	id      int
	ref     string
	told    told
	class   codebook.Class // the last class the caller saw
	sends   int
	lookups int // Execute's lookups and Wait's polls
	elapsed time.Duration
	waited  time.Duration // of elapsed, in Wait
	err     error
	// lookup looks the order up again, for the reconciliation pass.
	lookup func(context.Context) (codebook.LookupState, codebook.Outcome, error)
}

// settle runs one transaction the way a caller does: Execute, and Wait
// when the outcome is pending or uncertain.
func settle[S, L any](ctx context.Context, eng *codebook.Engine, id int, tx codebook.Transaction[S, L]) order {
	start := time.Now()
	o := order{id: id}
	var polls atomic.Int64
	lookup := tx.Lookup
	o.lookup = func(ctx context.Context) (codebook.LookupState, codebook.Outcome, error) {
		lk, err := lookup(ctx, o.ref)
		return lk.State, lk.Class.Outcome, err
	}
	s, err := codebook.Execute(ctx, eng, tx)
	o.ref, o.sends, o.lookups, o.class, o.err = s.Reference, s.Attempts, s.Lookups, s.Class, err
	var te *codebook.TransactionError
	switch {
	case err == nil:
		o.told = toldSuccess
	case errors.Is(err, codebook.ErrNotSent):
		o.told = toldNotSent
	case !errors.As(err, &te):
		o.told = toldFlagged // an error the engine does not document: treat as unknown
	case !te.Reconcile():
		o.told = toldFailed
	default:
		counting := func(ctx context.Context, ref string) (codebook.Looked[L], error) {
			polls.Add(1)
			return lookup(ctx, ref)
		}
		ws := time.Now()
		_, err = codebook.Wait(ctx, eng, s.Reference, counting)
		o.waited = time.Since(ws)
		o.lookups += int(polls.Load())
		o.err = err
		switch {
		case err == nil:
			o.told, o.class = toldSuccess, codebook.StatusClass(codebook.OutcomeSuccess)
		case errors.As(err, &te) && !te.Reconcile():
			o.told, o.class = toldFailed, te.Class
		default:
			o.told = toldFlagged
			if errors.As(err, &te) {
				o.class = te.Class
			}
		}
	}
	o.elapsed = time.Since(start)
	return o
}

// ledgerTx is a transaction of a fake's ledger, provider-neutral.
type ledgerTx struct {
	order   int // from the order's unique recipient; -1 when it names none
	ref     string
	state   string // SUCCESS, FAILED, PENDING
	charged bool
}

// mixedRun is one provider's side of a mixed-fault run: one fake.
type mixedRun struct {
	provider string
	// do runs order id to the end (settle).
	do func(ctx context.Context, eng *codebook.Engine, id int) order
	// ledger returns every transaction of the fake.
	ledger func() []ledgerTx
	// charges returns how many times ref was charged.
	charges func(ref string) int
	// journaled reports whether ref was persisted before sending.
	journaled func(ref string) bool
	// faultsOff stops the fault injection (for the reconciliation pass).
	faultsOff func()
	// stats returns the fake's counters.
	stats func() fakeStats
	// close shuts the fake down.
	close func()
}

// fakeStats are a fake's counters, provider-neutral.
type fakeStats struct {
	requests int
	byOp     map[string]int
	faults   map[string]int
	charges  int
}

func (s *fakeStats) add(o fakeStats) {
	s.requests += o.requests
	s.charges += o.charges
	for k, v := range o.byOp {
		s.byOp[k] += v
	}
	for k, v := range o.faults {
		s.faults[k] += v
	}
}

// mixedResult are the figures of a run.
type mixedResult struct {
	orders, duplicates, lost, success, failed, flagged, notSent, overdue int
	flaggedBy                                                            map[string]int // flagged orders by their ledger state
	reconciled, unresolved, mismatched                                   int
	sends, lookups                                                       int
	maxOrder                                                             time.Duration
}

func (m *mixedResult) add(o mixedResult) {
	m.orders += o.orders
	m.duplicates += o.duplicates
	m.lost += o.lost
	m.success += o.success
	m.failed += o.failed
	m.flagged += o.flagged
	m.notSent += o.notSent
	m.overdue += o.overdue
	m.reconciled += o.reconciled
	m.unresolved += o.unresolved
	m.mismatched += o.mismatched
	m.sends += o.sends
	m.lookups += o.lookups
	m.maxOrder = max(m.maxOrder, o.maxOrder)
	for k, v := range o.flaggedBy {
		m.flaggedBy[k] += v
	}
}

// batchSize is the most orders one fake serves: the fakes' ledgers scan
// every record on each lookup and commit, so a soak of 100,000 orders runs
// as ten batches, each against a new fake, through the same engine.
const batchSize = 10_000

// runMixed runs n orders through 64 workers, in batches of batchSize each
// against the fake newRun(batch) starts, one engine for all, and checks
// every order against its fake's ledger.
func runMixed(t *testing.T, newRun func(batch int) mixedRun, n int) {
	p := mixedPolicy()
	eng := codebook.NewEngine(p)
	total := mixedResult{flaggedBy: map[string]int{}}
	stats := fakeStats{byOp: map[string]int{}, faults: map[string]int{}}
	var panics int64
	provider := ""
	start := time.Now()
	for b, off := 0, 0; off < n; b, off = b+1, off+batchSize {
		r := newRun(b)
		provider = r.provider
		results, _, pn := drive(t, r, eng, min(batchSize, n-off))
		panics += pn
		res, problems := check(r, results, orderDeadline(p))
		for _, p := range problems {
			t.Errorf("batch %d: %s", b, p)
		}
		reconcile(t, r, results, &res)
		total.add(res)
		stats.add(r.stats())
		r.close()
	}
	wall := time.Since(start)
	res := total
	figures(t, "mixed %s: orders=%d workers=%d batches_of=%d wall=%s requests=%d %s faults=%s charges=%d "+
		"duplicates=%d lost=%d final=%d (success %d, failed %d) flagged=%d %s reconciled=%d/%d "+
		"overdue=%d (deadline %s, slowest order %s) not_sent=%d panics=%d sends=%d engine_lookups=%d",
		provider, n, workers, batchSize, wall.Round(time.Millisecond), stats.requests, kinds(stringKeys(stats.byOp)), kinds(stringKeys(stats.faults)), stats.charges,
		res.duplicates, res.lost, res.success+res.failed, res.success, res.failed, res.flagged, kinds(stringKeys(res.flaggedBy)),
		res.reconciled, res.flagged, res.overdue, orderDeadline(p), res.maxOrder.Round(time.Millisecond), res.notSent, panics,
		res.sends, res.lookups)

	if res.duplicates != 0 || res.lost != 0 || res.overdue != 0 || res.notSent != 0 || res.unresolved != 0 || res.mismatched != 0 {
		t.Errorf("duplicates %d, lost %d, overdue %d, not sent %d, unresolved %d, mismatched %d: all must be 0",
			res.duplicates, res.lost, res.overdue, res.notSent, res.unresolved, res.mismatched)
	}
	// The run must exercise every branch, or its zeros prove little.
	if res.success == 0 || res.failed == 0 {
		t.Errorf("success %d, failed %d: the mix should give both", res.success, res.failed)
	}
}

// reconcile is the reconciliation pass: the faults end, and every flagged
// order is looked up once more; what the lookup proves must be what the
// ledger holds.
func reconcile(t *testing.T, r mixedRun, results []order, res *mixedResult) {
	t.Helper()
	ctx := context.Background()
	r.faultsOff()
	byOrder := map[int][]ledgerTx{}
	for _, tx := range r.ledger() {
		byOrder[tx.order] = append(byOrder[tx.order], tx)
	}
	for _, o := range results {
		if o.told != toldFlagged {
			continue
		}
		state, outcome, err := o.lookup(ctx)
		want := "ABSENT"
		for _, tx := range byOrder[o.id] {
			if tx.ref == o.ref {
				want = tx.state
			}
		}
		got := "inconclusive"
		switch state {
		case codebook.LookupNotFound:
			got = "ABSENT"
		case codebook.LookupFound:
			got = map[codebook.Outcome]string{codebook.OutcomeSuccess: "SUCCESS", codebook.OutcomeFailed: "FAILED", codebook.OutcomePending: "PENDING"}[outcome]
		}
		switch {
		case got == "inconclusive" || got == "":
			res.unresolved++
			if res.unresolved <= 5 {
				t.Errorf("order %d (%s): flagged, and the reconciliation lookup with the faults off proves nothing (ledger %s): %v", o.id, o.ref, want, err)
			}
		case got != want:
			res.mismatched++
			t.Errorf("order %d (%s): the reconciliation lookup says %s, the ledger %s", o.id, o.ref, got, want)
		default:
			res.reconciled++
		}
	}
}

// drive runs orders 0 to n-1 through the workers; it returns the orders,
// the wall time and how many panicked.
func drive(t *testing.T, r mixedRun, eng *codebook.Engine, n int) ([]order, time.Duration, int64) {
	t.Helper()
	ctx := context.Background()
	ids := make(chan int)
	results := make([]order, n)
	start := time.Now()
	var wg sync.WaitGroup
	var panics atomic.Int64
	for range workers {
		wg.Go(func() {
			for id := range ids {
				func() {
					defer func() {
						if v := recover(); v != nil {
							panics.Add(1)
							t.Errorf("order %d panicked: %v", id, v)
						}
					}()
					results[id] = r.do(ctx, eng, id)
				}()
			}
		})
	}
	for id := range n {
		ids <- id
	}
	close(ids)
	wg.Wait()
	return results, time.Since(start), panics.Load()
}

// stringKeys lets kinds format a map keyed by strings.
type strKey string

func (s strKey) String() string { return string(s) }

func stringKeys(m map[string]int) map[strKey]int {
	out := make(map[strKey]int, len(m))
	for k, v := range m {
		out[strKey(k)] = v
	}
	return out
}

// check compares what every caller was told with the ledger; problems
// describes the first few duplicates, losses and overdue orders.
func check(r mixedRun, results []order, deadline time.Duration) (res mixedResult, problems []string) {
	res = mixedResult{orders: len(results), flaggedBy: map[string]int{}}
	byOrder := map[int][]ledgerTx{}
	report := func(format string, args ...any) {
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for _, tx := range r.ledger() {
		byOrder[tx.order] = append(byOrder[tx.order], tx)
		if tx.order < 0 || tx.order >= len(results) {
			res.lost++
			report("ledger transaction %s names no order: a charge nobody asked for", tx.ref)
			continue
		}
		if !r.journaled(tx.ref) {
			res.lost++
			report("ledger transaction %s (order %d) was never journalled: a charge the caller has no record of", tx.ref, tx.order)
		}
	}
	for _, o := range results {
		res.sends += o.sends
		res.lookups += o.lookups
		res.maxOrder = max(res.maxOrder, o.elapsed)
		if o.elapsed > deadline {
			res.overdue++
			report("order %d took %s (Execute %s, Wait %s), beyond its deadline %s", o.id, o.elapsed, o.elapsed-o.waited, o.waited, deadline)
		}
		txs := byOrder[o.id]
		if len(txs) > 1 {
			res.duplicates++
			report("order %d has %d ledger transactions: %+v", o.id, len(txs), txs)
		}
		if o.ref != "" && r.charges(o.ref) > 1 {
			res.duplicates++
			report("order %d: reference %s charged %d times", o.id, o.ref, r.charges(o.ref))
		}
		var mine *ledgerTx
		for i := range txs {
			if txs[i].ref == o.ref {
				mine = &txs[i]
			}
		}
		state := "ABSENT"
		if mine != nil {
			state = mine.state
		}
		switch o.told {
		case toldSuccess:
			res.success++
			if state != "SUCCESS" || !mine.charged {
				res.lost++
				report("order %d (%s): told success, ledger %s", o.id, o.ref, state)
			}
		case toldFailed:
			res.failed++
			for _, tx := range txs { // any charge of the order, under any reference
				if tx.state == "SUCCESS" || tx.state == "PENDING" {
					res.lost++
					report("order %d (%s): told failed (%v), ledger %s for %s", o.id, o.ref, o.err, tx.state, tx.ref)
					break
				}
			}
		case toldFlagged:
			res.flagged++
			res.flaggedBy[o.class.Outcome.String()+"/ledger_"+state]++
		case toldNotSent:
			res.notSent++
			report("order %d: not sent: %v", o.id, o.err)
			if state != "ABSENT" {
				res.lost++
			}
		}
	}
	return res, problems
}

// picker draws scripted answers from a seeded generator, by weight.
type picker[T any] struct {
	mu      sync.Mutex
	rng     *rand.Rand
	choices []T
	weights []float64
	total   float64
}

func newPicker[T any](seed uint64) *picker[T] {
	return &picker[T]{rng: rand.New(rand.NewPCG(seed, seed+1))}
}

func (p *picker[T]) add(weight float64, v T) *picker[T] {
	p.choices = append(p.choices, v)
	p.weights = append(p.weights, weight)
	p.total += weight
	return p
}

func (p *picker[T]) pick() T {
	p.mu.Lock()
	x := p.rng.Float64() * p.total
	p.mu.Unlock()
	for i, w := range p.weights {
		if x < w {
			return p.choices[i]
		}
		x -= w
	}
	return p.choices[len(p.choices)-1]
}
