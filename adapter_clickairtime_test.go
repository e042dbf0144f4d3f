package codebook_test

// The generated Click Airtime transaction (TopUpTransaction, from the
// x-codebook of POST /adp) through the safe HTTP client and the engine,
// against simAirtime, an in-process Click Airtime with a ledger and
// scripted faults, written here independently of fake/clickairtime.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

const (
	simEmail = "ops@example.com"
	simToken = "cat_CANARY_TOKEN_31337"
)

// simAirtime is an in-process Click Airtime V1: a ledger keyed by
// extRefId, and faults scripted per POST.
type simAirtime struct {
	t          *testing.T
	mu         sync.Mutex
	ledger     map[string]string // extRefId -> state
	posts      [][]byte          // every POST body received
	lookups    int
	postFaults []string // per POST: "drop", "commit-drop", "commit-500", "redirect", "" (answer)
	lag        int      // the first lag lookups answer "No transactions found"
	states     []string // successive states a PENDING transaction shows to lookups
	elsewhere  string   // where "redirect" points
}

func newSimAirtime(t *testing.T, faults ...string) (*simAirtime, *httptest.Server) {
	s := &simAirtime{t: t, ledger: map[string]string{}, postFaults: faults}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *simAirtime) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *simAirtime) drop(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	require.NoError(s.t, err)
	_ = conn.Close()
}

