package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	cbjournal "github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/webhook"
)

const apiKey = "ce_live_0123456789abcdefghijklmnopqrstuv"

var t0 = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// rig is a receiver with a fake clock, a memory journal holding the
// transaction "ref-1" (uncertain, as Execute leaves it) and a handler that
// keeps what it got.
type rig struct {
	t       *testing.T
	now     time.Time
	journal *cbjournal.Memory
	logs    bytes.Buffer
	mu      sync.Mutex
	got     []webhook.Event
	fail    error
	lookup  webhook.LookupFunc
	recv    *webhook.Receiver
}

func newRig(t *testing.T, lookup webhook.LookupFunc) *rig {
	t.Helper()
	r := &rig{t: t, now: t0, lookup: lookup}
	r.journal = &cbjournal.Memory{Now: func() time.Time { return r.now }}
	body := []byte(`{"phone_number":"+233541112259","reference":"ref-1"}`)
	ctx := context.Background()
	gen, err := r.journal.Begin(ctx, cbjournal.Entry{Reference: "ref-1", Operation: "createTopup",
		Fingerprint: cbjournal.FingerprintOf(body), Request: body, Hold: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.journal.Record(ctx, "ref-1", gen, cbjournal.Step{State: cbjournal.StateUncertain, Class: codebook.Unknown()}); err != nil {
		t.Fatal(err)
	}
	r.recv, err = webhook.New(webhook.Config{
		Secret: codebook.NewSecret(apiKey), Journal: r.journal, Lookup: func(ctx context.Context, ref string) (engine.LookupState, codebook.Class, error) {
			if r.lookup == nil {
				return engine.LookupInconclusive, codebook.Unknown(), errors.New("no lookup")
			}
			return r.lookup(ctx, ref)
		},
		Now:    func() time.Time { return r.now },
		Logger: slog.New(slog.NewTextHandler(&r.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Handler: func(_ context.Context, ev webhook.Event) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.fail != nil {
				return r.fail
			}
			r.got = append(r.got, ev)
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// delivery is one POST as the provider would send it.
type delivery struct {
	event, ts, sig string
	body           []byte
}

// signed is a genuine delivery of status for ref, sent at.
func signed(ref, status string, at time.Time) delivery {
	body := fmt.Appendf(nil, `{"id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890","reference":%q,"status":%q,"failure_reason":null}`, ref, status)
	ts := strconv.FormatInt(at.Unix(), 10)
	return delivery{event: "topup." + status, ts: ts, sig: webhook.Sign(codebook.NewSecret(apiKey), ts, body), body: body}
}

func (r *rig) post(d delivery) int {
	req := httptest.NewRequest(http.MethodPost, "/hooks/clickairtime", bytes.NewReader(d.body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Event", d.event)
	if d.ts != "" {
		req.Header.Set("X-Webhook-Timestamp", d.ts)
	}
	if d.sig != "" {
		req.Header.Set("X-Webhook-Signature", d.sig)
	}
	w := httptest.NewRecorder()
	r.recv.ServeHTTP(w, req)
	return w.Code
}

func (r *rig) handled() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

func (r *rig) state() cbjournal.State {
	rec, err := r.journal.Get(context.Background(), "ref-1")
	if err != nil {
		r.t.Fatal(err)
	}
	return rec.Step.State
}

// TestForgedStaleReplayedReorderedAcceptedZero (issue 15, item 4): of
// every forged, stale, replayed and reordered delivery, none reaches the
// handler or changes the journal; the genuine ones do. The figures are
// printed.
func TestForgedStaleReplayedReorderedAcceptedZero(t *testing.T) {
	r := newRig(t, nil)
	good := signed("ref-1", "completed", r.now)
	if code := r.post(good); code != http.StatusOK || r.handled() != 1 || r.state() != cbjournal.StateSucceeded {
		t.Fatalf("genuine completed: %d, handled %d, journal %s; want 200, 1, succeeded", code, r.handled(), r.state())
	}
	bodyOnly := webhook.Sign(codebook.NewSecret(apiKey), "", good.body)
	otherKey := webhook.Sign(codebook.NewSecret("ce_live_someoneelse00000000000000000000"), good.ts, good.body)
	forged := map[string]delivery{
		"another key":               {good.event, good.ts, otherKey, good.body},
		"body changed after":        {good.event, good.ts, good.sig, bytes.Replace(good.body, []byte("ref-1"), []byte("ref-2"), 1)},
		"timestamp changed after":   {good.event, strconv.FormatInt(r.now.Unix()+1, 10), good.sig, good.body},
		"no signature":              {good.event, good.ts, "", good.body},
		"signature not hex":         {good.event, good.ts, "sha256=" + good.sig, good.body},
		"signature of body alone":   {good.event, good.ts, bodyOnly[:len(bodyOnly)-2] + "00", good.body},
		"signature truncated":       {good.event, good.ts, good.sig[:32], good.body},
		"signature of another body": {good.event, good.ts, signed("ref-1", "failed", r.now).sig, good.body},
	}
	stale := map[string]delivery{
		"6 minutes old":         signed("ref-1", "failed", r.now.Add(-6*time.Minute)),
		"6 minutes ahead":       signed("ref-1", "failed", r.now.Add(6*time.Minute)),
		"timestamp not seconds": resigned(signed("ref-1", "failed", r.now), "2026-11-28T12:00:00Z"),
		"no timestamp":          resigned(signed("ref-1", "failed", r.now), ""),
	}
	figures := map[string]int{}
	for name, d := range forged {
		if code := r.post(d); code != http.StatusUnauthorized {
			t.Errorf("forged, %s: answered %d, want 401", name, code)
		}
	}
	figures["forged"] = r.handled() - 1
	for name, d := range stale {
		if code := r.post(d); code != http.StatusUnauthorized {
			t.Errorf("stale, %s: answered %d, want 401", name, code)
		}
	}
	figures["stale"] = r.handled() - 1 - figures["forged"]
	before := r.handled()
	r.now = r.now.Add(30 * time.Second)
	if code := r.post(good); code != http.StatusOK {
		t.Errorf("replayed as captured: answered %d, want 200 (acknowledged, ignored)", code)
	}
	if code := r.post(resigned(good, strconv.FormatInt(r.now.Unix(), 10))); code != http.StatusOK {
		t.Errorf("the same body signed again: answered %d, want 200", code)
	}
	figures["replayed"] = r.handled() - before
	before = r.handled()
	for _, status := range []string{"processing", "pending", "failed"} {
		if code := r.post(signed("ref-1", status, r.now)); code != http.StatusOK {
			t.Errorf("reordered %s after completed: answered %d, want 200", status, code)
		}
	}
	figures["reordered"] = r.handled() - before
	for _, kind := range []string{"forged", "stale", "replayed", "reordered"} {
		if figures[kind] != 0 {
			t.Errorf("%s events accepted: %d, want 0", kind, figures[kind])
		}
	}
	if s := r.state(); s != cbjournal.StateSucceeded {
		t.Errorf("journal after the refused events: %s, want succeeded", s)
	}
	fmt.Printf("webhook: accepted forged %d of %d, stale %d of %d, replayed %d of 2, reordered %d of 3\n",
		figures["forged"], len(forged), figures["stale"], len(stale), figures["replayed"], figures["reordered"])
	if strings.Contains(r.logs.String(), apiKey) || strings.Contains(r.logs.String(), good.sig) || strings.Contains(r.logs.String(), "+2335") {
		t.Errorf("the log holds the key, a signature or a body:\n%s", r.logs.String())
	}
}

// resigned is d with timestamp ts, signed again with the right key.
func resigned(d delivery, ts string) delivery {
	d.ts, d.sig = ts, webhook.Sign(codebook.NewSecret(apiKey), ts, d.body)
	return d
}

// TestWindowBothWays: a timestamp exactly the window away, either side,
// is fresh; a second more is stale; the window is the user's.
func TestWindowBothWays(t *testing.T) {
	key := codebook.NewSecret(apiKey)
	body := []byte(`{}`)
	for _, c := range []struct {
		offset, window time.Duration
		stale          bool
	}{
		{-5 * time.Minute, 0, false}, {5 * time.Minute, 0, false},
		{-5*time.Minute - time.Second, 0, true}, {5*time.Minute + time.Second, 0, true},
		{-30 * time.Second, 20 * time.Second, true}, {30 * time.Second, time.Minute, false},
	} {
		window := c.window
		if window == 0 {
			window = webhook.DefaultWindow
		}
		ts := strconv.FormatInt(t0.Add(c.offset).Unix(), 10)
		_, err := webhook.Verify(key, ts, webhook.Sign(key, ts, body), body, t0, window)
		if got := errors.Is(err, webhook.ErrStale); got != c.stale {
			t.Errorf("offset %v window %v: stale %v (%v), want %v", c.offset, window, got, err, c.stale)
		}
	}
}

// TestFailedEventIsNotTrustedBlindly: a failure event settles the journal
// failed only when the lookup finds our record failed; a lookup finding it
// completed settles it succeeded and hands the event over as a success; no
// lookup, or one that finds nothing, writes nothing and hands it over as
// uncertain.
func TestFailedEventIsNotTrustedBlindly(t *testing.T) {
	found := func(o codebook.Outcome) webhook.LookupFunc {
		return func(context.Context, string) (engine.LookupState, codebook.Class, error) {
			return engine.LookupFound, engine.StatusClass(o), nil
		}
	}
	notFound := func(context.Context, string) (engine.LookupState, codebook.Class, error) {
		return engine.LookupNotFound, codebook.Unknown(), nil
	}
	for _, c := range []struct {
		name    string
		lookup  webhook.LookupFunc
		state   cbjournal.State
		outcome codebook.Outcome
		settled webhook.Settlement
	}{
		{"lookup finds it failed", found(codebook.OutcomeFailed), cbjournal.StateFailed, codebook.OutcomeFailed, webhook.Settled},
		{"lookup finds it completed", found(codebook.OutcomeSuccess), cbjournal.StateSucceeded, codebook.OutcomeSuccess, webhook.Settled},
		{"lookup finds it pending", found(codebook.OutcomePending), cbjournal.StateUncertain, codebook.OutcomeUncertain, webhook.Unconfirmed},
		{"lookup finds nothing", notFound, cbjournal.StateUncertain, codebook.OutcomeUncertain, webhook.Unconfirmed},
		{"no lookup", nil, cbjournal.StateUncertain, codebook.OutcomeUncertain, webhook.Unconfirmed},
	} {
		r := newRig(t, c.lookup)
		if code := r.post(signed("ref-1", "failed", r.now)); code != http.StatusOK || r.handled() != 1 {
			t.Fatalf("%s: answered %d, handled %d", c.name, code, r.handled())
		}
		ev := r.got[0]
		if r.state() != c.state || ev.Outcome != c.outcome || ev.Settlement != c.settled {
			t.Errorf("%s: journal %s, event %s (%s); want %s, %s (%s)", c.name, r.state(), ev.Outcome, ev.Settlement, c.state, c.outcome, c.settled)
		}
	}
}

// TestProgressEventsLeaveTheJournal: processing and pending events reach
// the handler and write nothing; a completed one then settles the row.
func TestProgressEventsLeaveTheJournal(t *testing.T) {
	r := newRig(t, nil)
	for _, s := range []string{"pending", "processing"} {
		if code := r.post(signed("ref-1", s, r.now)); code != http.StatusOK {
			t.Fatalf("%s: answered %d", s, code)
		}
	}
	if r.handled() != 2 || r.state() != cbjournal.StateUncertain || r.got[1].Settlement != webhook.Unresolved || r.got[1].Outcome != codebook.OutcomePending {
		t.Fatalf("handled %d, journal %s, last %+v", r.handled(), r.state(), r.got[len(r.got)-1])
	}
	r.post(signed("ref-1", "completed", r.now))
	if r.state() != cbjournal.StateSucceeded || r.got[2].Settlement != webhook.Settled {
		t.Fatalf("completed: journal %s, settlement %s", r.state(), r.got[2].Settlement)
	}
	r.post(signed("ref-2", "completed", r.now))
	if r.got[3].Settlement != webhook.Unjournaled || r.got[3].Reference != "ref-2" {
		t.Fatalf("a reference the journal does not hold: %+v", r.got[3])
	}
}

// TestHandlerErrorIsHandledAgain: a handler error answers 500 and the
// delivery is not remembered, so the provider's retry reaches the handler.
func TestHandlerErrorIsHandledAgain(t *testing.T) {
	r := newRig(t, nil)
	r.fail = errors.New("database down")
	d := signed("ref-1", "processing", r.now)
	if code := r.post(d); code != http.StatusInternalServerError {
		t.Fatalf("handler failed: answered %d, want 500", code)
	}
	r.fail = nil
	if code := r.post(d); code != http.StatusOK || r.handled() != 1 {
		t.Fatalf("retry: answered %d, handled %d; want 200, 1", code, r.handled())
	}
}

// TestNewNamesWhatIsMissing: a receiver without a secret or a handler is
// refused with what to set.
func TestNewNamesWhatIsMissing(t *testing.T) {
	if _, err := webhook.New(webhook.Config{Handler: func(context.Context, webhook.Event) error { return nil }}); err == nil || !strings.Contains(err.Error(), "Secret") {
		t.Errorf("no secret: %v", err)
	}
	if _, err := webhook.New(webhook.Config{Secret: codebook.NewSecret(apiKey)}); err == nil || !strings.Contains(err.Error(), "Handler") {
		t.Errorf("no handler: %v", err)
	}
}

// TestMemoryReplayStoreForgetsExpiredKeys: the store holds about a
// window's keys, not every key ever seen.
func TestMemoryReplayStoreForgetsExpiredKeys(t *testing.T) {
	now := t0
	s := webhook.NewMemoryReplayStore(func() time.Time { return now })
	ctx := context.Background()
	for i := range 1000 {
		now = now.Add(time.Second)
		_ = s.Remember(ctx, strconv.Itoa(i), now.Add(10*time.Second))
	}
	if seen, _ := s.Seen(ctx, "999"); !seen {
		t.Error("a fresh key is not seen")
	}
	if seen, _ := s.Seen(ctx, "0"); seen {
		t.Error("an expired key is seen")
	}
	if n := s.Len(); n > 200 {
		t.Errorf("the store holds %d keys after 1000 with 10 alive", n)
	}
}
