package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	"github.com/codebookgen/codebook/fake/fault"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/journal"
)

// TestV2FakeDuplicateKeyKeepsOneCharge (issue 15, item 3, on engineer
// 15c's fake): the first POST's answer is lost after the fake wrote the
// top-up, and its lookup lags past the settle time (a provider breaking
// its settle-time contract), so the engine proves "absence" and resends.
// The same Idempotency-Key is answered 409 DUPLICATE_TRANSACTION, which
// leads through the lookup to the original top-up: one charge, and the
// outcome is the original's (pending, then completed by Wait), never
// failed.
func TestV2FakeDuplicateKeyKeepsOneCharge(t *testing.T) {
	clock := newFakeClock()
	srv := fake.New(fake.WithClock(clock.Now), fake.WithLookupLag(35*time.Second))
	defer srv.Close()
	srv.InjectFaults(fake.OpCreateTopup, fault.DropAfterCommit())
	c, err := v2.NewClient(v2.WithBaseURL(srv.URL()), v2.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)))
	if err != nil {
		t.Fatal(err)
	}
	j := &journal.Memory{Now: clock.Now}
	tx := c.CreateTopupTransaction(v2.CreateTopupParams{}, v2.TopupRequest{PhoneNumber: "+233541112259", NetworkID: 42,
		Amount: &v2.Money{Value: 50, Currency: "GHS"}}, v2.ListTopupsParams{}, j)
	e := engine(clock, 0.5, cbengine.Policy{BaseDelay: 5 * time.Second, MaxDelay: 10 * time.Second, MaxAttempts: 4, Deadline: 10 * time.Minute})
	s, err := cbengine.Execute(context.Background(), e, tx)
	if got := srv.Attempts(s.Reference); got != 2 {
		t.Fatalf("the fake saw %d POSTs under the key; want 2 (the resend after proven absence)", got)
	}
	if got := srv.Charges(s.Reference); got != 1 {
		t.Fatalf("charged %d times under one key; want 1", got)
	}
	var te *cbengine.TransactionError
	if s.Class.Outcome != codebook.OutcomePending || !s.ByLookup || !errors.As(err, &te) || !te.Reconcile() {
		t.Fatalf("after the 409: %s (by lookup %v), %v; want the original's pending, found by the lookup", s.Class.Outcome, s.ByLookup, err)
	}
	lk, err := cbengine.Wait(context.Background(), e, s.Reference, tx.Lookup)
	if err != nil || lk.Class.Outcome != codebook.OutcomeSuccess {
		t.Fatalf("Wait: %s, %v; want success", lk.Class.Outcome, err)
	}
}
