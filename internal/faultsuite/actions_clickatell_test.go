package faultsuite

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// clClassify classifies a Clickatell answer as the generated operation
// does.
func clClassify(req *http.Request, status int, h http.Header, body []byte) (string, string) {
	switch req.URL.Path {
	case "/raas/v4/transact":
		return "send", entryID(cl.ClassifyHTTP(cl.TableTransact, status, h, body, "responseCode", "responseMessage").Entry)
	case "/raas/v4/reserveAndTransact":
		return "send", entryID(cl.ClassifyHTTP(cl.TableReserveAndTransact, status, h, body, "responseCode", "responseMessage").Entry)
	case fake.LookupPath:
		return "lookup", entryID(cl.ClassifyHTTP(cl.TableTransactionLookup, status, h, body, "responseCode", "responseMessage").Entry)
	}
	return "", ""
}

// clOp is a Clickatell purchase operation.
type clOp struct {
	name       string
	table      cl.Table
	processing cl.Entry // its 0000
}

var (
	clTransact = clOp{"Transact", cl.TableTransact, cl.TransactProcessingRequest}
	clReserve  = clOp{"ReserveAndTransact", cl.TableReserveAndTransact, cl.ReserveAndTransactProcessingRequest}
)

// clRun runs one purchase of op against a new fake prepared by setup.
func clRun(t *testing.T, what string, op clOp, setup func(srv *fake.Server)) (obs, *recorder) {
	t.Helper()
	srv := fake.New()
	defer srv.Close()
	setup(srv)
	rec := &recorder{}
	c, err := cl.NewClient(cl.WithBaseURL(srv.URL()), cl.WithHTTPClient(httpClient()),
		cl.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)), cl.WithBearerAuth(codebook.NewSecret(fake.DefaultAccessToken)),
		cl.WithResponseHook(rec.hook(clClassify)))
	if err != nil {
		t.Fatal(err)
	}
	var journal cbjournal.Memory
	ledger := func(ref string) string {
		if tx, ok := srv.Transaction(ref); ok {
			return tx.State.String()
		}
		return "ABSENT"
	}
	if op == clTransact {
		return observe(t, what, rec, c.TransactTransaction(cl.TransactParams{Version: v4}, transactBody(1, "27821234567"), clLookup, &journal), ledger), rec
	}
	return observe(t, what, rec, c.ReserveAndTransactTransaction(cl.ReserveAndTransactParams{Version: v4}, reserveBody(1, "27821234567"), clLookup, &journal), ledger), rec
}

func clRow(op string, e cl.Entry, action string) actionRow {
	return actionRow{provider: "clickatell", operation: op, table: e.Table().String(), code: codeText(e, e.Code()),
		message: messageText(e), class: e.Class().String(), action: action}
}

// clickatellActions are the rows of Transact and Reserve and Transact
// (their tables, then http_status), of their lookup TransactionLookup
// (transaction_lookup, then http_status), and of the funding source's
// codes the lookup shows (transact_result after Transact, reserve_funds
// after Reserve and Transact).
func clickatellActions(t *testing.T) []actionRow {
	var rows []actionRow
	for _, op := range []clOp{clTransact, clReserve} {
		for _, e := range append(op.table.Entries(), cl.TableHTTPStatus.Entries()...) {
			what := "clickatell " + op.name + " answered " + e.String()
			natural, rec := clRun(t, what, op, func(srv *fake.Server) { srv.Enqueue(fake.Outcome{Entry: e}) })
			if text, ok := reached(t, what, rec, "send", entryID(e), e.Table() == cl.TableHTTPStatus); !ok {
				rows = append(rows, clRow(op.name, e, text))
				continue
			}
			action := sendAction(natural,
				func() obs {
					o, _ := clRun(t, what+", provider has it", op, func(srv *fake.Server) {
						srv.Enqueue(fake.Outcome{Entry: e, Commit: fake.CommitAlways, Result: cl.TransactResultSuccess})
					})
					return o
				},
				func() obs {
					o, _ := clRun(t, what+", provider has it not", op, func(srv *fake.Server) {
						srv.Enqueue(fake.Outcome{Entry: e, Commit: fake.CommitNever})
					})
					return o
				})
			rows = append(rows, clRow(op.name, e, action))
		}
	}

	const lookupOp = "TransactionLookup (lookup of both)"
	for _, e := range append(cl.TableTransactionLookup.Entries(), cl.TableHTTPStatus.Entries()...) {
		what := "clickatell TransactionLookup answered " + e.String()
		run := func(what string, commit fake.CommitMode) (obs, *recorder) {
			return clRun(t, what, clTransact, func(srv *fake.Server) {
				srv.Enqueue(fake.Outcome{Entry: cl.HTTPStatusInternalServerError, Commit: commit, Result: cl.TransactResultSuccess})
				srv.SetScript(func(r fake.Request) fake.Outcome {
					if r.Op == fake.OpTransactionLookup && srv.Attempts(r.Query.Get("clientTransactionReference")) <= 1 {
						return fake.Outcome{Entry: e}
					}
					return fake.Outcome{}
				})
			})
		}
		itWhat := what + ", provider has it"
		if e.Table() != cl.TableHTTPStatus {
			itWhat += contradicting
		}
		hasIt, rec := run(itWhat, fake.CommitAlways)
		if text, ok := reached(t, what, rec, "lookup", entryID(e), e.Table() == cl.TableHTTPStatus); !ok {
			rows = append(rows, clRow(lookupOp, e, text))
			continue
		}
		action := lookupAction(hasIt)
		hasNot, _ := run(what+", provider has it not", fake.CommitNever)
		if b := lookupAction(hasNot); b != action {
			action = "provider has it: " + action + " | has it not: " + b
		}
		rows = append(rows, clRow(lookupOp, e, action))
	}

	for _, rt := range []struct {
		op    clOp
		table cl.Table
		field string
	}{
		{clTransact, cl.TableTransactResult, "transactResultResponseCode"},
		{clReserve, cl.TableReserveFunds, "reserveFundsResponseCode"},
	} {
		for _, e := range rt.table.Entries() {
			what := "clickatell " + rt.op.name + " ending with " + e.String()
			o, rec := clRun(t, what, rt.op, func(srv *fake.Server) {
				srv.Enqueue(fake.Outcome{Entry: rt.op.processing, Result: e})
			})
			opName := rt.op.name + " → 0000, then the lookup shows the funding source's code"
			if !lookupShows(rec, rt.field, string(e.Code())) {
				t.Errorf("%s: no lookup showed %s %s", what, rt.field, e.Code())
				rows = append(rows, clRow(opName, e, "the fake did not show this code"))
				continue
			}
			rows = append(rows, clRow(opName, e, sendAction(o, nil, nil)))
		}
	}
	return rows
}

// lookupShows reports whether a lookup answer carried code in field.
func lookupShows(rec *recorder, field, code string) bool {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, a := range rec.answers {
		if a.role != "lookup" {
			continue
		}
		var m map[string]any
		if json.Unmarshal(a.body, &m) == nil && m[field] == code {
			return true
		}
	}
	return false
}
