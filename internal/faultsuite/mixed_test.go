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
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/journal"
)

// mixedPolicy is the engine policy of the mixed-fault runs: the default
// shape with millisecond delays, so that 10,000 orders run in seconds. The
// 1 s MaxRetryAfter honours the Retry-After: 1 of the 503 faults. Each send
// and lookup gets attemptTimeout, shorter than the slow commits of the
// freedoms, so that the provider is still working when the client gives up.
func mixedPolicy() engine.Policy {
	return engine.Policy{
		MaxAttempts:    4,
		BaseDelay:      time.Millisecond,
		MaxDelay:       8 * time.Millisecond,
		MaxRetryAfter:  time.Second,
		PollInitial:    2 * time.Millisecond,
		PollMax:        16 * time.Millisecond,
		Deadline:       5 * time.Second,
		MaxWait:        time.Second,
		AttemptTimeout: attemptTimeout,
		Budget:         engine.NewRetryBudget(0.5, 200),
	}
}

// attemptTimeout bounds each send and lookup of the mixed runs.
const attemptTimeout = 250 * time.Millisecond

// freedoms are the liberties a real provider may take that the fakes take
// only when a test asks (fake/clickairtime and fake/clickatell, doc.go,
// "Freedoms"). A lagging or absent duplicate check and a refused resend
// exclude each other (the refusal comes before the check), so a mixed run
// alternates them by batch.
type freedoms struct {
	lookupLag  time.Duration // WithLookupLag: a charge is visible to the lookup (and the in-flight check) this late
	dedupeLag  time.Duration // WithDuplicateDetection{Lag}: a resend this soon after the charge is charged again
	noDedupe   bool          // WithDuplicateDetection{None}: every resend is charged again
	refuse     bool          // WithRefusedResend: a resend of a charged reference is refused (low balance) and writes nothing
	slowCommit time.Duration // SlowCommit: the delay after which the provider writes the ledger and closes without an answer
	slowRate   float64       // percent of money-moving requests that commit slowly
	lookupRate float64       // percent of lookups answered with each lookup freedom (other records, ours twice, 5xx not-found)
}

// settleSlack is what the settle time of a fake adds to the freedoms it
// takes: the fake writes its ledger while it handles a request, before its
// answer (or, for a slow commit, slowCommit after it began), so after the
// client's send ended only the scheduling of a loaded two-core machine
// separates the charge from the lookup. 150 ms was not enough at load
// averages above 20 (eight builds at once on two cores): the fake's own
// timers fired that late, so the fake broke the settle time it declared and
// the runs counted the double charges TestBrokenContract shows such a
// provider causes. 400 ms keeps the fake's declaration true on a loaded
// machine; the invariants checked are unchanged.
const settleSlack = 400 * time.Millisecond

// settle is the Transaction.Settle that is true of a fake taking f: the
// longest a charge can take, after the client's send ended, to be visible
// to the lookup: the slow commit's delay (the client gave up attemptTimeout
// into it, so this is more than enough), the lookup's lag, and
// settleSlack. The spec's own values (Click Airtime 30 s, Clickatell 2 min)
// are the real providers'; waiting them here would only make the runs
// minutes long.
func (f freedoms) settle() time.Duration { return f.slowCommit + f.lookupLag + settleSlack }

// mixedFreedoms are the freedoms of the mixed runs' batch b: every freedom
// in every batch, but the duplicate check, which lags in odd batches
// (clConfig turns Clickatell's off, as its docs promise none), and is
// preceded by a refusal of resends in even ones. The lookup lag is within
// the settle time by construction (settle includes it).
func mixedFreedoms(b int) freedoms {
	return freedoms{
		lookupLag:  50 * time.Millisecond,
		dedupeLag:  200 * time.Millisecond,
		refuse:     b%2 == 0,
		slowCommit: 300 * time.Millisecond,
		slowRate:   1,
		lookupRate: 1,
	}
}

// mixedConfig is what a mixed run's fake and transactions are made with.
type mixedConfig struct {
	faultSeed, scriptSeed uint64
	free                  freedoms
	// settle is the Transaction.Settle the orders declare; 0 means
	// free.settle(), the true one.
	settle time.Duration
}

// txSettle is the Settle the orders of c declare.
func (c mixedConfig) txSettle() time.Duration {
	if c.settle != 0 {
		return c.settle
	}
	return c.free.settle()
}

// freedomFaults returns the fault chooser of a mixed run of cfg: a fault
// drawn at rates (seeded with cfg.faultSeed) and, on top of it, a slow
// commit on cfg.free.slowRate percent of the requests for which money
// reports true and, on cfg.free.lookupRate percent of the lookups each, one
// of lookupFaults.
func freedomFaults[R any](cfg mixedConfig, rates fault.Rates, money, lookup func(R) bool, lookupFaults ...fault.Fault) func(R) fault.Fault {
	base := fault.Random[R](cfg.faultSeed, rates)
	seed, f, slow := cfg.faultSeed+1, cfg.free, fault.SlowCommit(cfg.free.slowCommit)
	slowPick := newPicker[*fault.Fault](seed).add(f.slowRate, &slow).add(100-f.slowRate, nil)
	lookPick := newPicker[*fault.Fault](seed + 2)
	for i := range lookupFaults {
		lookPick.add(f.lookupRate, &lookupFaults[i])
	}
	lookPick.add(100-f.lookupRate*float64(len(lookupFaults)), nil)
	return func(r R) fault.Fault {
		var pick *fault.Fault
		switch {
		case money(r):
			pick = slowPick.pick()
		case lookup(r):
			pick = lookPick.pick()
		}
		if pick != nil {
			return *pick
		}
		return base(r)
	}
}

