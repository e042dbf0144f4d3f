package clickatell_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/testkit"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// TestEngineSettlesAPurchaseByLookup runs engine.Execute and Wait over
// the generated TransactTransaction against the fake: the purchase answers
// 0000 (pending), the first lookup PENDING, the next SUCCESS.
func TestEngineSettlesAPurchaseByLookup(t *testing.T) {
	srv := start(t)
	c := client0(t, srv)
	eng := engine.NewEngine(engine.Policy{
		BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond,
		PollInitial: time.Millisecond, PollMax: 2 * time.Millisecond, MaxWait: 300 * time.Millisecond,
	})
	var journal cbjournal.Memory
	tx := c.TransactTransaction(cl.TransactParams{Version: v4.Version}, transact(""), cl.TransactionLookupParams{ClientID: 200}, &journal)
	s, err := engine.Execute(context.Background(), eng, tx)
	if !errors.Is(err, codebook.OutcomePending) {
		t.Fatalf("Execute: %v %+v", err, s.Class)
	}
	if srv.Charges(s.Reference) != 1 {
		t.Fatalf("charges %d", srv.Charges(s.Reference))
	}
	found, err := engine.Wait(context.Background(), eng, s.Reference, tx.Lookup)
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if found.Class.Outcome != codebook.OutcomeSuccess || *found.Value.TransactionStatus != "SUCCESS" {
		t.Fatalf("Wait found %+v", found)
	}
	if tr, _ := srv.Transaction(s.Reference); tr.State != fake.StateSuccess || srv.Charges(s.Reference) != 1 {
		t.Fatalf("ledger: %+v, %d charges", tr, srv.Charges(s.Reference))
	}
}

// inFlightRun sends one Reserve and Transact purchase through the
// generated transaction, its first send reset before the fake processes
// it, on a virtual clock; edit changes the transaction first.
func inFlightRun(t *testing.T, body cl.ReserveAndTransactRequest, edit func(*engine.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse])) (*fake.Server, engine.Settled[*cl.TransactionResponse, *cl.TransactionLookupResponse], error) {
	clk := testkit.NewClock(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	srv := start(t, fake.WithClock(clk.Now))
	srv.InjectFaults(fake.OpReserveAndTransact, fault.Reset())
	c := client0(t, srv)
	eng := engine.NewEngine(engine.Policy{Clock: clk, Rand: func() float64 { return 0.5 }, Deadline: time.Hour})
	var journal cbjournal.Memory
	tx := c.ReserveAndTransactTransaction(cl.ReserveAndTransactParams{Version: v4.Version}, body, lookupRef(""), &journal)
	if edit != nil {
		edit(&tx)
	}
	s, err := engine.Execute(context.Background(), eng, tx)
	return srv, s, err
}

// TestEngineResendsOnlyAfterTheInFlightCheck: Clickatell refuses no reused
// clientTxnRef, so after a lost answer the generated transaction resends
// only once the lookup proved the purchase absent over the settle time and
// the documented In-Flight Transaction Check found nothing in progress.
func TestEngineResendsOnlyAfterTheInFlightCheck(t *testing.T) {
	srv, s, err := inFlightRun(t, purchase(""), nil)
	if err != nil && !errors.Is(err, codebook.OutcomePending) {
		t.Fatalf("Execute: %v", err)
	}
	if s.Attempts != 2 || srv.Charges(s.Reference) != 1 || s.Lookups != 2 {
		t.Fatalf("attempts %d, charges %d, lookups %d; want 2, 1, 2", s.Attempts, srv.Charges(s.Reference), s.Lookups)
	}
}

// TestEngineFlagsWithoutAnInFlightCheck: without the check, or with a
// purchase that lacks a field the check needs, the purchase is flagged,
// never resent.
func TestEngineFlagsWithoutAnInFlightCheck(t *testing.T) {
	noCheck := func(tx *engine.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse]) {
		tx.InFlight = nil
	}
	noProduct := purchase("")
	noProduct.ProductID = nil
	for name, run := range map[string]func() (*fake.Server, engine.Settled[*cl.TransactionResponse, *cl.TransactionLookupResponse], error){
		"no in-flight check": func() (*fake.Server, engine.Settled[*cl.TransactionResponse, *cl.TransactionLookupResponse], error) {
			return inFlightRun(t, purchase(""), noCheck)
		},
		"a purchase without a productId": func() (*fake.Server, engine.Settled[*cl.TransactionResponse, *cl.TransactionLookupResponse], error) {
			return inFlightRun(t, noProduct, nil)
		},
	} {
		srv, s, err := run()
		if !errors.Is(err, codebook.ErrNeedsReconciliation) || !errors.Is(err, codebook.OutcomeUncertain) {
			t.Errorf("%s: error %v, want flagged for reconciliation", name, err)
		}
		if s.Attempts != 1 || srv.Charges(s.Reference) != 0 {
			t.Errorf("%s: attempts %d, charges %d; want 1, 0", name, s.Attempts, srv.Charges(s.Reference))
		}
	}
}
