// Package clickatell is an in-process fake of Clickatell's Transact
// (Marketplace) client APIs (spec/openapi/clickatell-transact.yaml) for
// tests: an httptest server with the Security Service's token endpoint, a
// ledger of purchases (Reserve and Transact, Transact) keyed by clientTxnRef,
// Transaction Lookup and In-Flight Transaction Check answered from the
// ledger, scriptable answers taken from the generated code tables (any Entry
// of generated/clickatell), purchases that settle later, and fault injection
// (a delay, 503 with and without Retry-After, a reset connection, a dropped
// answer after the ledger was written, a truncated body, an HTML 502 from a
// proxy).
//
// Every answer that is not a fault is valid under the OpenAPI file.
//
// # Credentials
//
// The token endpoint (POST TokenPath) takes the form-encoded client_id,
// client_secret and grant_type=client_credentials, or the client's id and
// secret in HTTP basic authentication (as the generated client's
// client-credentials flow sends them), and answers access_token, token_type,
// expires_in. A wrong secret, an unknown client or another grant type is
// answered 400 with an OAuth2 error body whose error_description is the
// documented message. Every other call needs X-API-Key and
// Authorization: Bearer with a token the endpoint issued and that has not
// expired, or the static token (DefaultAccessToken); otherwise it is answered
// 401 {"responseMessage":"..."} and touches nothing.
//
// # Ledger rules
//
//   - A purchase with a new clientTxnRef writes one transaction. The default
//     answer is 0000 "Processing request (funds reserved)" (Reserve and
//     Transact) or 0000 "Processing request" (Transact), with a new
//     raasTxnRef; the transaction is PENDING and settles SUCCESS (or as the
//     Outcome's Result says) after the first lookup (WithPending,
//     Outcome.PendingLookups) or a time (Outcome.PendingFor).
//   - A purchase with a clientTxnRef already in the ledger is never charged
//     again. The docs give no code for it, so the fake replays the first
//     answer: the same HTTP status, responseCode, responseMessage and
//     raasTxnRef. The raasTxnRef tells the client it is the same
//     transaction, and the docs' advice (look the clientTxnRef up before
//     resending, check in-flight transactions) stays the way to learn its
//     state. A Script may choose another answer (Request.Duplicate); the
//     ledger is still not written. Since the docs promise no detection at
//     all, WithDuplicateDetection can lag it or turn it off (see Freedoms).
//   - Transaction Lookup (GET LookupPath) answers from the ledger by
//     clientTransactionReference, raasTxnRef and reserveFundsTxnRef (ANDed,
//     within the clientId, last 30 days): transactionStatus PENDING, SUCCESS
//     or FAILED, with reserveFundsResponseCode and transactResultResponseCode.
//     A pending transaction also carries responseCode 0000 "Transaction
//     processing", and one that failed with a code of the Transaction Lookup
//     table (2010 to 2090) carries that code, as the errors table lists them.
//     No reference is 400 "At least one of these parameters are mandatory:
//     raasTxnRef, clientTxnRef or reserveFundsTxnRef"; nothing found is 404
//     "Client transaction reference ID: ‘<ref>’ not found".
//   - In-Flight Transaction Check lists the pending transactions that match
//     all five fields.
//
// # Faults
//
// As in the Click Airtime fake: a fault.Fault (package fake/fault) is chosen
// for every request from the faults queued with InjectFaults, then from
// WithFaults (fault.Random[Request] makes a seeded chooser). This fake strikes
// every kind of package fault but KindOursTwice, which it ignores (below).
// Unavailable, Reset, HTMLProxyError and Redirect (a 307 to another server
// that a client must not follow) strike before the request is processed and
// leave the ledger untouched; DropAfterCommit, TruncatedBody and Delay
// process it first. The fault's Commit moves any fault after the processing.
//
// # Freedoms
//
// By default the fake is a strict provider: the lookup sees a purchase at
// once, a resend is recognised at once, the lookup answers our record only.
// A real provider may take the freedoms below; each is off unless a test
// asks, so that your own tests can meet them too. Every answer they give is
// valid under the OpenAPI file.
//
//   - Lagging lookup, WithLookupLag(d): a purchase is visible to Transaction
//     Lookup and to In-Flight Transaction Check only d after it was written,
//     on the server's clock (WithClock): a lookup right after the purchase
//     says 404 "Client transaction reference ID: ‘<ref>’ not found".
//   - Duplicate detection, WithDuplicateDetection: DuplicateDetection{None:
//     true} charges every send (the docs document no detection of a reused
//     clientTxnRef: each send is a purchase with a raasTxnRef of its own);
//     DuplicateDetection{Lag: d} charges a resend within d of the first
//     purchase of its clientTxnRef and replays the first answer after d.
//     Charges counts every charge; the lookup shows the first record.
//   - Slow commit, fault.SlowCommit(d): the provider is still working on
//     the purchase when the client gives up; the ledger is written only at
//     the end of d (wall time) and the answer is lost.
//   - Other records in the lookup, the faults fault.OtherRecordFirst(state) and
//     fault.OtherRecordInstead(state): the lookup answers a record of another
//     clientTxnRef ("other-" and ours), found or not. Its body is one object,
//     so "first" and "instead" give the same answer (a provider that applies
//     the filter loosely answers the first record it matches), and the Click
//     Airtime fault fault.OurRecordTwice has no counterpart here: it answers
//     normally.
//   - A resend refused before the duplicate check, WithRefusedResend(e): a
//     purchase whose clientTxnRef already reserved funds is answered e (such
//     as ReserveFundsInsufficientFunds 2010) instead of the replayed answer,
//     and writes nothing.
//   - A 5xx carrying the not-found message, the fault
//     fault.NotFoundServerError(status): a lookup is answered status (500 when 0)
//     with the documented not-found body, without looking the ledger up.
//
// The lookup freedoms and NotFoundServerError are faults: queue them for
// OpTransactionLookup with InjectFaults, or return them from the WithFaults
// chooser; on other operations they are ignored.
//
// # Usage
//
//	srv := fake.New()
//	defer srv.Close()
//	c, _ := clickatell.NewClient(
//		clickatell.WithBaseURL(srv.URL()),
//		clickatell.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
//		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{
//			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: codebook.NewSecret(fake.DefaultClientSecret),
//		}),
//	)
//
// where fake is this package and clickatell the generated one.
package clickatell
