package faultsuite

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// TestReconciledInsufficientFundsKeepsItsCategory (issue 16): a Reserve
// and Transact purchase whose answer never comes (the client times out
// after the provider recorded it) and whose lookup then answers 2010
// "Insufficient funds" for our clientTxnRef, transactionStatus FAILED.
// Execute reconciles it, and Execute's error and Wait's both match
// codebook.ErrInsufficientFunds: the lookup keeps the 2010 row's class
// instead of the generic decline its status alone gives. Before the fix
// both were CategoryDeclined and this test failed.
func TestReconciledInsufficientFundsKeepsItsCategory(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	c, err := clClient(srv, &http.Client{Transport: transport(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	// The purchase is recorded FAILED for insufficient funds, then its answer
	// is held back until the client gives up.
	srv.Enqueue(fake.Outcome{Entry: cl.HTTPStatusInternalServerError, Commit: fake.CommitAlways, Result: cl.ReserveFundsInsufficientFunds})
	srv.InjectFaults(fake.OpReserveAndTransact, fake.Delay(time.Minute))
	var journal codebook.MemoryJournal
	tx := clReserveTx(c, reserveBody(1, "27821234567"), time.Millisecond, &journal)
	eng := codebook.NewEngine(codebook.Policy{AttemptTimeout: 300 * time.Millisecond, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond,
		PollInitial: time.Millisecond, PollMax: 2 * time.Millisecond, Deadline: 10 * time.Second, MaxWait: 5 * time.Second})
	s, err := codebook.Execute(context.Background(), eng, tx)
	var te *codebook.TransactionError
	if !errors.As(err, &te) || !s.ByLookup || s.Attempts != 1 {
		t.Fatalf("Execute: attempts %d, by lookup %v, err %v: want one send settled by the lookup", s.Attempts, s.ByLookup, err)
	}
	if te.Class.Outcome != codebook.OutcomeFailed || !errors.Is(err, codebook.ErrInsufficientFunds) {
		t.Errorf("Execute's error %v (class %s) does not match codebook.ErrInsufficientFunds", err, te.Class)
	}
	if rec, ok := srv.Transaction(s.Reference); !ok || rec.State != fake.StateFailed || srv.Charges(s.Reference) != 0 {
		t.Fatalf("the fake's ledger: %+v, %d charges; want the purchase FAILED and not charged", rec, srv.Charges(s.Reference))
	}
	lk, err := codebook.Wait(context.Background(), eng, s.Reference, tx.Lookup)
	if lk.State != codebook.LookupFound || !errors.Is(err, codebook.ErrInsufficientFunds) || errors.Is(err, codebook.ErrDeclined) {
		t.Errorf("Wait: %s, class %s, err %v: want found, matching ErrInsufficientFunds", lk.State, lk.Class, err)
	}
}
