// Package clickairtime is an in-process fake of the Click Airtime V1 API
// (spec/openapi/clickairtime-v1.yaml) for tests: an httptest server with a
// ledger of top-ups keyed by extRefId, scriptable answers taken from the
// generated code table (any Entry of generated/clickairtime), pending
// top-ups that settle later, and fault injection (a delay, 503 with and
// without Retry-After, a reset connection, a dropped answer after the ledger
// was written, a truncated body, an HTML 502 from a proxy).
//
// Every answer that is not a fault is valid under the OpenAPI file.
//
// # Ledger rules
//
//   - POST /adp with a new extRefId writes one transaction: SUCCESS, FAILED
//     or PENDING according to the answer (code 1, a failure code, or 10 and
//     232). Success and pending transactions are charged (their amount is
//     taken from the balance; a pending one that settles FAILED gives it
//     back).
//   - POST /adp with an extRefId already in the ledger is answered with code
//     90 "External reference ID already exists", as the docs say, and is never
//     charged again. A Script may choose another answer for it; the ledger is
//     still not written.
//   - A top-up without extRefId is written every time.
//   - A pending transaction answers PENDING to the first n lookups
//     (WithPending, Outcome.PendingLookups) or until a time has passed
//     (Outcome.PendingFor), then shows its final state; Settle ends it at
//     once.
//   - GET /adp/transactions?extRefId=|transaction_Id=|msisdn= answers from the
//     ledger (the parameters are ANDed); none given is 400 "At least one
//     search parameter is required", nothing found is 404 "No transactions
//     found".
//   - Wrong or missing X-Click-Airtime-Email / X-Click-Airtime-Token headers
//     are answered 401 {"message":"Invalid or missing authentication
//     credentials","statusCode":401} and touch nothing.
//
// # Faults
//
// A Fault is chosen for every request: first from the faults queued with
// InjectFaults, then from the function given to WithFaults (RandomFaults makes
// a seeded one). Faults that happen before the request is processed (the
// default of Unavailable, Reset and HTMLProxyError) leave the ledger
// untouched; DropAfterCommit, TruncatedBody and Delay process the request
// first. Set Fault.Commit to move any fault after the processing.
//
// # Usage
//
//	srv := fake.New()
//	defer srv.Close()
//	c, _ := clickairtime.NewClient(
//		clickairtime.WithBaseURL(srv.URL()),
//		clickairtime.WithClickAirtimeEmail(fake.DefaultEmail),
//		clickairtime.WithClickAirtimeToken(fake.DefaultToken),
//	)
//	srv.InjectFaults(fake.OpTopUp, fake.DropAfterCommit())
//	_, _, err := c.TopUp(ctx, req) // err != nil, yet srv.Charges(ref) == 1
//
// where fake is this package and clickairtime the generated one.
package clickairtime
