// Package faultsuite is the fault-injection suite of issues #4 and #9: the retry
// and reconcile engine (engine.Execute, engine.Wait) driving the
// generated Click Airtime and Clickatell clients against the in-process
// fakes (fake/clickairtime, fake/clickatell), each test printing its
// figures on one line that starts with "FIGURES".
//
//   - TestMixedFaultsClickAirtime, TestMixedFaultsClickatell: N top-ups
//     (purchases) per provider through mixed faults (resets, answers dropped
//     after the ledger was written, truncated bodies, HTML 502 from a proxy,
//     503 with and without Retry-After, delays) on the money-moving calls and
//     on the lookups, and scripted answers (success, declines, pending that
//     settles later, uncertain codes, not-processed codes), and every freedom
//     of the fakes (lagging lookup, lagging or absent duplicate check,
//     refused resends, slow commits, other records in the lookup, 5xx
//     not-found), each order declaring the settle time true of its fake and
//     Clickatell's the In-Flight Transaction Check. Counted from the
//     fake's ledger against what each caller was told: duplicates (more than
//     one ledger record for one order, or more than one charge for one
//     reference), lost (charged but told failed, told success but not
//     charged, a charge nobody journalled), and every order final or flagged
//     for reconciliation within its deadline; the flagged ones are then
//     reconciled with the faults off and must agree with the ledger.
//     N is 10,000 by default, 100,000 with -soak, CODEBOOK_SOAK_N when set.
//     The controls: TestMixedChecksCatchANaiveCaller and
//     TestMixedChecksCatchATrustingSettle (settle 1 ns under a lagging
//     lookup) must be counted with duplicates or lost orders.
//   - TestOutage503: 200 concurrent callers against a provider answering 503
//     to everything, one shared RetryBudget: requests sent / requests asked
//     for.
//   - TestOutage429Clickatell: the same callers against Clickatell answering
//     a bare 429 to every purchase: since issue 16 it is uncertain, so each
//     resend follows two not-found lookups, and the budget holds the resends.
//   - TestCanaries: canary credentials and phone numbers planted; their
//     occurrences in the clients' debug logs, a caller's logs, every error
//     (%v, %+v, %#v, %q) and panic values.
//   - TestRedirectsOnPOST: money-moving calls answered 301, 302, 303, 307 and
//     308 to another server and to another path of the same server: redirects
//     followed, bodies and credentials that reached the target.
//   - TestActionPerCode: for every documented code of the tables the
//     money-moving operations and their lookups use, the action the client
//     takes, observed by running the engine against the fake scripted to
//     answer that code, compared with testdata/actions.md (-update rewrites
//     it).
//
// Run the CI size with
//
//	go test ./internal/faultsuite -count=1 -v
//
// and the soak with
//
//	CODEBOOK_SOAK_N=100000 go test ./internal/faultsuite -run . -count=1 -timeout 60m -v
//
// The figures of the last runs are in README.md beside this file.
package faultsuite
