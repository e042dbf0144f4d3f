package faultsuite

import (
	"context"
	"testing"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// clMix is one scripted answer of a purchase: processing names the answer
// 0000 of the operation, to be filled in.
type clMix struct {
	o          fake.Outcome
	processing bool
}

// clScript is the mix of answers to new purchases: mostly 0000 (pending)
// settling SUCCESS after a lookup, and purchases that settle failed (the
// supplier, the funding source), stay pending (a supplier timeout),
// uncertain codes, 400s, answers of requests not processed, and a 500
// after the purchase was made.
func clScript(seed uint64) fake.Script {
	p := newPicker[clMix](seed).
		add(70, clMix{}).
		add(5, clMix{o: fake.Outcome{Result: cl.TransactResultSupplierUnable}, processing: true}).
		add(3, clMix{o: fake.Outcome{Result: cl.ReserveFundsInsufficientFunds}, processing: true}).
		add(3, clMix{o: fake.Outcome{Result: cl.TransactResultSuccess, PendingLookups: 3}, processing: true}).
		// A supplier timeout: pending until settled by hand, so Wait gives
		// up and the order is flagged.
		add(0.5, clMix{o: fake.Outcome{Result: cl.TransactResultSupplierTimeout}, processing: true}).
		add(3, clMix{o: fake.Outcome{Entry: cl.TransactInternalTimeout}}).                           // 2060, ledger FAILED
		add(2, clMix{o: fake.Outcome{Entry: cl.TransactUnexpectedError, Commit: fake.CommitNever}}). // 0001, nothing done
		add(3, clMix{o: fake.Outcome{Entry: cl.TransactBadFormat}}).
		add(3, clMix{o: fake.Outcome{Entry: cl.HTTPStatusInternalServerError, Commit: fake.CommitAlways, Result: cl.TransactResultSuccess}}).
		add(2, clMix{o: fake.Outcome{Entry: cl.HTTPStatusTooManyRequests, Commit: fake.CommitNever}})
	return func(r fake.Request) fake.Outcome {
		if (r.Op != fake.OpTransact && r.Op != fake.OpReserveAndTransact) || r.Duplicate {
			return fake.Outcome{}
		}
		m := p.pick()
		o := m.o
		if m.processing {
			o.Entry = cl.ReserveAndTransactProcessingRequest
			if r.Op == fake.OpTransact {
				o.Entry = cl.TransactProcessingRequest
			}
		}
		// Reserve and Transact has its own table: its rows for the codes
		// only Transact documents are its 4000 and status-only ones.
		if r.Op == fake.OpReserveAndTransact {
			switch o.Entry {
			case cl.TransactBadFormat:
				o.Entry = cl.ReserveAndTransactBadFormat
			case cl.TransactInternalTimeout, cl.TransactUnexpectedError:
				o = fake.Outcome{Entry: cl.HTTPStatusBadGateway, Commit: fake.CommitNever}
			}
		}
		return o
	}
}

func TestMixedFaultsClickatell(t *testing.T) {
	runMixed(t, func(b int) mixedRun { return clMixed(t, 20260402+uint64(b), 8+uint64(b)) }, orders(t))
}

// clMixed starts a Clickatell fake with the mixed faults and answers, and
// returns the run of Transact and Reserve and Transact orders against it.
func clMixed(t *testing.T, faultSeed, scriptSeed uint64) mixedRun {
	t.Helper()
	srv := fake.New(
		fake.WithFaults(fake.RandomFaults(faultSeed, mixedRates)),
		fake.WithScript(clScript(scriptSeed)),
	)
	t.Cleanup(srv.Close)
	c, err := clClient(srv, httpClient())
	if err != nil {
		t.Fatal(err)
	}
	var journal codebook.MemoryJournal
	return mixedRun{
		provider: "clickatell",
		do: func(ctx context.Context, eng *codebook.Engine, id int) order {
			// Every other order reserves the funds itself (Transact); the
			// others let Clickatell reserve them (Reserve and Transact).
			if id%2 == 0 {
				tx := c.TransactTransaction(cl.TransactParams{Version: v4}, transactBody(id, "27821234567"), clLookup, journal.Persist)
				return settle(ctx, eng, id, tx)
			}
			tx := c.ReserveAndTransactTransaction(cl.ReserveAndTransactParams{Version: v4}, reserveBody(id, "27821234567"), clLookup, journal.Persist)
			return settle(ctx, eng, id, tx)
		},
		ledger: func() []ledgerTx {
			var out []ledgerTx
			for _, tx := range srv.Transactions() {
				out = append(out, ledgerTx{order: clOrder(tx.TargetIdentifier), ref: tx.ClientTxnRef, state: tx.State.String(), charged: tx.Charged})
			}
			return out
		},
		charges:   srv.Charges,
		journaled: func(ref string) bool { _, ok := journal.Lookup(ref); return ok },
		faultsOff: func() { srv.SetFaults(nil) },
		stats: func() fakeStats {
			st := srv.Stats()
			fs := fakeStats{requests: st.Requests, charges: st.Charges, byOp: map[string]int{}, faults: map[string]int{}}
			for k, v := range st.ByOp {
				fs.byOp[string(k)] = v
			}
			for k, v := range st.Faults {
				fs.faults[k.String()] = v
			}
			return fs
		},
		close: srv.Close,
	}
}
