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
//     ledger is still not written.
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
// As in the Click Airtime fake: a Fault is chosen for every request from the
// faults queued with InjectFaults, then from WithFaults (RandomFaults makes a
// seeded chooser). Unavailable, Reset and HTMLProxyError strike before the
// request is processed and leave the ledger untouched; DropAfterCommit,
// TruncatedBody and Delay process it first. Fault.Commit moves any fault
// after the processing.
//
// # Usage
//
//	srv := fake.New()
//	defer srv.Close()
//	c, _ := clickatell.NewClient(
//		clickatell.WithBaseURL(srv.URL()),
//		clickatell.WithAPIKey(fake.DefaultAPIKey),
//		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{
//			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: fake.DefaultClientSecret,
//		}),
//	)
//
// where fake is this package and clickatell the generated one.
package clickatell
