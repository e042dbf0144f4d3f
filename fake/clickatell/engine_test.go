package clickatell_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// TestEngineSettlesAPurchaseByLookup runs codebook.Execute and Wait over
// the generated TransactTransaction against the fake: the purchase answers
// 0000 (pending), the first lookup PENDING, the next SUCCESS.
func TestEngineSettlesAPurchaseByLookup(t *testing.T) {
	srv := start(t)
	c := client0(t, srv)
	eng := codebook.NewEngine(codebook.Policy{
		BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond,
		PollInitial: time.Millisecond, PollMax: 2 * time.Millisecond, MaxWait: 300 * time.Millisecond,
	})
	var journal codebook.MemoryJournal
	tx := c.TransactTransaction(cl.TransactParams{Version: v4.Version}, transact(""), cl.TransactionLookupParams{ClientID: 200}, journal.Persist)
	s, err := codebook.Execute(context.Background(), eng, tx)
	if !errors.Is(err, codebook.OutcomePending) {
		t.Fatalf("Execute: %v %+v", err, s.Class)
	}
	if srv.Charges(s.Reference) != 1 {
		t.Fatalf("charges %d", srv.Charges(s.Reference))
	}
	found, err := codebook.Wait(context.Background(), eng, s.Reference, tx.Lookup)
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
