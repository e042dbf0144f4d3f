package reconciler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cbjournal "github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/journaltest"
	"github.com/codebookgen/codebook/reconciler"
	"github.com/codebookgen/codebook/transport"
)

// env is a fake Click Airtime, its client, a journal.Memory on a settable
// clock, and the log of the workers.
type env struct {
	t       *testing.T
	srv     *fake.Server
	c       *ca.Client
	eng     *engine.Engine
	journal *cbjournal.Memory
	clock   *journaltest.Clock // moves the journal.Memory holds
	logs    *bytes.Buffer
	dedup   bool          // Deduplicated of the rebuilt transactions
	settle  time.Duration // Settle of the rebuilt transactions
}

func newEnv(t *testing.T, opts ...fake.Option) *env {
	t.Helper()
	srv := fake.New(opts...)
	t.Cleanup(srv.Close)
	c, err := ca.NewClient(
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(transport.SafeHTTPClient(5*time.Second)),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	require.NoError(t, err)
	clk := journaltest.NewClock(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC))
	return &env{
		t: t, srv: srv, c: c, clock: clk, logs: &bytes.Buffer{}, dedup: true, settle: 20 * time.Millisecond,
		journal: &cbjournal.Memory{Now: clk.Now},
		eng: engine.NewEngine(engine.Policy{
			BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond,
			PollInitial: time.Millisecond, PollMax: 5 * time.Millisecond,
			AttemptTimeout: 2 * time.Second, Deadline: 10 * time.Second,
		}),
	}
}

// build rebuilds a journaled top-up from its stored request.
func (e *env) build(rec cbjournal.Record) (engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse], error) {
	var body ca.TopUpRequest
	if err := json.Unmarshal(rec.Entry.Request, &body); err != nil {
		return engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse]{}, err
	}
	tx := e.c.TopUpTransaction(body, ca.GetTransactionsParams{}, nil)
	// The fake records a top-up before it answers and its lookup does not
	// lag (unless a test says so): a short settle time is true of it.
	tx.Settle = e.settle
	tx.Deduplicated = e.dedup
	return tx, nil
}

func (e *env) worker(owner string) *reconciler.Worker {
	e.t.Helper()
	w, err := reconciler.New(e.journal, map[string]reconciler.Resolver{
		"topUp": reconciler.FromTransaction(e.eng, e.build),
	}, reconciler.Options{
		Owner: owner, Batch: 8, Hold: time.Minute, Concurrency: 2, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(syncWriter{e.logs, &sync.Mutex{}}, nil)),
	})
	require.NoError(e.t, err)
	return w
}

type syncWriter struct {
	b  *bytes.Buffer
	mu *sync.Mutex
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// request is the journaled body of a top-up to msisdn under ref.
func request(ref, msisdn string) []byte {
	amount := 5.0
	b, _ := json.Marshal(ca.TopUpRequest{MSISDN: msisdn, Amount: &amount, ExtRefID: &ref})
	return b
}

// seed journals a top-up under ref as a crashed writer left it: begun, and
// then the steps given, released at once.
func (e *env) seed(ref, op string, steps ...cbjournal.Step) []byte {
	e.t.Helper()
	body := request(ref, "263719500001")
	ctx := context.Background()
	gen, err := e.journal.Begin(ctx, cbjournal.Entry{Reference: ref, Operation: op,
		Fingerprint: cbjournal.FingerprintOf(body), Request: body})
	require.NoError(e.t, err)
	for _, s := range steps {
		require.NoError(e.t, e.journal.Record(ctx, ref, gen, s))
	}
	return body
}

// send puts the journaled top-up on the fake's wire directly, as the
// crashed writer did before it died.
func (e *env) send(body []byte) {
	e.t.Helper()
	var req ca.TopUpRequest
	require.NoError(e.t, json.Unmarshal(body, &req))
	_, _, _ = e.c.TopUp(transport.WithMoneyMoving(context.Background()), req)
}

func (e *env) state(ref string) cbjournal.Record {
	e.t.Helper()
	r, err := e.journal.Get(context.Background(), ref)
	require.NoError(e.t, err)
	return r
}

func sending(n int) cbjournal.Step {
	return cbjournal.Step{State: cbjournal.StateSending, Attempt: n, Class: codebook.Unknown()}
}

func TestUncertainFoundByLookupIsNotResent(t *testing.T) {
	e := newEnv(t)
	body := e.seed("ref-found", "topUp", sending(1))
	e.send(body) // charged; the writer died before it read the answer
	p, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, reconciler.Pass{Claimed: 1, Resolved: 1}, p)
	assert.Equal(t, cbjournal.StateSucceeded, e.state("ref-found").Step.State)
	assert.Equal(t, 1, e.srv.Charges("ref-found"))
	assert.Equal(t, 1, e.srv.Attempts("ref-found"), "found by the lookup: never sent again")
}