func (s *simAirtime) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("X-Click-Airtime-Email") != simEmail || r.Header.Get("X-Click-Airtime-Token") != simToken {
		s.reply(w, 401, map[string]any{"message": "Invalid or missing authentication credentials", "statusCode": 401})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/adp":
		s.topUp(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/adp/transactions":
		s.transactions(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (s *simAirtime) topUp(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.posts = append(s.posts, body)
	fault := ""
	if n := len(s.posts) - 1; n < len(s.postFaults) {
		fault = s.postFaults[n]
	}
	var req clickairtime.TopUpRequest
	require.NoError(s.t, json.Unmarshal(body, &req))
	require.NotNil(s.t, req.ExtRefID)
	ref := *req.ExtRefID
	switch fault {
	case "drop":
		s.drop(w)
		return
	case "redirect":
		http.Redirect(w, r, s.elsewhere+"/adp", http.StatusTemporaryRedirect)
		return
	}
	if _, dup := s.ledger[ref]; dup {
		s.reply(w, 400, map[string]any{"message": "External reference ID already exists", "statusCode": 400, "code": 90})
		return
	}
	async := req.ProcessingMode != nil && *req.ProcessingMode == clickairtime.TopUpRequestProcessingModeAsync
	s.ledger[ref] = map[bool]string{false: "SUCCESS", true: "PENDING"}[async]
	switch {
	case fault == "commit-drop":
		s.drop(w)
	case fault == "commit-500":
		s.reply(w, 500, map[string]any{"message": "Internal server error", "statusCode": 500})
	case async:
		s.reply(w, 200, map[string]any{"message": "Airtime Request is being processed", "statusCode": 200, "code": 232})
	default:
		s.reply(w, 200, map[string]any{"message": "Top-up successful! Airtime has been successfully topped up", "statusCode": 200, "code": 1, "data": map[string]any{"transactionId": "t-" + ref}})
	}
}

func (s *simAirtime) transactions(w http.ResponseWriter, r *http.Request) {
	s.lookups++
	ref := r.URL.Query().Get("extRefId")
	state, ok := s.ledger[ref]
	if !ok || s.lookups <= s.lag {
		s.reply(w, 404, map[string]any{"message": "No transactions found", "statusCode": 404})
		return
	}
	if state == "PENDING" && len(s.states) > 0 {
		state, s.states = s.states[0], s.states[1:]
		s.ledger[ref] = state
	}
	s.reply(w, 200, map[string]any{"message": "Success", "statusCode": 200, "data": []map[string]any{
		{"transactionId": "t-" + ref, "extRefId": ref, "amount": 5, "currency": "USD", "msisdn": "263719545499", "state": state},
	}})
}

func (s *simAirtime) snapshot() (posts [][]byte, ledger map[string]string, lookups int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ledger = map[string]string{}
	for k, v := range s.ledger {
		ledger[k] = v
	}
	return append([][]byte(nil), s.posts...), ledger, s.lookups
}

// TestClickAirtimeAdapter runs top-ups through the generated client, the
// safe HTTP client and the engine, with faults at each phase; the ledger
// must end with exactly one transaction, every POST with the same bytes.
func TestClickAirtimeAdapter(t *testing.T) {
	amount := 5.0
	tests := []struct {
		name        string
		faults      []string
		lag         int
		async       bool
		states      []string
		want        codebook.Outcome
		wantPosts   int
		wantLookups int
	}{
		{name: "answered", want: codebook.OutcomeSuccess, wantPosts: 1},
		{name: "committed, then the connection dropped: found, not resent", faults: []string{"commit-drop"}, want: codebook.OutcomeSuccess, wantPosts: 1, wantLookups: 1},
		{name: "dropped before commit: not found twice over the settle time, resent once", faults: []string{"drop"}, want: codebook.OutcomeSuccess, wantPosts: 2, wantLookups: 2},
		{name: "committed, 500, lookup lags: not found once, found after the settle time, not resent", faults: []string{"commit-500"}, lag: 1, want: codebook.OutcomeSuccess, wantPosts: 1, wantLookups: 2},
		{name: "redirected: not followed, looked up twice, resent", faults: []string{"redirect"}, want: codebook.OutcomeSuccess, wantPosts: 2, wantLookups: 2},
		{name: "ASYNC 232: pending, then Wait", async: true, states: []string{"PENDING", "PENDING", "SUCCESS"}, want: codebook.OutcomePending, wantPosts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim, srv := newSimAirtime(t, tt.faults...)
			sim.lag, sim.states = tt.lag, tt.states
			elsewhere := &counter{}
			other := httptest.NewServer(elsewhere)
			defer other.Close()
			sim.elsewhere = other.URL

			var logs bytes.Buffer
			c, err := clickairtime.NewClient(
				clickairtime.WithBaseURL(srv.URL),
				clickairtime.WithHTTPClient(codebook.SafeHTTPClient(2*time.Second)),
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
			clock := newFakeClock()
			e := codebook.NewEngine(codebook.Policy{Clock: clock})
			j := &codebook.MemoryJournal{}

			tx := c.TopUpTransaction(req, clickairtime.GetTransactionsParams{}, j)
			s, err := codebook.Execute(context.Background(), e, tx)
			assert.Equal(t, tt.want, s.Class.Outcome, "class %s, err %v", s.Class, err)
			if tt.want == codebook.OutcomeSuccess {
				require.NoError(t, err)
			}

			if tt.async {
				require.ErrorIs(t, err, codebook.OutcomePending)
				lk, err := codebook.Wait(context.Background(), e, s.Reference, tx.Lookup)
				require.NoError(t, err)
				require.Len(t, lk.Value.Data, 1)
				assert.Equal(t, "SUCCESS", *lk.Value.Data[0].State)
				sl := clock.slept()
				require.Len(t, sl, 2)
				assert.InDelta(t, float64(time.Second), float64(sl[0]), 0.2*float64(time.Second), "1 s ± 20 %%")
				assert.InDelta(t, float64(2*time.Second), float64(sl[1]), 0.4*float64(time.Second), "then 2 s ± 20 %%")
			}

			posts, ledger, lookups := sim.snapshot()
			assert.Len(t, posts, tt.wantPosts, "POSTs")
			assert.Equal(t, tt.wantPosts, s.Attempts)
			if !tt.async {
				assert.Equal(t, tt.wantLookups, lookups)
			}
			assert.Len(t, ledger, 1, "exactly one transaction")
			assert.Contains(t, ledger, s.Reference)
			for i, p := range posts {
				assert.Equal(t, string(posts[0]), string(p), "POST %d: same bytes", i+1)
				assert.Equal(t, s.Fingerprint, codebook.FingerprintOf(p), "POST %d: the bytes fingerprinted and persisted", i+1)
			}
			rec, err := j.Get(context.Background(), s.Reference)
			require.NoError(t, err)
			assert.Equal(t, s.Fingerprint, rec.Entry.Fingerprint)
			assert.Equal(t, "topUp", rec.Entry.Operation)
			assert.Equal(t, string(posts[0]), string(rec.Entry.Request), "the journal holds the bytes sent")
			assert.Zero(t, elsewhere.hits.Load(), "no redirect followed")

			assert.NotContains(t, logs.String(), simToken)
			assert.NotContains(t, fmt.Sprintf("%+v %v", s, err), simToken)
		})
	}
}
