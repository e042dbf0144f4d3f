// Command topup runs Click Airtime top-ups end to end against the
// in-process fake with faults switched on, through the generated client's
// TopUpTransaction, engine.Execute and engine.Wait, and prints what
// happened to each transaction: its reference, what the network did to
// each request, the sends and lookups the engine made, the outcome the
// caller is told, and the fake ledger's view.
//
// Every step is journaled, before it is taken, in a SQLite file (a temp
// dir unless -journal names one); at the end the reconciler, run in
// process, records in the journal the outcome of the transactions Execute
// left pending or uncertain, and the journal's counts are printed.
//
//	go run ./examples/topup            # the 10 scripted transactions
//	go run ./examples/topup -n 50      # and 40 more under seeded random faults
//	go run ./examples/topup -seed 7    # other random faults
//	go run ./examples/topup -journal topups.db   # keep the journal
//
// The first ten transactions each meet one kind of trouble: none, an
// answer lost after the provider charged, a reset before it did, a body
// cut in half, a proxy's HTML 502, a 503 to the top-up and to the first
// lookup, a pending top-up that settles later, a decline, a provider
// slower than the client's patience, a 500 after the charge.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cbjournal "github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/transport"
)

func main() {
	n := flag.Int("n", 10, "how many top-ups")
	seed := flag.Uint64("seed", 1, "seed of the random faults of the top-ups after the tenth")
	path := flag.String("journal", "", "the SQLite journal file (default: one in a temp dir, removed at the end)")
	flag.Parse()
	rep, err := run(os.Stdout, *n, *seed, *path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "topup:", err)
		os.Exit(1)
	}
	if rep.Duplicates != 0 || rep.Lost != 0 {
		os.Exit(1)
	}
}

// step is what the network does to the requests of one transaction, in
// order: top-ups and lookups alike. Requests beyond the plan go through.
type step struct {
	fault   fault.Fault
	outcome fake.Outcome // the answer of a new top-up, when set
}

// plan is the trouble each of the first transactions meets.
var plan = []struct {
	story string
	steps []step
}{
	{"no trouble", nil},
	{"the answer is lost after the provider charged", []step{{fault: fault.DropAfterCommit()}}},
	{"the connection is reset before the provider sees the top-up", []step{{fault: fault.Reset()}}},
	{"the answer's body is cut in half", []step{{fault: fault.TruncatedBody()}}},
	{"a proxy answers an HTML 502", []step{{fault: fault.HTMLProxyError()}}},
	{"503 to the top-up, 503 to the first lookup", []step{{fault: fault.Unavailable()}, {fault: fault.Unavailable()}}},
	{"the top-up is pending (code 10) and settles after two lookups", []step{{outcome: fake.Outcome{Entry: ca.TopupPending, PendingLookups: 2}}}},
	{"the provider declines: low balance (code 20)", []step{{outcome: fake.Outcome{Entry: ca.TopupLowBalance}}}},
	{"the provider answers after the client gave up", []step{{fault: fault.Delay(600 * time.Millisecond)}}},
	{"the provider charges, then answers 500", []step{{outcome: fake.Outcome{Entry: ca.HTTPStatusInternalServerError, Commit: fake.CommitAlways, Final: ca.TopupSuccess}}}},
}

// Report is what run found.
type Report struct {
	Transactions []Transaction
	// Duplicates counts the transactions charged more than once, or
	// written to the ledger more than once; Lost those whose caller was
	// told something the ledger contradicts.
	Duplicates, Lost int
	// Journal counts the journal's transactions by state after the
	// reconciler ran; Unresolved those neither succeeded nor failed.
	Journal    map[cbjournal.State]int
	Unresolved int
}

// Transaction is what happened to one top-up.
type Transaction struct {
	Reference string
	Story     string
	Network   []string // what each request met, in order
	Sends     int
	Lookups   int    // Execute's lookups and Wait's polls
	Told      string // success, failed, or pending/uncertain: flagged for reconciliation
	Ledger    string // SUCCESS, FAILED, PENDING, or ABSENT
	Charges   int
	Carried   int // top-ups that carried the reference, as the fake counted them
}

