package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/webhook"
)

// TestWebhookSettlesAPendingTopUp (issue 15, item 4): a V2 top-up that
// Execute left pending in the journal is settled by the provider's signed
// topup.completed callback, without a poll; the receiver confirms a
// topup.failed callback through the generated lookup before trusting it.
func TestWebhookSettlesAPendingTopUp(t *testing.T) {
	for _, c := range []struct {
		event, kept string
		want        journal.State
		lookups     int64
	}{
		{"completed", "completed", journal.StateSucceeded, 0},
		{"failed", "failed", journal.StateFailed, 1},
		{"failed", "completed", journal.StateSucceeded, 1}, // the lookup contradicts the callback
	} {
		var lookups atomic.Int64
		var ref atomic.Value
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.Method == http.MethodPost {
				ref.Store(r.Header.Get("Idempotency-Key"))
				w.WriteHeader(http.StatusCreated)
				_, _ = fmt.Fprint(w, `{"success":true,"data":{"id":"t-1","status":"pending"}}`)
				return
			}
			lookups.Add(1)
			_, _ = fmt.Fprintf(w, `{"success":true,"data":[{"id":"t-1","reference":%q,"status":%q}]}`, r.URL.Query().Get("reference"), c.kept)
		}))
		defer srv.Close()
		client, err := v2.NewClient(v2.WithBaseURL(srv.URL), v2.WithAPIKey(codebook.NewSecret(apiKey)))
		if err != nil {
			t.Fatal(err)
		}
		j := &journal.Memory{}
		tx := client.CreateTopupTransaction(v2.CreateTopupParams{}, v2.TopupRequest{PhoneNumber: "+233541112259", NetworkID: 42,
			Amount: &v2.Money{Value: 50, Currency: "GHS"}}, v2.ListTopupsParams{}, j)
		s, err := engine.Execute(context.Background(), engine.NewEngine(engine.Policy{}), tx)
		var te *engine.TransactionError
		if s.Class.Outcome != codebook.OutcomePending || !errors.As(err, &te) {
			t.Fatalf("Execute: %s, %v; want pending", s.Class.Outcome, err)
		}
		recv, err := webhook.New(webhook.Config{Secret: codebook.NewSecret(apiKey), Journal: j, Lookup: webhook.FromLookup(tx.Lookup),
			Handler: func(context.Context, webhook.Event) error { return nil }})
		if err != nil {
			t.Fatal(err)
		}
		body := fmt.Appendf(nil, `{"id":"t-1","reference":%q,"status":%q}`, ref.Load(), c.event)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(body))
		req.Header.Set("X-Webhook-Event", "topup."+c.event)
		req.Header.Set("X-Webhook-Timestamp", ts)
		req.Header.Set("X-Webhook-Signature", webhook.Sign(codebook.NewSecret(apiKey), ts, body))
		w := httptest.NewRecorder()
		recv.ServeHTTP(w, req)
		rec, _ := j.Get(context.Background(), s.Reference)
		if w.Code != http.StatusOK || rec.Step.State != c.want || lookups.Load() != c.lookups {
			t.Errorf("topup.%s, provider keeps %s: %d, journal %s after %d lookups; want 200, %s after %d",
				c.event, c.kept, w.Code, rec.Step.State, lookups.Load(), c.want, c.lookups)
		}
	}
}
