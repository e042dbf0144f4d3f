// Package clickairtimev2 is an in-process fake of the Click Airtime V2 API
// (spec/openapi/clickairtime-v2.yaml) for tests: an httptest server with a
// ledger of top-ups keyed by their Idempotency-Key (fake/internal/ledger,
// like the V1 and Clickatell fakes), asynchronous top-ups (pending, then
// processing, then completed or failed), signed status webhooks, scriptable
// answers by error code (Outcome, Enqueue, WithScript), and the faults of
// package fake/fault the other fakes share (a delay, 503, a reset connection,
// a dropped answer after the ledger was written, a truncated body, an HTML
// 502 from a proxy), every kind of them. fault.Unavailable answers 503 with
// the V2 error envelope (code SERVICE_UNAVAILABLE, which no V2 page
// documents: a load balancer's answer); fault.DropAfterCommit leaves a top-up
// that was accepted.
//
// Every answer that is not a fault is valid under the OpenAPI file (the
// package's tests validate each with openapi3filter.ValidateResponse), and
// carries the X-RateLimit-* headers.
//
// # Ledger rules
//
//   - POST /v2/topups with an Idempotency-Key the ledger does not hold writes
//     one top-up, answered 201 with status pending (Outcome.Immediate:
//     completed or failed at once), and charges its cost (amount.value ×
//     Rate in USD, or BundleCost for a product_id) to the wallet; a failed
//     top-up gives it back. A cost above the balance is answered 400
//     INSUFFICIENT_BALANCE and writes nothing.
//   - A key the ledger holds is answered 409 DUPLICATE_TRANSACTION
//     (WithDuplicateReplay: 200 with the first top-up) and never charged
//     again, unless the duplicate check lags or is off (Freedoms).
//   - A top-up without a key is written every time; the body's reference is
//     not unique (the docs do not say it is): a new key under the same
//     reference is another top-up.
//   - A pending top-up reads pending to its first lookup, processing to the
//     next ones, and settles after WithPending's lookups (default 2) or time,
//     or when Settle ends it.
//   - GET /v2/topups filters by reference (exact), status and phone_number
//     (partial), paginated; nothing found is 200 with an empty list. GET
//     /v2/topups/{id} answers the top-up or 404 TRANSACTION_NOT_FOUND. GET
//     /v2/balance shows the one USD wallet.
//   - A missing or wrong Authorization: Bearer key is answered 401
//     INVALID_API_KEY and touches nothing.
//   - Scripted error codes (Outcome.Code) write nothing, except
//     DELIVERY_FAILED (a failed record, no charge) and any Outcome with
//     CommitAlways (an INTERNAL_ERROR after the top-up was accepted).
//
// # Freedoms
//
// By default the fake is a strict provider. Each freedom below is off
// unless a test asks for it; every answer they give is valid under the
// OpenAPI file.
//
//   - Lagging lookup, WithLookupLag(d): a top-up is visible to the lookups
//     only d after it was written, on the server's clock (WithClock).
//   - Lagging or absent duplicate check, WithDuplicateDetection: a resend of
//     a key within the lag of its first top-up (or any resend, with None) is
//     charged again.
//   - Slow commit, fault.SlowCommit(d): the ledger is written only at the
//     end of d (wall time) and the answer is lost.
//   - Other records in the lookup, the faults fault.OtherRecordFirst,
//     fault.OtherRecordInstead (a record whose reference is ours and
//     "-other", as a partial match would find) and fault.OurRecordTwice
//     (ours and a copy with another id and the opposite state: failed for
//     completed, pending or processing; completed for failed); a 5xx on GET
//     /v2/topups carrying an empty list, V2's not-found,
//     fault.NotFoundServerError.
//   - A resend refused before the duplicate check, WithRefusedResend(code).
//   - Webhooks, WithWebhooks: to the top-up's callback_url, late (Delay),
//     twice (Twice), out of order (Reversed: the final event first), or
//     never (Never); see Webhooks for the signature.
//
// # Usage
//
//	srv := fake.New()
//	defer srv.Close()
//	// POST srv.URL()+"/v2/topups" with Authorization: Bearer fake.DefaultAPIKey
//	srv.InjectFaults(fake.OpCreateTopup, fault.DropAfterCommit())
//	// the client gets no answer, yet srv.Charges(key) == 1
//
// where fake is this package and fault is fake/fault.
package clickairtimev2