// network chooses the faults and answers of the fake from the plan of
// the current transaction, and records what each request met.
type network struct {
	mu      sync.Mutex
	current int
	seen    int // requests of the current transaction
	log     []string
	random  func(fake.Request) fault.Fault
}

func (nw *network) start(i int) {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	nw.current, nw.seen, nw.log = i, 0, nil
}

func (nw *network) take() []string {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	return nw.log
}

// step returns the planned step of the k-th request (from 0) of the
// current transaction.
func (nw *network) step(k int) (step, bool) {
	if nw.current < len(plan) && k < len(plan[nw.current].steps) {
		return plan[nw.current].steps[k], true
	}
	return step{}, false
}

// fault is the fake's fault chooser.
func (nw *network) fault(r fake.Request) fault.Fault {
	nw.mu.Lock()
	defer nw.mu.Unlock()
	st, planned := nw.step(nw.seen)
	f := st.fault
	if !planned && nw.current >= len(plan) {
		f = nw.random(r)
	}
	nw.seen++
	what := "ok"
	switch {
	case !f.IsZero():
		what = f.String()
	case st.outcome.Entry != 0:
		what = "answered " + describe(st.outcome)
	}
	nw.log = append(nw.log, fmt.Sprintf("%d %s: %s", nw.seen, opName(r.Op), what))
	return f
}

// script is the fake's script: the planned answer of a new top-up.
func (nw *network) script(r fake.Request) fake.Outcome {
	if r.Op != fake.OpTopUp || r.Duplicate {
		return fake.Outcome{}
	}
	nw.mu.Lock()
	defer nw.mu.Unlock()
	// The fault chooser has counted this request already.
	st, _ := nw.step(nw.seen - 1)
	return st.outcome
}

func opName(op fake.Op) string {
	switch op {
	case fake.OpGetTransactions:
		return "lookup"
	case fake.OpTopUp:
		return "top-up"
	}
	return string(op)
}

func describe(o fake.Outcome) string {
	s := o.Entry.String()
	if o.Entry.HasCode() {
		s = fmt.Sprintf("code %d %q", o.Entry.Code(), o.Entry.Message())
	} else if st := o.Entry.HTTPStatus(); st != 0 {
		s = fmt.Sprintf("HTTP %d", st)
	}
	if o.Commit == fake.CommitAlways {
		s += " after charging"
	}
	return s
}