// orderDeadline is the most one order may take, Execute and Wait together:
// the policy's Deadline and MaxWait, and a second of slack for the
// scheduler of a loaded two-core machine.
func orderDeadline(p engine.Policy) time.Duration { return p.Deadline + p.MaxWait + time.Second }

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
	// needsRec: Execute proved the reference absent but would not resend
	// it (codebook.ErrNeedsReconciliation: no duplicate detection, and the
	// in-flight check said no or could not be asked).
	needsRec bool
	// resentAfterLookup: Execute sent again after a lookup (which had to
	// prove the transaction absent).
	resentAfterLookup bool
	// lookup looks the order up again, for the reconciliation pass.
	lookup func(context.Context) (engine.LookupState, codebook.Outcome, error)
}

// settle runs one transaction the way a caller does: Execute, and Wait
// when the outcome is pending or uncertain.
func settle[S, L any](ctx context.Context, eng *engine.Engine, id int, tx engine.Transaction[S, L]) order {
	start := time.Now()
	o := order{id: id}
	var polls atomic.Int64
	lookup := tx.Lookup
	o.lookup = func(ctx context.Context) (engine.LookupState, codebook.Outcome, error) {
		lk, err := lookup(ctx, o.ref)
		return lk.State, lk.Class.Outcome, err
	}
	var lookedUp, resent atomic.Bool
	send := tx.Send
	tx.Lookup = func(ctx context.Context, ref string) (engine.Looked[L], error) {
		lookedUp.Store(true)
		return lookup(ctx, ref)
	}
	tx.Send = func(ctx context.Context, ref string, body []byte) (S, codebook.Classified, error) {
		if lookedUp.Load() {
			resent.Store(true)
		}
		return send(ctx, ref, body)
	}
	s, err := engine.Execute(ctx, eng, tx)
	o.ref, o.sends, o.lookups, o.class, o.err = s.Reference, s.Attempts, s.Lookups, s.Class, err
	o.needsRec = errors.Is(err, codebook.ErrNeedsReconciliation)
	o.resentAfterLookup = resent.Load()
	var te *engine.TransactionError
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
		counting := func(ctx context.Context, ref string) (engine.Looked[L], error) {
			polls.Add(1)
			return lookup(ctx, ref)
		}
		ws := time.Now()
		_, err = engine.Wait(ctx, eng, s.Reference, counting)
		o.waited = time.Since(ws)
		o.lookups += int(polls.Load())
		o.err = err
		switch {
		case err == nil:
			o.told, o.class = toldSuccess, engine.StatusClass(codebook.OutcomeSuccess)
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
	do func(ctx context.Context, eng *engine.Engine, id int) order
	// ledger returns every transaction of the fake.
	ledger func() []ledgerTx
	// charges returns how many times ref was charged.
	charges func(ref string) int
	// journaled reports whether ref was begun in the journal before sending.
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

// statsOf is a fake's counters as a run keeps them: requests and charges,
// requests by operation, and faults struck by kind.
func statsOf[Op ~string, K interface {
	comparable
	fmt.Stringer
}](requests, charges int, byOp map[Op]int, faults map[K]int) fakeStats {
	fs := fakeStats{requests: requests, charges: charges, byOp: map[string]int{}, faults: map[string]int{}}
	for k, v := range byOp {
		fs.byOp[string(k)] = v
	}
	for k, v := range faults {
		fs.faults[k.String()] = v
	}
	return fs
}

// journaledIn reports whether a reference has a row in j.
func journaledIn(j *journal.Memory) func(string) bool {
	return func(ref string) bool { _, err := j.Get(context.Background(), ref); return err == nil }
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
	needsRec                                                             int            // of flagged, those Execute proved absent but would not resend
	resentAfterLookup                                                    int            // orders Execute sent again after a lookup
	reconciled, unresolved, mismatched                                   int
	sends, lookups                                                       int
	panics                                                               int
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
	m.panics += o.panics
	m.needsRec += o.needsRec
	m.resentAfterLookup += o.resentAfterLookup
	m.maxOrder = max(m.maxOrder, o.maxOrder)
	for k, v := range o.flaggedBy {
		m.flaggedBy[k] += v
	}
}

// batchSize is the most orders one fake serves: the fakes' ledgers scan
// every record on each lookup and commit, so a soak of 100,000 orders runs
// as twenty batches, each against a new fake, through the same engine; the
// freedoms that exclude each other alternate by batch (mixedFreedoms).
const batchSize = 5_000

// runMixed runs measureMixed and checks that nothing was duplicated, lost,
// late, refused, unresolved or contradicted, and that the mix gave both
// final outcomes.
func runMixed(t *testing.T, label string, newRun func(batch int) mixedRun, n int) {
	t.Helper()
	res, problems := measureMixed(t, label, newRun, n, batchSize)
	for _, p := range problems {
		t.Error(p)
	}
	if res.duplicates != 0 || res.lost != 0 || res.overdue != 0 || res.notSent != 0 || res.unresolved != 0 || res.mismatched != 0 || res.panics != 0 {
		t.Errorf("duplicates %d, lost %d, overdue %d, not sent %d, unresolved %d, mismatched %d, panics %d: all must be 0",
			res.duplicates, res.lost, res.overdue, res.notSent, res.unresolved, res.mismatched, res.panics)
	}
	// The run must exercise every branch, or its zeros prove little: both
	// final outcomes, and resends after a lookup proved the transaction
	// absent (a settle time longer than the run's deadline stops them all).
	if res.success == 0 || res.failed == 0 {
		t.Errorf("success %d, failed %d: the mix should give both", res.success, res.failed)
	}
	if res.resentAfterLookup == 0 {
		t.Error("no order was sent again after a lookup: absence was never proven, and the zeros say nothing about resends")
	}
}

// measureMixed runs n orders through 64 workers, in batches of batch
// orders each against the fake newRun(batch) starts, one engine for all,
// checks every order against its fake's ledger, reconciles the flagged
// ones, and prints the figures. It returns the totals and the first
// problems of each batch.
func measureMixed(t *testing.T, label string, newRun func(batch int) mixedRun, n, batch int) (mixedResult, []string) {
	t.Helper()
	p := mixedPolicy()
	eng := engine.NewEngine(p)
	total := mixedResult{flaggedBy: map[string]int{}}
	stats := fakeStats{byOp: map[string]int{}, faults: map[string]int{}}
	var all []string
	provider := ""
	start := time.Now()
	for b, off := 0, 0; off < n; b, off = b+1, off+batch {
		r := newRun(b)
		provider = r.provider
		results, _, pn := drive(t, r, eng, min(batch, n-off))
		res, problems := check(r, results, orderDeadline(p))
		problems = append(problems, reconcile(r, results, &res)...)
		res.panics = int(pn)
		for _, p := range problems {
			all = append(all, fmt.Sprintf("batch %d: %s", b, p))
		}
		total.add(res)
		stats.add(r.stats())
		r.close()
	}
	wall := time.Since(start)
	res := total
	figures(t, "mixed %s%s: orders=%d workers=%d batches_of=%d wall=%s requests=%d %s faults=%s charges=%d "+
		"duplicates=%d lost=%d final=%d (success %d, failed %d) flagged=%d %s absent_not_resent=%d reconciled=%d/%d "+
		"overdue=%d (deadline %s, slowest order %s) not_sent=%d panics=%d sends=%d resent_after_lookup=%d engine_lookups=%d",
		provider, label, n, workers, batch, wall.Round(time.Millisecond), stats.requests, kinds(stringKeys(stats.byOp)), kinds(stringKeys(stats.faults)), stats.charges,
		res.duplicates, res.lost, res.success+res.failed, res.success, res.failed, res.flagged, kinds(stringKeys(res.flaggedBy)),
		res.needsRec, res.reconciled, res.flagged, res.overdue, orderDeadline(p), res.maxOrder.Round(time.Millisecond), res.notSent, res.panics,
		res.sends, res.resentAfterLookup, res.lookups)
	return res, all
}

// reconcile is the reconciliation pass: the faults end, and every flagged
// order is looked up once more; what the lookup proves must be what the
// ledger holds. It returns the first problems.
func reconcile(r mixedRun, results []order, res *mixedResult) (problems []string) {
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
		case engine.LookupNotFound:
			got = "ABSENT"
		case engine.LookupFound:
			got = map[codebook.Outcome]string{codebook.OutcomeSuccess: "SUCCESS", codebook.OutcomeFailed: "FAILED", codebook.OutcomePending: "PENDING"}[outcome]
		}
		switch {
		case got == "inconclusive" || got == "":
			res.unresolved++
			if res.unresolved <= 5 {
				problems = append(problems, fmt.Sprintf("order %d (%s): flagged, and the reconciliation lookup with the faults off proves nothing (ledger %s): %v", o.id, o.ref, want, err))
			}
		case got != want:
			res.mismatched++
			if res.mismatched <= 5 {
				problems = append(problems, fmt.Sprintf("order %d (%s): the reconciliation lookup says %s, the ledger %s", o.id, o.ref, got, want))
			}
		default:
			res.reconciled++
		}
	}
	return problems
}

// drive runs orders 0 to n-1 through the workers; it returns the orders,
// the wall time and how many panicked.
func drive(t *testing.T, r mixedRun, eng *engine.Engine, n int) ([]order, time.Duration, int64) {
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
		if o.resentAfterLookup {
			res.resentAfterLookup++
		}
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
			if o.needsRec {
				res.needsRec++
			}
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
