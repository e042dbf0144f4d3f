package crashtest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/transport"
)

// manyN is how many unresolved transactions the many-instances test
// seeds: CRASHTEST_MANY (make soak: 10,000), or 2,000.
func manyN(t *testing.T) int { return envInt(t, "CRASHTEST_MANY", 2000) }

// kind is how a seeded transaction was left, and what resolving it once
// means at the provider.
type kind struct {
	name  string
	steps []journal.Step
	sent  bool // the crashed writer's top-up reached the provider
	// pending: the provider answered pending; it settles after a lookup.
	pending bool
	// sends is how many top-ups carry the reference once it is resolved
	// once; final is the journal state then.
	sends int
	final journal.State
}

func seedKinds() []kind {
	sending := journal.Step{State: journal.StateSending, Attempt: 1, Class: codebook.Unknown()}
	uncertain := journal.Step{State: journal.StateUncertain, Class: codebook.Unknown()}
	pending := journal.Step{State: journal.StateAnswered, Attempt: 1, Class: cbengine.StatusClass(codebook.OutcomePending)}
	return []kind{
		{name: "created", sends: 0, final: journal.StateFailed},
		{name: "sending, never left", steps: []journal.Step{sending}, sends: 1, final: journal.StateSucceeded},
		{name: "sending, charged", steps: []journal.Step{sending}, sent: true, sends: 1, final: journal.StateSucceeded},
		{name: "uncertain, charged", steps: []journal.Step{sending, uncertain}, sent: true, sends: 1, final: journal.StateSucceeded},
		{name: "pending", steps: []journal.Step{sending, pending}, sent: true, pending: true, sends: 1, final: journal.StateSucceeded},
	}
}

// TestFourReconcilersShareOnePostgres seeds unresolved transactions on one
// PostgreSQL, runs four reconciler processes on it, kills one with
// SIGKILL mid-lease (paused after a sending write, its other claims in
// flight), and checks at the provider that each transaction was resolved
// once: the top-ups carrying each reference are the ones resolving it
// once requires (none for a created one, one otherwise), none twice, and
// the journal holds every one final.
func TestFourReconcilersShareOnePostgres(t *testing.T) {
	v := many(t, manyN(t), true, "")
	assert.Zero(t, v.twice, "resolved twice")
	assert.Zero(t, v.left, "left unresolved")
	assert.Zero(t, v.wrong, "resolved otherwise than the rules allow")
}

// TestFourReconcilersControl shows that the check catches reconcilers that
// retry under a new reference: recipients topped up twice.
func TestFourReconcilersControl(t *testing.T) {
	v := many(t, 100, false, "new-reference")
	assert.Positive(t, v.twice, "the control was not caught: %+v", v)
}

// manyVerdict is what the many-instances check found.
type manyVerdict struct{ twice, left, wrong int }

// many seeds n transactions, drains them with four reconciler processes
// (the first killed mid-lease when kill is set) and compares.
func many(t *testing.T, n int, kill bool, broken string) manyVerdict {
	dsn := server.DSN(t)
	srv := fake.New(fake.WithBalance(1e12))
	defer srv.Close()
	kinds := seedKinds()
	seedStart := time.Now()
	seed(t, dsn, srv, kinds, n)
	t.Logf("seeded %d unresolved transactions in %s", n, time.Since(seedStart).Round(time.Millisecond))

	start := time.Now()
	var wg sync.WaitGroup
	results := make([]roundResult, 4)
	for i := range 4 {
		cfg := config{Backend: "postgres", DSN: dsn, URL: srv.URL(), Round: 1000 + i, Drain: true, DrainFor: 10 * time.Minute,
			Batch: 64, Concurrency: 8, Hold: 5 * time.Second, Broken: broken}
		if i == 0 && kill {
			// Mid-lease: a quarter into its share of the resends, its batch
			// claimed and some of it in flight.
			cfg.PauseState, cfg.PauseAt = "sending", max(1, n/80)
		}
		wg.Add(1)
		go func() { defer wg.Done(); results[i] = runRound(t, cfg, 0) }()
	}
	wg.Wait()
	took := time.Since(start)
	require.Equal(t, kill, results[0].killed, "the first reconciler was to be killed mid-lease: %+v", results[0])
	for i, r := range results {
		if i > 0 || !kill {
			require.False(t, r.killed)
			require.Zero(t, r.exit, "reconciler %d failed: %s", i, r.stderr)
		}
	}

	st, err := openStore("postgres", dsn)
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	twice, left, wrong := 0, 0, 0
	recipients := map[string]int{}
	for _, lt := range srv.Transactions() {
		if recipients[lt.MSISDN]++; recipients[lt.MSISDN] == 2 {
			twice++ // topped up again under another reference
		}
	}
	for i := range n {
		k, ref := kinds[i%len(kinds)], manyRef(i)
		if srv.Attempts(ref) > k.sends || srv.Charges(ref) > 1 {
			twice++
		} else if srv.Attempts(ref) != k.sends {
			wrong++
		}
		rec, err := st.Get(ctx, ref)
		switch {
		case err != nil || !rec.Step.State.Final():
			left++
		case rec.Step.State != k.final:
			wrong++
		}
	}
	t.Logf("many instances: %d transactions, 4 reconciler processes on PostgreSQL, one killed mid-lease (%v): drained in %s (%.0f transactions/s); resolved twice %d, left %d, otherwise wrong %d",
		n, kill, took.Round(time.Millisecond), float64(n)/took.Seconds(), twice, left, wrong)
	return manyVerdict{twice: twice, left: left, wrong: wrong}
}

func manyRef(i int) string { return fmt.Sprintf("many-%06d", i) }

// seed journals n transactions as crashed writers left them, and puts the
// top-ups that reached the provider in the fake's ledger.
func seed(t *testing.T, dsn string, srv *fake.Server, kinds []kind, n int) {
	st, err := openStore("postgres", dsn)
	require.NoError(t, err)
	defer st.Close()
	c, err := client(srv.URL())
	require.NoError(t, err)
	next := make(chan int)
	errs := make(chan error, 8)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := seedOne(st, c, srv, kinds[i%len(kinds)], i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range n {
		select {
		case next <- i:
		case err := <-errs:
			close(next)
			wg.Wait()
			t.Fatal(err)
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	require.NoError(t, <-errs)
}

func seedOne(st store, c *ca.Client, srv *fake.Server, k kind, i int) error {
	ctx := context.Background()
	ref, amount := manyRef(i), 5.0
	body := ca.TopUpRequest{MSISDN: fmt.Sprintf("2637%08d", i), Amount: &amount, ExtRefID: &ref}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	gen, err := st.Begin(ctx, journal.Entry{Reference: ref, Operation: "topUp", Fingerprint: journal.FingerprintOf(raw), Request: raw})
	if err != nil {
		return err
	}
	for _, s := range k.steps {
		if err := st.Record(ctx, ref, gen, s); err != nil {
			return err
		}
	}
	if !k.sent {
		return nil
	}
	if k.pending {
		srv.ScriptReference(ref, fake.Outcome{Entry: ca.TopupPending, PendingLookups: 1})
	}
	_, _, err = c.TopUp(transport.WithMoneyMoving(ctx), body)
	if err != nil || srv.Charges(ref) != 1 {
		return fmt.Errorf("seeding %s: charged %d times: %v", ref, srv.Charges(ref), err)
	}
	return nil
}
