package webhook_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/webhook"
)

// BenchmarkVerify is the signature and window check alone.
func BenchmarkVerify(b *testing.B) {
	d := signed("ref-1", "completed", t0)
	key := codebook.NewSecret(apiKey)
	for b.Loop() {
		if _, err := webhook.Verify(key, d.ts, d.sig, d.body, t0, webhook.DefaultWindow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReceiverForged is a forged delivery through ServeHTTP: what an
// attacker's request costs the receiver.
func BenchmarkReceiverForged(b *testing.B) {
	recv, err := webhook.New(webhook.Config{Secret: codebook.NewSecret(apiKey), Now: func() time.Time { return t0 },
		Handler: func(context.Context, webhook.Event) error { return nil }})
	if err != nil {
		b.Fatal(err)
	}
	d := signed("ref-1", "completed", t0)
	for b.Loop() {
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(d.body))
		req.Header.Set("X-Webhook-Timestamp", d.ts)
		req.Header.Set("X-Webhook-Signature", d.sig[:len(d.sig)-1]+"0")
		w := httptest.NewRecorder()
		recv.ServeHTTP(w, req)
	}
}

// BenchmarkReceiverGenuine is a genuine delivery handled in full (decoded,
// journal-free), each with a new body so none is a replay.
func BenchmarkReceiverGenuine(b *testing.B) {
	recv, err := webhook.New(webhook.Config{Secret: codebook.NewSecret(apiKey), Now: func() time.Time { return t0 },
		Handler: func(context.Context, webhook.Event) error { return nil }})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		d := signed("ref-"+strconv.Itoa(i), "completed", t0)
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(d.body))
		req.Header.Set("X-Webhook-Timestamp", d.ts)
		req.Header.Set("X-Webhook-Signature", d.sig)
		w := httptest.NewRecorder()
		recv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
