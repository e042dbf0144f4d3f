package faultsuite

import (
	"context"
	"net/http"
	"testing"

	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/fake/fault"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
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
		// 2520, a final failure of the supplier (2201 is uncertain since issue 16).
		add(5, clMix{o: fake.Outcome{Result: cl.TransactResultSupplierOffline}, processing: true}).
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

// TestMixedFaultsClickatell runs the mixed faults and answers with every
// freedom of the fake (mixedFreedoms): lagging lookup and in-flight check,
// no duplicate detection at all or refused resends, slow commits, other
// records in the lookup, 5xx not-found. Each order declares the settle time
// that is true of the fake, and, since Clickatell documents no duplicate
// detection, the In-Flight Transaction Check (clInFlight) without which the
// engine never resends after an unknown outcome.
func TestMixedFaultsClickatell(t *testing.T) {
	runMixed(t, "", func(b int) mixedRun { return clMixed(t, clConfig(b)) }, orders(t))
}

// clConfig is the configuration of the Clickatell mixed run's batch b.
func clConfig(b int) mixedConfig {
	cfg := mixedConfig{faultSeed: 20260402 + uint64(b), scriptSeed: 8 + uint64(b), free: mixedFreedoms(b)}
	cfg.free.noDedupe = b%2 == 1 // the docs promise no duplicate detection: none at all
	return cfg
}

// clFaults is the fault chooser of a Clickatell mixed run: the random mix,
// and the freedoms that are faults (its lookup answers one record, so
// OurRecordTwice has no counterpart).
func clFaults(cfg mixedConfig) func(fake.Request) fault.Fault {
	return freedomFaults(cfg, mixedRates,
		func(r fake.Request) bool { return r.Op == fake.OpTransact || r.Op == fake.OpReserveAndTransact },
		func(r fake.Request) bool { return r.Op == fake.OpTransactionLookup },
		fault.OtherRecordFirst(fake.StateSuccess), fault.OtherRecordInstead(fake.StateFailed),
		fault.NotFoundServerError(http.StatusServiceUnavailable))
}

// clOptions are the options of a Clickatell fake taking the freedoms of
// cfg. Its duplicate check is absent or lags; a refusal, when asked for,
// comes before it.
func clOptions(cfg mixedConfig) []fake.Option {
	opts := []fake.Option{
		fake.WithFaults(clFaults(cfg)),
		fake.WithScript(clScript(cfg.scriptSeed)),
		fake.WithLookupLag(cfg.free.lookupLag),
		fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: cfg.free.dedupeLag, None: cfg.free.noDedupe}),
	}
	if cfg.free.refuse {
		opts = append(opts, fake.WithRefusedResend(cl.ReserveFundsInsufficientFunds))
	}
	return opts
}

// clMixed starts a Clickatell fake with the mixed faults, answers and
// freedoms of cfg, and returns the run of Transact and Reserve and
// Transact orders against it.
func clMixed(t *testing.T, cfg mixedConfig) mixedRun {
	t.Helper()
	srv := fake.New(clOptions(cfg)...)
	t.Cleanup(srv.Close)
	c, err := clClient(srv, httpClient())
	if err != nil {
		t.Fatal(err)
	}
	var journal cbjournal.Memory
	return mixedRun{
		provider: "clickatell",
		do: func(ctx context.Context, eng *engine.Engine, id int) order {
			// Every other order reserves the funds itself (Transact); the
			// others let Clickatell reserve them (Reserve and Transact).
			// Settle: see freedoms.settle, true of this fake unless a
			// control says otherwise.
			if id%2 == 0 {
				return settle(ctx, eng, id, clTransactTx(c, transactBody(id, "27821234567"), cfg.txSettle(), &journal))
			}
			return settle(ctx, eng, id, clReserveTx(c, reserveBody(id, "27821234567"), cfg.txSettle(), &journal))
		},
		ledger: func() []ledgerTx {
			var out []ledgerTx
			for _, tx := range srv.Transactions() {
				out = append(out, ledgerTx{order: clOrder(tx.TargetIdentifier), ref: tx.ClientTxnRef, state: tx.State.String(), charged: tx.Charged})
			}
			return out
		},
		charges:   srv.Charges,
		journaled: journaledIn(&journal),
		faultsOff: func() { srv.SetFaults(nil) },
		stats: func() fakeStats {
			st := srv.Stats()
			return statsOf(st.Requests, st.Charges, st.ByOp, st.Faults)
		},
		close: srv.Close,
	}
}
