package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
)

// Format says where a provider puts a delivery's signature, timestamp and
// event type, and where the transaction's reference, id and status are in
// its body.
type Format struct {
	SignatureHeader, TimestampHeader, EventHeader string
	// Envelope is the body property that holds the transaction, when the
	// body wraps it ("data"); a body without it is read as the transaction.
	Envelope string
	// Reference, ID and Status are the transaction's properties: our
	// reference, the provider's id, its status.
	Reference, ID, Status string
	// Statuses maps a status (or, when the body has none, the event
	// type's last dot-separated word) to an outcome; any other value is
	// uncertain.
	Statuses map[string]codebook.Outcome
}

// ClickAirtimeV2 is the Format of Click Airtime V2's callback_url
// deliveries (docs.clickairtime.com/docs/version-2/webhooks): headers
// X-Webhook-Signature, X-Webhook-Timestamp and X-Webhook-Event
// (topup.processing, topup.completed, topup.failed). The body is "the
// transaction data", read as the GET /v2/topups/:id object (reference, id,
// status), bare or inside "data": inferred, the docs' payload section is
// not readable.
func ClickAirtimeV2() Format {
	return Format{
		SignatureHeader: "X-Webhook-Signature", TimestampHeader: "X-Webhook-Timestamp", EventHeader: "X-Webhook-Event",
		Envelope: "data", Reference: "reference", ID: "id", Status: "status",
		Statuses: map[string]codebook.Outcome{
			"pending": codebook.OutcomePending, "processing": codebook.OutcomePending,
			"completed": codebook.OutcomeSuccess, "failed": codebook.OutcomeFailed,
		},
	}
}

// Event is one verified delivery.
type Event struct {
	// Type is the event header's value (topup.completed).
	Type string
	// Reference is our reference, ID the provider's id, Status the status
	// as the body states it.
	Reference, ID, Status string
	// Outcome is the status's outcome. A failure the receiver could not
	// confirm with a lookup is handed over as uncertain (see Settlement),
	// and one the lookup contradicted carries the lookup's outcome.
	Outcome codebook.Outcome
	// Timestamp is the signed send time.
	Timestamp time.Time
	// Settlement is what the receiver did with the journal.
	Settlement Settlement
	// Body is the raw body, as signed.
	Body []byte
}

// decode reads the transaction's fields from body.
func (f Format) decode(eventType string, body []byte) (Event, error) {
	var top map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		return Event{}, fmt.Errorf("webhook: body is not a JSON object: %w", err)
	}
	tx := top
	if inner, ok := top[f.Envelope].(map[string]any); ok && f.Envelope != "" {
		tx = inner
	}
	ev := Event{Type: eventType, Reference: text(tx[f.Reference]), ID: text(tx[f.ID]), Status: text(tx[f.Status]), Body: body}
	if ev.Reference == "" {
		return Event{}, fmt.Errorf("webhook: body has no %q: the transaction's reference is needed to settle it", f.Reference)
	}
	status := ev.Status
	if status == "" {
		status = eventType[strings.LastIndexByte(eventType, '.')+1:]
	}
	ev.Outcome = f.Statuses[status] // the zero Outcome is uncertain
	return ev, nil
}

// text returns v when it is a string or a number, as text; "" otherwise.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}
