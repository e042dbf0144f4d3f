package engine_test

// The generated Click Airtime transaction (TopUpTransaction, from the
// x-codebook of POST /adp) through the safe HTTP client and the engine,
// against fake/clickairtime with faults at each phase of a top-up.

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	fakeca "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/transport"
)

const (
	simEmail = "ops@example.com"
	simToken = "cat_CANARY_TOKEN_31337"
)

// postRecorder is a fault chooser for fake/clickairtime that records the
// body of every POST /adp and gives the n-th the n-th of its faults.
type postRecorder struct {
	mu     sync.Mutex
	faults []fault.Fault
	posts  [][]byte
}

func (p *postRecorder) choose(req fakeca.Request) fault.Fault {
	if req.Op != fakeca.OpTopUp {
		return fault.Fault{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.posts)
	p.posts = append(p.posts, req.Body)
	if n < len(p.faults) {
		return p.faults[n]
	}
	return fault.Fault{}
}

func (p *postRecorder) recorded() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.posts...)
}

// TestClickAirtimeAdapter runs top-ups through the generated client, the
// safe HTTP client and the engine, with faults at each phase; the ledger
// must end with exactly one transaction, every POST with the same bytes.
func TestClickAirtimeAdapter(t *testing.T) {
	amount := 5.0
	commit500 := fakeca.Outcome{Entry: clickairtime.HTTPStatusInternalServerError, Commit: fakeca.CommitAlways, Final: clickairtime.TopupSuccess}
	tests := []struct {
		name        string
		faults      []fault.Fault
		redirect    bool
		script      *fakeca.Outcome
		lag         time.Duration
		async       bool
		pending     int
		want        codebook.Outcome
		wantPosts   int
		wantLookups int
	}{
		{name: "answered", want: codebook.OutcomeSuccess, wantPosts: 1},
		{name: "committed, then the connection dropped: found, not resent", faults: []fault.Fault{fault.DropAfterCommit()}, want: codebook.OutcomeSuccess, wantPosts: 1, wantLookups: 1},
		{name: "dropped before commit: not found twice over the settle time, resent once", faults: []fault.Fault{{Kind: fault.KindDrop}}, want: codebook.OutcomeSuccess, wantPosts: 2, wantLookups: 2},
		{name: "committed, 500, lookup lags: not found once, found after the settle time, not resent", script: &commit500, lag: time.Second, want: codebook.OutcomeSuccess, wantPosts: 1, wantLookups: 2},
		{name: "redirected: not followed, looked up twice, resent", redirect: true, want: codebook.OutcomeSuccess, wantPosts: 2, wantLookups: 2},
		{name: "ASYNC 232: pending, then Wait", async: true, pending: 2, want: codebook.OutcomePending, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			elsewhere := &counter{}
			other := httptest.NewServer(elsewhere)
			defer other.Close()
			rec := &postRecorder{faults: tt.faults}
			if tt.redirect {
				rec.faults = []fault.Fault{fault.Redirect(other.URL + "/adp")}
			}
			clock := newFakeClock()
			opts := []fakeca.Option{
				fakeca.WithCredentials(simEmail, simToken), fakeca.WithClock(clock.Now),
				fakeca.WithFaults(rec.choose), fakeca.WithLookupLag(tt.lag),
			}
			if tt.pending > 0 {
				opts = append(opts, fakeca.WithPending(tt.pending, 0))
			}
			fake := fakeca.New(opts...)
			defer fake.Close()
			if tt.script != nil {
				fake.Enqueue(*tt.script)
			}

			var logs bytes.Buffer
			c, err := clickairtime.NewClient(
				clickairtime.WithBaseURL(fake.URL()),
				clickairtime.WithHTTPClient(transport.SafeHTTPClient(2*time.Second)),
				clickairtime.WithClickAirtimeEmail(codebook.NewSecret(simEmail)),
				clickairtime.WithClickAirtimeToken(codebook.NewSecret(simToken)),
				clickairtime.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			)
			require.NoError(t, err)
			req := clickairtime.TopUpRequest{MSISDN: "263719545499", Amount: &amount}
			if tt.async {
				mode := clickairtime.TopUpRequestProcessingModeAsync
				req.ProcessingMode = &mode
			}
			e := cbengine.NewEngine(cbengine.Policy{Clock: clock})
			j := &journal.Memory{}

			tx := c.TopUpTransaction(req, clickairtime.GetTransactionsParams{}, j)
			s, err := cbengine.Execute(context.Background(), e, tx)
			assert.Equal(t, tt.want, s.Class.Outcome, "class %s, err %v", s.Class, err)
			if tt.want == codebook.OutcomeSuccess {
				require.NoError(t, err)
			}

			if tt.async {
				require.ErrorIs(t, err, codebook.OutcomePending)
				lk, err := cbengine.Wait(context.Background(), e, s.Reference, tx.Lookup)
				require.NoError(t, err)
				require.Len(t, lk.Value.Data, 1)
				assert.Equal(t, "SUCCESS", *lk.Value.Data[0].State)
				sl := clock.slept()
				require.Len(t, sl, 2)
				assert.InDelta(t, float64(time.Second), float64(sl[0]), 0.2*float64(time.Second), "1 s ± 20 %%")
				assert.InDelta(t, float64(2*time.Second), float64(sl[1]), 0.4*float64(time.Second), "then 2 s ± 20 %%")
			}

			posts := rec.recorded()
			assert.Len(t, posts, tt.wantPosts, "POSTs")
			assert.Equal(t, tt.wantPosts, s.Attempts)
			if !tt.async {
				assert.Equal(t, tt.wantLookups, fake.Stats().ByOp[fakeca.OpGetTransactions])
			}
			assert.Len(t, fake.Transactions(), 1, "exactly one transaction")
			_, found := fake.Transaction(s.Reference)
			assert.True(t, found, "the transaction is under the engine's reference")
			for i, p := range posts {
				assert.Equal(t, string(posts[0]), string(p), "POST %d: same bytes", i+1)
				assert.Equal(t, s.Fingerprint, journal.FingerprintOf(p), "POST %d: the bytes fingerprinted and persisted", i+1)
			}
			jr, err := j.Get(context.Background(), s.Reference)
			require.NoError(t, err)
			assert.Equal(t, s.Fingerprint, jr.Entry.Fingerprint)
			assert.Equal(t, "topUp", jr.Entry.Operation)
			assert.Equal(t, string(posts[0]), string(jr.Entry.Request), "the journal holds the bytes sent")
			assert.Zero(t, elsewhere.hits.Load(), "no redirect followed")

			assert.NotContains(t, logs.String(), simToken)
			assert.NotContains(t, fmt.Sprintf("%+v %v", s, err), simToken)
		})
	}
}