func TestSendingAbsentIsResentOnceWhenTheProviderDeduplicates(t *testing.T) {
	e := newEnv(t)
	e.seed("ref-absent", "topUp", sending(1)) // died before the send left
	_, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cbjournal.StateSucceeded, e.state("ref-absent").Step.State)
	assert.Equal(t, 1, e.srv.Charges("ref-absent"))
	assert.Equal(t, 1, e.srv.Attempts("ref-absent"))
}

func TestPendingIsResolvedLater(t *testing.T) {
	e := newEnv(t)
	e.srv.ScriptReference("ref-pending", fake.Outcome{Entry: ca.TopupPending, PendingLookups: -1})
	body := e.seed("ref-pending", "topUp", sending(1))
	e.send(body)
	w := e.worker("w1")
	_, err := w.Once(context.Background())
	require.NoError(t, err)
	r := e.state("ref-pending")
	require.False(t, r.Step.State.Final(), "still pending at the provider: %s", r.Step.State)
	assert.Equal(t, codebook.OutcomePending, r.Step.Class.Outcome)

	require.True(t, e.srv.Settle("ref-pending", ca.TopupSuccess))
	e.clock.Advance(time.Hour) // past any hold or release
	_, err = w.Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cbjournal.StateSucceeded, e.state("ref-pending").Step.State)
	assert.Equal(t, 1, e.srv.Charges("ref-pending"))
	assert.Equal(t, 1, e.srv.Attempts("ref-pending"))
}

func TestFlaggedStaysFlaggedWithoutASend(t *testing.T) {
	e := newEnv(t)
	e.dedup = false // a provider that does not refuse a reused reference, no in-flight check
	e.seed("ref-flagged", "topUp", sending(1), cbjournal.Step{State: cbjournal.StateFlagged,
		Class: codebook.Unknown(), Note: codebook.ErrNeedsReconciliation.Error()})
	_, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cbjournal.StateFlagged, e.state("ref-flagged").Step.State)
	assert.Equal(t, 0, e.srv.Attempts("ref-flagged"), "absent, but the provider may charge a resend twice")
}

func TestCreatedIsFinalizedFailedWithoutASend(t *testing.T) {
	e := newEnv(t)
	e.seed("ref-created", "topUp")
	p, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, reconciler.Pass{Claimed: 1, Resolved: 1}, p)
	r := e.state("ref-created")
	assert.Equal(t, cbjournal.StateFailed, r.Step.State)
	assert.Equal(t, reconciler.NeverSent, r.Step.Note)
	assert.Equal(t, codebook.RetryNewReference, r.Step.Class.Retry)
	assert.Zero(t, e.srv.Stats().Requests, "neither sent nor looked up")
}

func TestUnknownOperationIsLeftAlone(t *testing.T) {
	e := newEnv(t)
	e.seed("ref-refund", "refund", sending(1))
	w := e.worker("w1")
	_, err := w.Once(context.Background())
	require.NoError(t, err)
	r := e.state("ref-refund")
	assert.Equal(t, cbjournal.StateSending, r.Step.State, "nothing guessed")
	assert.Zero(t, e.srv.Stats().Requests)
	assert.False(t, r.HeldUntil.Before(e.clock.Now().Add(reconciler.DefaultLeave)), "released for a long time")
	e.clock.Advance(2 * time.Minute) // past the claim's hold, not the leave
	p, err := w.Once(context.Background())
	require.NoError(t, err)
	assert.Zero(t, p.Claimed)
	assert.Contains(t, e.logs.String(), `operation=refund`)
	assert.Contains(t, e.logs.String(), "unknown operation")
}

func TestStaleWorkerCannotOverwriteANewerResult(t *testing.T) {
	e := newEnv(t)
	body := e.seed("ref-stale", "topUp", sending(1))
	e.send(body)
	ctx := context.Background()
	stale, err := e.journal.Claim(ctx, "stale", 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, stale, 1)
	e.clock.Advance(2 * time.Minute) // the stale worker's hold lapses
	_, err = e.worker("fresh").Once(ctx)
	require.NoError(t, err)
	require.Equal(t, cbjournal.StateSucceeded, e.state("ref-stale").Step.State)

	// The stale worker wakes up: its write and its resolution are refused.
	err = e.journal.Record(ctx, "ref-stale", stale[0].Generation, cbjournal.Step{State: cbjournal.StateFailed})
	assert.Error(t, err)
	err = reconciler.FromTransaction(e.eng, e.build).Resolve(ctx, e.journal, stale[0])
	assert.ErrorIs(t, err, codebook.ErrJournalFinal)
	assert.Equal(t, cbjournal.StateSucceeded, e.state("ref-stale").Step.State)
	assert.Equal(t, 1, e.srv.Charges("ref-stale"))
	assert.Equal(t, 1, e.srv.Attempts("ref-stale"))
}