// run runs n top-ups and writes what happened to each to w; path is the
// journal file ("": one in a temp dir).
func run(w io.Writer, n int, seed uint64, path string) (Report, error) {
	nw := &network{random: fault.Random[fake.Request](seed, fault.Rates{
		Delay: 5, Unavailable: 8, Reset: 8, Drop: 8, Truncate: 6, HTMLProxy: 5, DelayFor: 5 * time.Millisecond,
	})}
	srv := fake.New(fake.WithFaults(nw.fault), fake.WithScript(nw.script))
	defer srv.Close()
	c, err := ca.NewClient(
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(transport.SafeHTTPClient(5*time.Second)),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	if err != nil {
		return Report{}, err
	}
	// Short delays so that the example runs in a blink; AttemptTimeout is
	// the client's patience with one request.
	eng := engine.NewEngine(engine.Policy{
		BaseDelay: 5 * time.Millisecond, MaxDelay: 40 * time.Millisecond,
		PollInitial: 10 * time.Millisecond, PollMax: 80 * time.Millisecond,
		AttemptTimeout: 300 * time.Millisecond, Deadline: 10 * time.Second, MaxWait: 3 * time.Second,
	})
	ctx := context.Background()
	journal, path, done, err := openJournal(ctx, path)
	if err != nil {
		return Report{}, err
	}
	defer done()

	var rep Report
	fmt.Fprintf(w, "Click Airtime top-ups against the in-process fake at %s, faults on; journal %s\n\n", srv.URL(), path)
	for i := range n {
		nw.start(i)
		story := "random faults"
		if i < len(plan) {
			story = plan[i].story
		}
		msisdn := fmt.Sprintf("2637195%05d", i)
		tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: msisdn, Amount: ptr(5.0)}, ca.GetTransactionsParams{}, journal)
		// The spec's settle time (30 s) is the real provider's; this fake
		// records a charge before it answers and its lookup does not lag,
		// so a much shorter one is true of it and keeps the example quick.
		tx.Settle = 100 * time.Millisecond
		t := Transaction{Story: story}
		var polls int
		lookup := tx.Lookup
		s, err := engine.Execute(ctx, eng, tx)
		t.Reference, t.Sends, t.Lookups = s.Reference, s.Attempts, s.Lookups
		t.Told = tell(err)
		var te *engine.TransactionError
		if errors.As(err, &te) && te.Reconcile() {
			// Pending or uncertain: poll the lookup until it is final.
			_, err = engine.Wait(ctx, eng, s.Reference, func(ctx context.Context, ref string) (engine.Looked[*ca.TransactionsResponse], error) {
				polls++
				return lookup(ctx, ref)
			})
			t.Lookups += polls
			t.Told = tell(err)
		} else if errors.Is(err, codebook.ErrNotSent) {
			return rep, err
		}
		t.Network = nw.take()
		t.Ledger, t.Charges, t.Carried = "ABSENT", srv.Charges(s.Reference), srv.Attempts(s.Reference)
		if lt, ok := srv.Transaction(s.Reference); ok {
			t.Ledger = lt.State.String()
		}
		// The ledger by recipient: one transaction per top-up, whatever
		// the reference.
		written := 0
		for _, lt := range srv.Transactions() {
			if lt.MSISDN == msisdn {
				written++
			}
		}
		if t.Charges > 1 || written > 1 {
			rep.Duplicates++
		}
		switch {
		case t.Told == "success" && t.Ledger != "SUCCESS",
			t.Told == "failed" && (t.Ledger == "SUCCESS" || t.Ledger == "PENDING"):
			rep.Lost++
		}
		rep.Transactions = append(rep.Transactions, t)
		printTransaction(w, i+1, t)
	}
	final, flagged := 0, 0
	for _, t := range rep.Transactions {
		if t.Told == "success" || t.Told == "failed" {
			final++
		} else {
			flagged++
		}
	}
	st := srv.Stats()
	fmt.Fprintf(w, "\n%d top-ups: %d final, %d flagged for reconciliation; duplicates=%d lost=%d; "+
		"the fake saw %d requests (%d top-ups, %d lookups), struck faults %v, charged %d\n",
		n, final, flagged, rep.Duplicates, rep.Lost, st.Requests, st.ByOp[fake.OpTopUp], st.ByOp[fake.OpGetTransactions], st.Faults, st.Charges)
	srv.SetFaults(func(fake.Request) fault.Fault { return fault.Fault{} }) // the network is calm again
	return rep, reconcile(ctx, w, eng, c, journal, &rep)
}

// tell is what the caller is told by Execute's or Wait's error.
func tell(err error) string {
	var te *engine.TransactionError
	switch {
	case err == nil:
		return "success"
	case errors.As(err, &te) && te.Reconcile():
		return te.Class.Outcome.String() + ": flagged for reconciliation"
	case errors.As(err, &te):
		return "failed"
	}
	return "error: " + err.Error()
}

func printTransaction(w io.Writer, i int, t Transaction) {
	fmt.Fprintf(w, "#%d %s — %s\n", i, t.Reference, t.Story)
	fmt.Fprintf(w, "   network: %s\n", strings.Join(t.Network, "; "))
	fmt.Fprintf(w, "   engine:  %d send(s), %d lookup(s) → %s\n", t.Sends, t.Lookups, t.Told)
	fmt.Fprintf(w, "   ledger:  %s, charged %d time(s); %d top-up(s) carried the reference\n", t.Ledger, t.Charges, t.Carried)
}

func ptr[T any](v T) *T { return &v }
