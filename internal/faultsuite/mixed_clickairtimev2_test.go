package faultsuite

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	"github.com/codebookgen/codebook/fake/fault"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// v2Rates are the faults of the V2 mixed runs: the same 21.5 % as V1's.
var v2Rates = fault.Rates(mixedRates)

// v2Phone is the recipient of order id: unique per order, so that the
// ledger tells the orders apart whatever reference the client used.
func v2Phone(id int) string { return fmt.Sprintf("+2335%08d", id) }

func v2Order(phone string) int {
	id, err := strconv.Atoi(strings.TrimPrefix(phone, "+2335"))
	if err != nil || !strings.HasPrefix(phone, "+2335") {
		return -1
	}
	return id
}

// v2Script is the mix of answers to new V2 top-ups: mostly accepted
// (pending, settling completed after lookups), some completed at once,
// pending top-ups that fail, refusals, DELIVERY_FAILED (a failed record
// behind a 500), INTERNAL_ERROR after the charge and before anything.
func v2Script(seed uint64) fake.Script {
	p := newPicker[fake.Outcome](seed).
		add(68, fake.Outcome{}).
		add(8, fake.Outcome{Immediate: true}).
		add(3, fake.Outcome{Final: fake.StateFailed, FailureReason: "Operator declined", PendingLookups: 3}).
		add(6, fake.Outcome{Code: "INSUFFICIENT_BALANCE"}).
		add(2, fake.Outcome{Code: "INSUFFICIENT_BALANCE", Status: http.StatusPaymentRequired, GuideEnvelope: true}).
		add(2, fake.Outcome{Code: "INVALID_PHONE_NUMBER"}).
		add(2, fake.Outcome{Code: "UNSUPPORTED_NETWORK"}).
		add(3, fake.Outcome{Code: "DELIVERY_FAILED"}).
		add(3, fake.Outcome{Code: "INTERNAL_ERROR", Commit: fake.CommitAlways, Final: fake.StateSuccess}).
		add(3, fake.Outcome{Code: "INTERNAL_ERROR"})
	return func(fake.Request) fake.Outcome { return p.pick() }
}

// TestMixedFaultsClickAirtimeV2 runs the mixed faults and answers against
// the V2 fake with every freedom (mixedFreedoms): lagging lookup, a
// duplicate check by Idempotency-Key that lags or refused resends, slow
// commits, other records and ours twice in the lookup, a 5xx carrying an
// empty list; each order declares the settle time true of the fake.
func TestMixedFaultsClickAirtimeV2(t *testing.T) {
	runMixed(t, "", func(b int) mixedRun {
		return v2Mixed(t, v2Config(b))
	}, orders(t))
}

// TestMixedChecksCatchATrustingSettleV2 is the V2 control: the same run
// with a 1 ns settle, so the engine trusts the first empty lists of the
// lagging lookup; the checks must count duplicates or lost orders.
func TestMixedChecksCatchATrustingSettleV2(t *testing.T) {
	n := min(orders(t), 1000)
	res, _ := measureMixed(t, " control, Settle 1ns", func(b int) mixedRun {
		cfg := v2Config(b)
		cfg.settle = 1
		return v2Mixed(t, cfg)
	}, n, n/2)
	if res.duplicates+res.lost == 0 {
		t.Errorf("a 1 ns settle against a lagging V2 provider gave no duplicate and no lost order: the checks cannot fail")
	}
}

// v2Config is the configuration of the V2 mixed run's batch b.
func v2Config(b int) mixedConfig {
	return mixedConfig{faultSeed: 20261128 + uint64(b), scriptSeed: 15 + uint64(b), free: mixedFreedoms(b)}
}

// v2Faults is the fault chooser of a V2 mixed run.
func v2Faults(cfg mixedConfig) func(fake.Request) fault.Fault {
	return freedomFaults(cfg, v2Rates,
		func(r fake.Request) bool { return r.Op == fake.OpCreateTopup },
		func(r fake.Request) bool { return r.Op == fake.OpListTopups },
		fault.OtherRecordFirst(fake.StateSuccess), fault.OtherRecordInstead(fake.StateSuccess),
		fault.OurRecordTwice(), fault.NotFoundServerError(http.StatusInternalServerError))
}

// v2Options are the options of a V2 fake taking the freedoms of cfg.
func v2Options(cfg mixedConfig) []fake.Option {
	opts := []fake.Option{
		fake.WithFaults(v2Faults(cfg)),
		fake.WithScript(v2Script(cfg.scriptSeed)),
		fake.WithLookupLag(cfg.free.lookupLag),
		fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: cfg.free.dedupeLag, None: cfg.free.noDedupe}),
	}
	if cfg.free.refuse {
		opts = append(opts, fake.WithRefusedResend("INSUFFICIENT_BALANCE"))
	}
	return opts
}

// v2Client returns a generated V2 client of srv.
func v2Client(t *testing.T, srv *fake.Server, opts ...v2.Option) *v2.Client {
	t.Helper()
	c, err := v2.NewClient(append([]v2.Option{
		v2.WithBaseURL(srv.URL()),
		v2.WithHTTPClient(httpClient()),
		v2.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// v2TopupBody is order id's top-up: 5 GHS to its own recipient.
func v2TopupBody(id int) v2.TopupRequest {
	return v2.TopupRequest{PhoneNumber: v2Phone(id), NetworkID: 42, Amount: &v2.Money{Value: 5, Currency: "GHS"}}
}

// v2Mixed starts a V2 fake with the mixed faults, answers and freedoms of
// cfg, and returns the run of CreateTopupTransaction orders against it.
func v2Mixed(t *testing.T, cfg mixedConfig) mixedRun {
	t.Helper()
	srv := fake.New(v2Options(cfg)...)
	t.Cleanup(srv.Close)
	c := v2Client(t, srv, v2.WithHTTPClient(guardedClient()))
	journal := new(cbjournal.Memory)
	return mixedRun{
		provider: "clickairtimev2",
		do: func(ctx context.Context, eng *engine.Engine, id int) order {
			tx := c.CreateTopupTransaction(v2.CreateTopupParams{}, v2TopupBody(id), v2.ListTopupsParams{}, journal)
			tx.Settle = cfg.txSettle()
			return settle(ctx, eng, id, tx)
		},
		ledger: func() []ledgerTx {
			var out []ledgerTx
			for _, tx := range srv.Transactions() {
				out = append(out, ledgerTx{order: v2Order(tx.PhoneNumber), ref: tx.Key, state: tx.State.String(), charged: tx.Charged})
			}
			return out
		},
		charges:   srv.Charges,
		journaled: journaledIn(journal),
		faultsOff: func() { srv.SetFaults(nil) },
		stats: func() fakeStats {
			st := srv.Stats()
			return statsOf(st.Requests, st.Charges, st.ByOp, st.Faults)
		},
		close: srv.Close,
	}
}