func TestBodyMismatchSendsNothing(t *testing.T) {
	e := newEnv(t)
	e.seed("ref-mismatch", "topUp", sending(1))
	other := func(rec cbjournal.Record) (engine.Transaction[*ca.TopUpResponse, *ca.TransactionsResponse], error) {
		rec.Entry.Request = request(rec.Entry.Reference, "263719599999")
		return e.build(rec)
	}
	rec := e.state("ref-mismatch")
	err := reconciler.FromTransaction(e.eng, other).Resolve(context.Background(), e.journal, rec)
	assert.ErrorIs(t, err, reconciler.ErrBodyMismatch)
	assert.Zero(t, e.srv.Stats().Requests)
}

func TestLogLinesNameTheDecisionNeverTheRequest(t *testing.T) {
	e := newEnv(t)
	body := e.seed("ref-log", "topUp", sending(1))
	e.send(body)
	_, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	line := e.logs.String()
	for _, want := range []string{"ref=ref-log", "operation=topUp", "before=sending", "after=succeeded", "generation=", "owner=w1"} {
		assert.Contains(t, line, want)
	}
	assert.NotContains(t, line, "263719500001", "the request's bytes are never logged")
}

func TestProgressCountsAndOldestAge(t *testing.T) {
	e := newEnv(t)
	e.seed("ref-a", "topUp", sending(1))
	e.clock.Advance(time.Minute)
	e.seed("ref-b", "refund")
	e.clock.Advance(time.Minute)
	p, err := e.worker("w1").Progress(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 2, p.Unresolved)
	assert.Equal(t, 1, p.Counts[cbjournal.StateSending])
	assert.Equal(t, 1, p.Counts[cbjournal.StateCreated])
	assert.Equal(t, 2*time.Minute, p.OldestUnresolved)
	assert.Equal(t, []any{"created", 1, "sending", 1}, p.States())
}

func TestNewRefusesWhatItCannotRun(t *testing.T) {
	var j cbjournal.Memory
	_, err := reconciler.New(nil, map[string]reconciler.Resolver{"x": reconciler.ResolverFunc(nil)}, reconciler.Options{})
	assert.ErrorContains(t, err, "Store")
	_, err = reconciler.New(&j, nil, reconciler.Options{})
	assert.True(t, err != nil && strings.Contains(err.Error(), "Resolver"))
}

func TestLaggingLookupWithinTheSettleTimeIsWaitedFor(t *testing.T) {
	e := newEnv(t, fake.WithLookupLag(100*time.Millisecond))
	e.settle = 300 * time.Millisecond // the provider's declared settle time covers its lag
	body := e.seed("ref-lag", "topUp", sending(1))
	e.send(body) // charged a moment ago; the lookup does not show it yet
	_, err := e.worker("w1").Once(context.Background())
	require.NoError(t, err)
	assert.Equal(t, cbjournal.StateSucceeded, e.state("ref-lag").Step.State)
	assert.Equal(t, 1, e.srv.Attempts("ref-lag"), "a not-found inside the settle time is not absence: no resend")
	assert.Equal(t, 1, e.srv.Charges("ref-lag"))
}

func TestRunResolvesUntilCanceled(t *testing.T) {
	e := newEnv(t)
	for _, ref := range []string{"run-1", "run-2", "run-3"} {
		e.seed(ref, "topUp", sending(1))
	}
	w, err := reconciler.New(e.journal, map[string]reconciler.Resolver{"topUp": reconciler.FromTransaction(e.eng, e.build)},
		reconciler.Options{Batch: 2, Poll: time.Millisecond, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	require.Eventually(t, func() bool {
		p, err := w.Progress(context.Background())
		return err == nil && p.Unresolved == 0
	}, 30*time.Second, 5*time.Millisecond, "Run resolves every transaction, in batches of 2")
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	for _, ref := range []string{"run-1", "run-2", "run-3"} {
		assert.Equal(t, cbjournal.StateSucceeded, e.state(ref).Step.State, ref)
		assert.Equal(t, 1, e.srv.Charges(ref), ref)
	}
}
