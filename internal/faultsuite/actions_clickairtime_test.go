package faultsuite

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// caClassify classifies a Click Airtime answer as the generated operation
// does.
func caClassify(req *http.Request, status int, h http.Header, body []byte) (string, string) {
	switch req.URL.Path {
	case "/adp":
		return "send", entryID(ca.ClassifyHTTP(ca.TableTopup, status, h, body, "code", "message").Entry)
	case "/adp/transactions":
		return "lookup", entryID(ca.ClassifyHTTP(ca.TableTransactionErrors, status, h, body, "", "message").Entry)
	}
	return "", ""
}

// entryID identifies a row of a generated table (its constant's value),
// and names it.
func entryID[E interface {
	~uint8
	fmt.Stringer
}](e E) string {
	return fmt.Sprintf("%d %s", uint8(e), e.String())
}

// caRun runs one top-up against a new fake prepared by setup.
func caRun(t *testing.T, what string, setup func(srv *fake.Server)) (obs, *recorder) {
	t.Helper()
	srv := fake.New()
	defer srv.Close()
	setup(srv)
	rec := &recorder{}
	c := caClient(t, srv, ca.WithResponseHook(rec.hook(caClassify)))
	var journal cbjournal.Memory
	tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: "263719545499", Amount: ptr(5.0)}, ca.GetTransactionsParams{}, &journal)
	o := observe(t, what, rec, tx, func(ref string) string {
		if tx, ok := srv.Transaction(ref); ok {
			return tx.State.String()
		}
		return "ABSENT"
	})
	return o, rec
}

func caRow(op string, e ca.Entry, action string) actionRow {
	return actionRow{provider: "clickairtime", operation: op, table: e.Table().String(), code: codeText(e, e.Code()),
		message: messageText(e), class: e.Class().String(), action: action}
}

// reached checks that the first answer of role classified as e; for a
// fallback row (http_status) that the operation never reaches it returns
// the action that says so, for any other row it fails the test.
func reached(t *testing.T, what string, rec *recorder, role, want string, fallback bool) (string, bool) {
	t.Helper()
	a, ok := rec.first(role)
	switch {
	case ok && a.entry == want:
		return "", true
	case fallback && ok:
		return "never matched by this operation: the same answer is its row " + strings.SplitN(a.entry, " ", 2)[1], false
	}
	t.Errorf("%s: the first %s answer classified as %q, want %q", what, role, a.entry, want)
	return "the fake did not answer this row", false
}

// clickAirtimeActions are the rows of TopUp (table topup, then
// http_status) and of its lookup GetTransactions (transaction_errors,
// then http_status).
func clickAirtimeActions(t *testing.T) []actionRow {
	var rows []actionRow
	sendRows := append(ca.TableTopup.Entries(), ca.TableHTTPStatus.Entries()...)
	for _, e := range sendRows {
		what := "clickairtime TopUp answered " + e.String()
		natural, rec := caRun(t, what, func(srv *fake.Server) { srv.Enqueue(fake.Outcome{Entry: e}) })
		if text, ok := reached(t, what, rec, "send", entryID(e), e.Table() == ca.TableHTTPStatus); !ok {
			rows = append(rows, caRow("TopUp", e, text))
			continue
		}
		action := sendAction(natural,
			func() obs {
				o, _ := caRun(t, what+", provider has it", func(srv *fake.Server) {
					srv.Enqueue(fake.Outcome{Entry: e, Commit: fake.CommitAlways, Final: ca.TopupSuccess})
				})
				return o
			},
			func() obs {
				o, _ := caRun(t, what+", provider has it not", func(srv *fake.Server) {
					srv.Enqueue(fake.Outcome{Entry: e, Commit: fake.CommitNever})
				})
				return o
			})
		rows = append(rows, caRow("TopUp", e, action))
	}
	lookupRows := append(ca.TableTransactionErrors.Entries(), ca.TableHTTPStatus.Entries()...)
	for _, e := range lookupRows {
		what := "clickairtime GetTransactions answered " + e.String()
		// The 200 row of the lookup table is the ledger's own answer of a
		// transaction it has: no script could answer it better.
		ledgerRow := e.Table() == ca.TableTransactionErrors && e.Class().Outcome == codebook.OutcomeSuccess
		run := func(what string, commit fake.CommitMode) (obs, *recorder) {
			return caRun(t, what, func(srv *fake.Server) {
				srv.Enqueue(fake.Outcome{Entry: ca.HTTPStatusInternalServerError, Commit: commit, Final: ca.TopupSuccess})
				if ledgerRow {
					return
				}
				srv.SetScript(func(r fake.Request) fake.Outcome {
					if r.Op == fake.OpGetTransactions && srv.Attempts(r.Query.Get("extRefId")) <= 1 {
						return fake.Outcome{Entry: e}
					}
					return fake.Outcome{}
				})
			})
		}
		itWhat := what + ", provider has it"
		if e.Table() != ca.TableHTTPStatus && !ledgerRow {
			itWhat += contradicting
		}
		hasIt, rec := run(itWhat, fake.CommitAlways)
		if text, ok := reached(t, what, rec, "lookup", entryID(e), e.Table() == ca.TableHTTPStatus); !ok {
			rows = append(rows, caRow("GetTransactions (lookup of TopUp)", e, text))
			continue
		}
		action := lookupAction(hasIt)
		if !ledgerRow {
			hasNot, _ := run(what+", provider has it not", fake.CommitNever)
			if b := lookupAction(hasNot); b != action {
				action = "provider has it: " + action + " | has it not: " + b
			}
		}
		rows = append(rows, caRow("GetTransactions (lookup of TopUp)", e, action))
	}
	return rows
}
