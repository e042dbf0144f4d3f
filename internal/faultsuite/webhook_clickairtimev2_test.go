package faultsuite

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/webhook"
)

// webhookRun is what one webhook run did.
type webhookRun struct {
	orders, failedOrders     int
	delivered, dropped       int
	handled                  map[string]int // handler calls by event type
	bySettlement             map[string]int
	succeeded, failed, other int // journal rows after the deliveries
	disagree                 int // journal final and the ledger saying otherwise
}

// runWebhooks places n V2 top-ups whose callback_url is a webhook.Receiver
// settling the engine's journal (key is what the fake signs with), lets
// Execute flag them pending, settles them at the provider (every tenth
// failed) so that the fake sends its webhooks as hooks says, and reads the
// journal once the deliveries are over: no order is polled after Execute.
func runWebhooks(t *testing.T, hooks webhook.Config, fakeKey string, n int, w fake.Webhooks) webhookRun {
	t.Helper()
	srv := fake.New(fake.WithAPIKey(fakeKey), fake.WithWebhooks(w), fake.WithPending(-1, 0))
	defer srv.Close()
	c := v2Client(t, srv, v2.WithHTTPClient(guardedClient()), v2.WithAPIKey(codebook.NewSecret(fakeKey)))
	j := &journal.Memory{}
	run := webhookRun{orders: n, handled: map[string]int{}, bySettlement: map[string]int{}}
	var mu sync.Mutex
	hooks.Journal = j
	hooks.Lookup = webhook.FromLookup(c.CreateTopupTransaction(v2.CreateTopupParams{}, v2TopupBody(0), v2.ListTopupsParams{}, j).Lookup)
	hooks.Handler = func(_ context.Context, ev webhook.Event) error {
		mu.Lock()
		run.handled[ev.Type]++
		run.bySettlement[ev.Settlement.String()]++
		mu.Unlock()
		return nil
	}
	recv, err := webhook.New(hooks)
	if err != nil {
		t.Fatal(err)
	}
	hook := httptest.NewServer(recv)
	defer hook.Close()
	eng := engine.NewEngine(mixedPolicy())
	refs := make([]string, n)
	for i := range n {
		body := v2TopupBody(i)
		body.CallbackURL = ptr(hook.URL)
		tx := c.CreateTopupTransaction(v2.CreateTopupParams{}, body, v2.ListTopupsParams{}, j)
		tx.Settle = freedoms{}.settle()
		s, err := engine.Execute(context.Background(), eng, tx)
		if te := (*engine.TransactionError)(nil); !errors.As(err, &te) || !te.Reconcile() {
			t.Fatalf("order %d: Execute %v; want it flagged pending (201 pending)", i, err)
		}
		refs[i] = s.Reference
	}
	for i, ref := range refs {
		final := fake.StateSuccess
		if i%10 == 0 {
			final, run.failedOrders = fake.StateFailed, run.failedOrders+1
		}
		srv.Settle(ref, final, "Operator declined")
	}
	want := 2 * n
	if w.Twice {
		want *= 2
	}
	for range 400 { // the deliveries run in the background: at most 20 s
		st := srv.Stats().Webhooks
		if st.Sent+st.Refused+st.Dropped >= want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	st := srv.Stats().Webhooks
	run.delivered, run.dropped = st.Sent, st.Dropped
	ledger := map[string]string{}
	for _, tx := range srv.Transactions() {
		ledger[tx.Key] = tx.State.String()
	}
	for _, ref := range refs {
		rec, err := j.Get(context.Background(), ref)
		if err != nil {
			t.Fatalf("journal %s: %v", ref, err)
		}
		switch rec.Step.State {
		case journal.StateSucceeded:
			run.succeeded++
			if ledger[ref] != "SUCCESS" {
				run.disagree++
			}
		case journal.StateFailed:
			run.failed++
			if ledger[ref] != "FAILED" {
				run.disagree++
			}
		default:
			run.other++
		}
	}
	return run
}

// TestWebhooksClickAirtimeV2 settles V2 top-ups by the fake's webhooks
// alone, through issue 15's webhook.Receiver into the engine's journal,
// with the deliveries in order, late, twice, out of order and never:
// every journal row the webhooks settle agrees with the provider's ledger;
// a redelivery is handled once; a processing event after the final one
// changes nothing; with no webhooks the rows stay unresolved (to poll);
// and a fake signing with another key gets nothing accepted.
func TestWebhooksClickAirtimeV2(t *testing.T) {
	const n = 100
	key := fake.DefaultAPIKey
	for _, c := range []struct {
		name string
		w    fake.Webhooks
	}{
		{"in order", fake.Webhooks{}},
		{"late", fake.Webhooks{Delay: 20 * time.Millisecond}},
		{"twice", fake.Webhooks{Twice: true}},
		{"out of order", fake.Webhooks{Reversed: true}},
		{"never", fake.Webhooks{Never: true}},
	} {
		r := runWebhooks(t, webhook.Config{Secret: codebook.NewSecret(key)}, key, n, c.w)
		figures(t, "webhooks clickairtimev2 %s: orders=%d (failed at the provider %d) delivered=%d dropped=%d handled=%v settlements=%v journal={succeeded:%d failed:%d unresolved:%d} disagree=%d",
			c.name, r.orders, r.failedOrders, r.delivered, r.dropped, r.handled, r.bySettlement, r.succeeded, r.failed, r.other, r.disagree)
		if r.disagree != 0 {
			t.Errorf("%s: %d journal rows disagree with the ledger", c.name, r.disagree)
		}
		finals := r.handled["topup.completed"] + r.handled["topup.failed"]
		switch {
		case c.w.Never:
			if r.delivered != 0 || r.other != n {
				t.Errorf("%s: %d delivered, %d rows unresolved; want none delivered, all %d unresolved", c.name, r.delivered, r.other, n)
			}
		case r.succeeded != n-r.failedOrders || r.failed != r.failedOrders || finals != n:
			t.Errorf("%s: journal %d succeeded, %d failed, final events handled %d; want %d, %d and %d (each once)",
				c.name, r.succeeded, r.failed, finals, n-r.failedOrders, r.failedOrders, n)
		}
		if c.w.Reversed && r.handled["topup.processing"] != 0 {
			t.Errorf("%s: %d processing events handled after the final one; want none (superseded)", c.name, r.handled["topup.processing"])
		}
	}
	forged := runWebhooks(t, webhook.Config{Secret: codebook.NewSecret(key)}, "ce_live_someoneelse00000000000000000000", 20, fake.Webhooks{})
	accepted := 0
	for _, v := range forged.handled {
		accepted += v
	}
	figures(t, "webhooks clickairtimev2 forged (signed with another key): orders=%d delivered_2xx=%d accepted=%d journal_settled=%d",
		forged.orders, forged.delivered, accepted, forged.succeeded+forged.failed)
	if accepted != 0 || forged.succeeded+forged.failed != 0 || forged.delivered != 0 {
		t.Errorf("forged webhooks: %d handled, %d rows settled, %d answered 2xx; want 0", accepted, forged.succeeded+forged.failed, forged.delivered)
	}
}
