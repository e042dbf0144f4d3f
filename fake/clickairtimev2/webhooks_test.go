package clickairtimev2

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// delivery is one webhook a receiver got.
type delivery struct {
	event, status   string
	verified, valid bool
}

// receiver collects webhooks, verifying each as V2/webhooks says (until
// issue 15's generated receiver lands): hex HMAC-SHA256 of timestamp + "."
// + raw body, keyed with the API key, compared in constant time; and
// checking each body against the spec's Topup schema.
func receiver(t *testing.T, apiKey string) (string, <-chan delivery) {
	t.Helper()
	v := spec(t)
	ch := make(chan delivery, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(apiKey))
		mac.Write([]byte(r.Header.Get("X-Webhook-Timestamp") + "." + string(body)))
		got, err := hex.DecodeString(r.Header.Get("X-Webhook-Signature"))
		var tp topup
		_ = json.Unmarshal(body, &tp)
		ch <- delivery{event: r.Header.Get("X-Webhook-Event"), status: tp.Status, verified: err == nil && hmac.Equal(got, mac.Sum(nil)), valid: v.CheckSchema("Topup", body) == nil}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/hooks", ch
}

// collect reads n deliveries, failing t when they do not come within 10 s.
func collect(t *testing.T, ch <-chan delivery, n int) []delivery {
	t.Helper()
	var out []delivery
	for range n {
		select {
		case d := <-ch:
			out = append(out, d)
		case <-time.After(10 * time.Second):
			t.Fatalf("got %d webhooks %+v, want %d", len(out), out, n)
		}
	}
	return out
}

// events lists the deliveries' events, "!" marking one that failed
// verification, "?" one whose body the spec refuses.
func events(ds []delivery) string {
	var s []string
	for _, d := range ds {
		e := d.event + "/" + d.status
		if !d.verified {
			e = "!" + e
		}
		if !d.valid {
			e = "?" + e
		}
		s = append(s, e)
	}
	return strings.Join(s, " ")
}

// topupWithHook places a top-up with callback_url url and settles it.
func topupWithHook(t *testing.T, e *env, url string, final State) {
	t.Helper()
	body := order("r")
	body["callback_url"] = url
	e.srv.Enqueue(Outcome{PendingLookups: -1})
	e.do("POST", "/v2/topups", "k", body)
	if !e.srv.Settle("k", final, "Operator unreachable") {
		t.Fatal("nothing to settle")
	}
}

// TestWebhooks checks the deliveries: in order and signed by default, late,
// twice, out of order, never; and that a receiver with another key refuses
// them all (the signature is checked, not just present).
func TestWebhooks(t *testing.T) {
	cases := []struct {
		name  string
		hooks Webhooks
		final State
		want  string
	}{
		{"in order", Webhooks{}, StateSuccess, "topup.processing/processing topup.completed/completed"},
		{"failed", Webhooks{}, StateFailed, "topup.processing/processing topup.failed/failed"},
		{"late", Webhooks{Delay: 100 * time.Millisecond}, StateSuccess, "topup.processing/processing topup.completed/completed"},
		{"twice", Webhooks{Twice: true}, StateSuccess, "topup.processing/processing topup.processing/processing topup.completed/completed topup.completed/completed"},
		{"out of order", Webhooks{Reversed: true}, StateSuccess, "topup.completed/completed topup.processing/processing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url, got := receiver(t, DefaultAPIKey)
			e := newEnv(t, WithWebhooks(c.hooks))
			topupWithHook(t, e, url, c.final)
			n := strings.Count(c.want, " ") + 1
			if s := events(collect(t, got, n)); s != c.want {
				t.Errorf("webhooks %q, want %q", s, c.want)
			}
			e.srv.Close()
			if st := e.srv.Stats().Webhooks; st.Sent != n || st.Refused+st.Dropped != 0 {
				t.Errorf("stats %+v, want %d sent", st, n)
			}
		})
	}
	t.Run("never", func(t *testing.T) {
		url, got := receiver(t, DefaultAPIKey)
		e := newEnv(t, WithWebhooks(Webhooks{Never: true}))
		topupWithHook(t, e, url, StateSuccess)
		e.srv.Close()
		if len(got) != 0 || e.srv.Stats().Webhooks.Dropped != 2 {
			t.Errorf("%d delivered, stats %+v; want none, 2 dropped", len(got), e.srv.Stats().Webhooks)
		}
	})
	t.Run("another key", func(t *testing.T) {
		url, got := receiver(t, "ce_live_someoneelse00000000000000000000")
		e := newEnv(t)
		topupWithHook(t, e, url, StateSuccess)
		if s := events(collect(t, got, 2)); s != "!topup.processing/processing !topup.completed/completed" {
			t.Errorf("a receiver with another key verified %q", s)
		}
	})
	t.Run("settled by lookups", func(t *testing.T) {
		url, got := receiver(t, DefaultAPIKey)
		e := newEnv(t)
		body := order("r")
		body["callback_url"] = url
		e.do("POST", "/v2/topups", "k", body)
		for range 3 {
			e.byReference("r")
		}
		if s := events(collect(t, got, 2)); s != "topup.processing/processing topup.completed/completed" {
			t.Errorf("webhooks %q", s)
		}
	})
}

// TestSign checks Sign against a signature computed by hand.
func TestSign(t *testing.T) {
	mac := hmac.New(sha256.New, []byte("key"))
	mac.Write([]byte("1700000000.{}"))
	if got, want := Sign("key", "1700000000", []byte("{}")), hex.EncodeToString(mac.Sum(nil)); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}
