package clickairtimev2

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/codebookgen/codebook/fake/internal/faults"
	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// The webhook events (X-Webhook-Event).
const (
	EventProcessing = "topup.processing"
	EventCompleted  = "topup.completed"
	EventFailed     = "topup.failed"
)

// Webhooks is how the fake delivers a top-up's status webhooks to its
// callback_url: topup.processing when it is accepted, then topup.completed
// or topup.failed when it settles. Each is a POST of the top-up object with
// X-Webhook-Event, X-Webhook-Timestamp (Unix seconds, on the server's clock,
// when it is sent) and X-Webhook-Signature (the hex HMAC-SHA256, keyed with
// the API key, of the timestamp, a dot and the body), as V2/webhooks' code
// does. The zero Webhooks sends each event once, in order, at once.
type Webhooks struct {
	// Delay sends every event this long (wall time) after its status
	// changed: late.
	Delay time.Duration
	// Twice sends every event twice.
	Twice bool
	// Reversed sends topup.processing only after the final event: out of
	// order (a top-up that never settles then sends none).
	Reversed bool
	// Never sends no event: the receiver must poll.
	Never bool
}

// WebhookStats count the webhook deliveries.
type WebhookStats struct {
	// Sent is how many POSTs were answered 2xx; Refused how many got another
	// status or no answer; Dropped how many events were not sent (Never,
	// or Close during their Delay).
	Sent, Refused, Dropped int
}

// Sign returns the X-Webhook-Signature of body sent at timestamp, keyed with
// apiKey: hex(HMAC-SHA256(apiKey, timestamp + "." + body)).
func Sign(apiKey, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(apiKey))
	mac.Write([]byte(timestamp))
	mac.Write([]byte("."))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// event is one webhook to deliver.
type event struct {
	name, url string
	body      []byte
}

// webhooks delivers the events of one Server.
type webhooks struct {
	s      *Server
	cfg    Webhooks
	client *http.Client
	wg     sync.WaitGroup

	mu    sync.Mutex
	last  chan struct{}    // closed when the last event queued is delivered
	final map[string]bool  // top-ups whose final event was queued, by id
	held  map[string]event // processing events held back (Reversed), by id
	st    WebhookStats
}

func newWebhooks(s *Server) *webhooks {
	return &webhooks{s: s, client: &http.Client{Timeout: 5 * time.Second}, final: map[string]bool{}, held: map[string]event{}}
}

// created queues the processing event of a top-up just written.
func (h *webhooks) created(rec ledger.Record[txData]) {
	if rec.Data.callbackURL == "" {
		return
	}
	t := h.s.topup(rec)
	t.Status = "processing"
	ev := h.event(EventProcessing, rec.Data.callbackURL, t)
	if h.cfg.Reversed {
		h.mu.Lock()
		h.held[rec.Data.id] = ev
		h.mu.Unlock()
		return
	}
	h.send(ev)
}

// flush queues the final event of every top-up with a callback_url that
// settled since the last flush.
func (h *webhooks) flush() {
	for _, r := range h.s.ledger.Find(func(r *ledger.Record[txData]) bool { return r.Data.callbackURL != "" }) {
		if r.State == StatePending {
			continue
		}
		h.mu.Lock()
		done := h.final[r.Data.id]
		h.final[r.Data.id] = true
		held, wasHeld := h.held[r.Data.id]
		delete(h.held, r.Data.id)
		h.mu.Unlock()
		if done {
			continue
		}
		name := EventCompleted
		if r.State == StateFailed {
			name = EventFailed
		}
		h.send(h.event(name, r.Data.callbackURL, h.s.topup(r)))
		if wasHeld {
			h.send(held)
		}
	}
}

func (h *webhooks) event(name, url string, t topup) event {
	b, err := json.Marshal(t)
	if err != nil {
		panic(err)
	}
	return event{name: name, url: url, body: b}
}

// send delivers ev (twice with Twice) after the configured delay, in the
// background, after the event queued before it: events are delivered in
// the order send is called.
func (h *webhooks) send(ev event) {
	if h.cfg.Never {
		h.count(func(st *WebhookStats) { st.Dropped++ })
		return
	}
	done := make(chan struct{})
	h.mu.Lock()
	prev := h.last
	h.last = done
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		defer close(done)
		waited := faults.Wait(context.Background(), h.s.base.Done(), h.cfg.Delay)
		if prev != nil {
			<-prev
		}
		if !waited {
			h.count(func(st *WebhookStats) { st.Dropped++ })
			return
		}
		for range 1 + b2i(h.cfg.Twice) {
			h.post(ev)
		}
	}()
}

// post makes one delivery.
func (h *webhooks) post(ev event) {
	ts := strconv.FormatInt(h.s.now().Unix(), 10)
	req, err := http.NewRequest(http.MethodPost, ev.url, bytes.NewReader(ev.body))
	if err != nil {
		h.count(func(st *WebhookStats) { st.Refused++ })
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Event", ev.name)
	req.Header.Set("X-Webhook-Timestamp", ts)
	req.Header.Set("X-Webhook-Signature", Sign(h.s.apiKey, ts, ev.body))
	resp, err := h.client.Do(req)
	if err != nil {
		h.count(func(st *WebhookStats) { st.Refused++ })
		return
	}
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		h.count(func(st *WebhookStats) { st.Sent++ })
		return
	}
	h.count(func(st *WebhookStats) { st.Refused++ })
}

func (h *webhooks) count(f func(*WebhookStats)) {
	h.mu.Lock()
	f(&h.st)
	h.mu.Unlock()
}

func (h *webhooks) stats() WebhookStats {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.st
}

// wait waits for the deliveries under way.
func (h *webhooks) wait() { h.wg.Wait() }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
