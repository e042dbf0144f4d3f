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
//     charged again (unless the duplicate check lags or is off: see
//     Freedoms). A Script may choose another answer for it; the ledger is
//     still not written.
//   - A top-up without extRefId is written every time.
//   - A pending transaction answers PENDING to the first n lookups
//     (WithPending, Outcome.PendingLookups) or until a time has passed
//     (Outcome.PendingFor), then shows its final state; Settle ends it at
//     once.
//   - GET /adp/transactions?extRefId=|transaction_Id=|msisdn= answers from the
//     ledger (the parameters are ANDed); none given is 400 "At least one
//     search parameter is required", nothing found is 404 "No transactions
//     found". Each record carries extRefId, which the docs' sample record does
//     not show (its field table was not retrieved): the fake adds it so that a
//     client can tell whose record it got.
//   - Wrong or missing X-Click-Airtime-Email / X-Click-Airtime-Token headers
//     are answered 401 {"message":"Invalid or missing authentication
//     credentials","statusCode":401} and touch nothing.
//
// # Faults
//
// A fault.Fault (package fake/fault, shared by the fakes) is chosen for every
// request: first from the faults queued with InjectFaults, then from the
// function given to WithFaults (fault.Random[Request] makes a seeded one).
// This fake strikes every kind of package fault. Faults that happen before the request is processed (the
// default of Unavailable, Reset, HTMLProxyError and Redirect, a 307 to
// another server that a client must not follow) leave the ledger
// untouched; DropAfterCommit, TruncatedBody and Delay process the request
// first. Set the fault's Commit to move any fault after the processing.
//
// # Freedoms
//
// By default the fake is a strict provider: the lookup sees a top-up at once,
// a resend is recognised at once, the lookup lists our records only. A real
// provider may take the freedoms below; each is off unless a test asks, so
// that your own tests can meet them too. Every answer they give is valid
// under the OpenAPI file.
//
//   - Lagging lookup, WithLookupLag(d): a top-up is visible to GET
//     /adp/transactions only d after it was written, on the server's clock
//     (WithClock): a lookup right after the top-up says 404 "No transactions
//     found".
//   - Lagging duplicate check, WithDuplicateDetection(DuplicateDetection{Lag:
//     d}): a resend of an extRefId within d of its first charge is not
//     recognised, and is charged again (a second transaction with the same
//     extRefId; Charges counts both, the lookup lists both); after d it is
//     answered 90. DuplicateDetection{None: true} charges every send.
//   - Slow commit, fault.SlowCommit(d): the provider is still working on
//     the top-up when the client gives up; the ledger is written only at the
//     end of d (wall time) and the answer is lost.
//   - Other records in the lookup, the faults fault.OtherRecordFirst(state) (a
//     record of another extRefId, "other-" and ours, before ours; alone when
//     ours is not found), fault.OtherRecordInstead(state) (that record instead of
//     ours, found or not) and fault.OurRecordTwice() (ours and a copy with another
//     transactionId and the opposite state).
//   - A resend refused before the duplicate check, WithRefusedResend(e): a
//     top-up whose extRefId was already charged is answered e (20 low balance:
//     the first charge spent the float; or 30, 221: the operator refuses a
//     repeat) instead of 90, and writes nothing.
//   - A 5xx carrying the not-found message, the fault
//     fault.NotFoundServerError(status): a lookup is answered status (500 when 0)
//     with the documented 404 body {"message":"No transactions found",
//     "statusCode":404}, without looking the ledger up.
//
// The lookup freedoms and NotFoundServerError are faults: queue them for
// OpGetTransactions with InjectFaults, or return them from the WithFaults
// chooser; on a top-up they are ignored.
//
// # Usage
//
//	srv := fake.New()
//	defer srv.Close()
//	c, _ := clickairtime.NewClient(
//		clickairtime.WithBaseURL(srv.URL()),
//		clickairtime.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
//		clickairtime.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
//	)
//	srv.InjectFaults(fake.OpTopUp, fault.DropAfterCommit())
//	_, _, err := c.TopUp(ctx, req) // err != nil, yet srv.Charges(ref) == 1
//
// where fake is this package, fault is fake/fault and clickairtime the
// generated package.
package clickairtime
