package faultsuite

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// TestInFlightErrorDoesNotReadNotSent is the regression test of what the
// Clickatell mixed run met: when the In-Flight Transaction Check itself
// fails with an error that matches codebook.ErrNotSent (its request never
// left: the attempt's deadline came first), Execute joined that error into
// the purchase's, and the purchase, which was sent, matched ErrNotSent. A
// caller who reads ErrNotSent as "nothing happened, try again under a new
// reference" would charge twice. Fixed in the engine by 1f98fa1; before it
// this test failed.
func TestInFlightErrorDoesNotReadNotSent(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	c, err := clClient(srv, httpClient())
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFaults(fake.OpTransact, fault.Reset()) // sent, answer lost, nothing written
	var journal cbjournal.Memory
	tx := clTransactTx(c, transactBody(1, "27821234567"), time.Millisecond, &journal) // the fake takes no freedom
	tx.InFlight = func(context.Context, string) (bool, error) {
		return false, fmt.Errorf("InFlightTransactionCheck: %w", codebook.ErrNotSent)
	}
	eng := engine.NewEngine(engine.Policy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond, Deadline: 5 * time.Second})
	s, err := engine.Execute(context.Background(), eng, tx)
	if s.Attempts != 1 || !errors.Is(err, codebook.ErrNeedsReconciliation) {
		t.Fatalf("attempts %d, err %v: want one send, flagged for reconciliation", s.Attempts, err)
	}
	if errors.Is(err, codebook.ErrNotSent) {
		t.Errorf("a purchase that was sent matches ErrNotSent through its in-flight check's error: %v", err)
	}
}
