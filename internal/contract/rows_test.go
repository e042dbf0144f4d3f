package contract

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/internal/spectest"
)

// The floors below are the (operation, row) pairs exercised when the test was
// written; the count may grow, but a drop means rows stopped being proven.
const (
	clickatellPairFloor   = 116
	clickairtimePairFloor = 64
)

func TestEveryDocumentedRowClickatell(t *testing.T) {
	runRows(t, clickatellProvider, clickatellPairFloor)
}

func TestEveryDocumentedRowClickAirtime(t *testing.T) {
	runRows(t, clickairtimeProvider, clickairtimePairFloor)
}

// candidate is one row to send through one operation, and the row the client
// must find for it.
type candidate[E any] struct {
	row      E
	want     E
	fallback bool // a row of the fallback table, reached by status alone
}

// runRows sends, through every operation of the provider's OpenAPI file, every
// row of the operation's code table (and every row of the table's fallback,
// which is reached by HTTP status alone) the way the provider would: the code
// and message in the x-codebook fields, with the row's documented status, or
// with every status the operation documents when the row has none. Each
// answer is validated against the spec by the server, and the client's
// result is checked with checkCall.
func runRows[T table, E entry[C], C code](t *testing.T, p provider[T, E, C], floor int) {
	doc := loadDoc(t, p.specFile)
	srv := spectest.NewServer(t, doc)
	calls := p.client(t, clientConfig{base: srv.URL})
	fb := fallbacks(t)[p.id]
	ctx := context.Background()

	pairs, viaFallback, exchanges, skippedPairs := 0, 0, 0, 0
	skipped := map[string]int{} // reason → (operation, row, status) combinations
	var ownSkipped []string     // rows of an operation's own table it cannot carry at all
	perOp := map[string]int{}
	linked := map[T]bool{}
	ops := operations(t, doc)
	if len(ops) == 0 {
		t.Fatalf("%s: no operation has x-codebook", p.specFile)
	}
	for _, op := range ops {
		if op.xc.Provider != p.id {
			t.Errorf("%s: x-codebook provider %q, want %q", op.id, op.xc.Provider, p.id)
			continue
		}
		c, ok := calls[op.id]
		if !ok {
			t.Errorf("%s: the test has no call for this operation; add one to providers_test.go", op.id)
			continue
		}
		tbl, ok := p.table(op.xc.Table)
		if !ok {
			t.Errorf("%s: x-codebook table %q is not a table of the generated package", op.id, op.xc.Table)
			continue
		}
		linked[tbl] = true
		rows := p.entries(tbl)
		var cands []candidate[E]
		for _, r := range rows {
			cands = append(cands, candidate[E]{row: r, want: r})
		}
		if fbID, ok := fb[op.xc.Table]; ok {
			fbt, ok := p.table(fbID)
			if !ok {
				t.Fatalf("fallback table %q is not a table of the generated package", fbID)
			}
			linked[fbt] = true
			for _, f := range p.entries(fbt) {
				// A status-only row of the operation's own table comes before
				// the fallback's row for the same status.
				want := f
				for _, r := range rows {
					if !r.HasCode() && r.Message() == "" && r.HTTPStatus() == f.HTTPStatus() {
						want = r
					}
				}
				cands = append(cands, candidate[E]{row: f, want: want, fallback: true})
			}
		}

		for _, cand := range cands {
			statuses := declaredStatuses(op.op)
			if s := cand.row.HTTPStatus(); s != 0 {
				statuses = []int{s}
			}
			var codeV any
			if cand.row.HasCode() {
				codeV = p.wire(cand.row.Code())
			}
			exercised := false
			for _, status := range statuses {
				rep, reason := buildReply(op, status, p.envelope, codeV, cand.row.Message())
				label := fmt.Sprintf("%s %s HTTP %d", op.id, cand.row.String(), status)
				if reason != "" {
					// The operation's responses cannot carry the row this way
					// (a status it does not document, a body that is a list or
					// absent): skipped on purpose, and counted.
					skipped[reason]++
					t.Logf("skip %s: %s", label, reason)
					continue
				}
				requestID := fmt.Sprintf("req-%d", exchanges)
				srv.Script(func(ex *spectest.Exchange) spectest.Answer {
					if ex.Op != op.id {
						t.Errorf("%s: the request went to %s", label, ex.Op)
					}
					return rep.answer(requestID)
				})
				before := srv.Count(op.id)
				body, res, err := c(ctx)
				if got := srv.Count(op.id) - before; got != 1 {
					t.Errorf("%s: %d requests reached the server, want 1", label, got)
				}
				w := want[E]{entry: cand.want, class: codebookimpl.Settle(cand.want.Class(), status), requestID: requestID}
				checkCall(t, p, label, tbl, w, rep, body, res, err)
				exchanges++
				exercised = true
			}
			if exercised {
				pairs++
				if cand.fallback {
					viaFallback++
				}
				perOp[op.id]++
			} else {
				skippedPairs++
				if !cand.fallback {
					ownSkipped = append(ownSkipped, op.id+" "+cand.row.String())
				}
			}
		}
	}

	var unlinked []string
	for _, tb := range p.tables() {
		if !linked[tb] {
			unlinked = append(unlinked, tb.String())
		}
	}
	var reasons []string
	for r, n := range skipped {
		reasons = append(reasons, fmt.Sprintf("%4d × %s", n, r))
	}
	sort.Strings(reasons)
	var byOp []string
	for _, op := range ops {
		byOp = append(byOp, fmt.Sprintf("%s %d", op.id, perOp[op.id]))
	}
	t.Logf("%s: %d (operation, row) pairs exercised (%d of them rows of the fallback table) in %d exchanges; %d pairs the operation's responses cannot carry", p.id, pairs, viaFallback, exchanges, skippedPairs)
	t.Logf("pairs per operation: %s", strings.Join(byOp, ", "))
	t.Logf("rows of an operation's own table it cannot carry at all: %s", strings.Join(ownSkipped, ", "))
	t.Logf("tables no operation of %s uses, directly or as a fallback: %s", p.specFile, strings.Join(unlinked, ", "))
	t.Logf("skipped (operation, row, status) combinations:\n%s", strings.Join(reasons, "\n"))
	if pairs < floor {
		t.Errorf("%d (operation, row) pairs exercised, fewer than the floor %d", pairs, floor)
	}
}
