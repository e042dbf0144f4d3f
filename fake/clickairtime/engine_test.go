package clickairtime_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// TestEngineAgainstTheFake runs the retry and reconcile engine
// (engine.Execute and Wait over the generated TopUpTransaction) against
// the fake under every kind of fault and some pending answers, and compares
// what the engine reports with the fake's ledger: an order reported
// successful was charged once, one reported failed was never charged, and
// nothing was charged twice.
func TestEngineAgainstTheFake(t *testing.T) {
	srv := start(t, fake.WithFaults(fault.Random[fake.Request](11, fault.Rates{
		// No Retry-After: its whole seconds would make the test slow.
		Delay: 5, Unavailable: 10, Reset: 8, Drop: 8, Truncate: 8, HTMLProxy: 5,
		DelayFor: 2 * time.Millisecond,
	})), fake.WithScript(func(r fake.Request) fake.Outcome {
		switch r.Seq % 7 {
		case 0:
			return fake.Outcome{Entry: ca.TopupPending}
		case 3:
			return fake.Outcome{Entry: ca.TopupLowBalance}
		}
		return fake.Outcome{}
	}))
	c := client0(t, srv)
	eng := engine.NewEngine(engine.Policy{
		MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond, MaxRetryAfter: time.Second,
		PollInitial: time.Millisecond, PollMax: 4 * time.Millisecond, Deadline: 5 * time.Second, MaxWait: 5 * time.Second,
		Budget: engine.NewRetryBudget(1, 1000),
	})
	var journal cbjournal.Memory
	const orders = 60
	type report struct {
		ref     string
		outcome codebook.Outcome
	}
	reports := make(chan report, orders)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for range orders / 4 {
				tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: "263719545499", Amount: ptr(1.0)}, ca.GetTransactionsParams{}, &journal)
				s, err := engine.Execute(context.Background(), eng, tx)
				if errors.Is(err, codebook.ErrNotSent) {
					t.Errorf("worker %d: not sent: %v", w, err)
					continue
				}
				if err != nil && s.Class.Outcome == codebook.OutcomePending {
					_, err = engine.Wait(context.Background(), eng, s.Reference, tx.Lookup)
					var te *engine.TransactionError
					if err == nil {
						s.Class.Outcome = codebook.OutcomeSuccess
					} else if errors.As(err, &te) {
						s.Class = te.Class
					}
				}
				reports <- report{s.Reference, s.Class.Outcome}
			}
		})
	}
	wg.Wait()
	close(reports)
	count := map[codebook.Outcome]int{}
	for r := range reports {
		count[r.outcome]++
		tx, written := srv.Transaction(r.ref)
		switch r.outcome {
		case codebook.OutcomeSuccess:
			if !written || tx.State != fake.StateSuccess || srv.Charges(r.ref) != 1 {
				t.Errorf("%s reported success, ledger %+v (written %v)", r.ref, tx, written)
			}
		case codebook.OutcomeFailed:
			if written && tx.State != fake.StateFailed {
				t.Errorf("%s reported failed, ledger %+v", r.ref, tx)
			}
		}
		if srv.Charges(r.ref) > 1 {
			t.Errorf("%s charged %d times", r.ref, srv.Charges(r.ref))
		}
	}
	if count[codebook.OutcomeSuccess] == 0 || count[codebook.OutcomeFailed] == 0 {
		t.Errorf("outcomes %v: the mix should give both", count)
	}
	st := srv.Stats()
	t.Logf("outcomes %v; requests %d, commits %d, duplicates %d, faults %v", count, st.Requests, st.Commits, st.Duplicates, st.Faults)
}
