package faultsuite

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// mixedRates are the faults of the mixed runs, in percent of all requests
// (top-ups, lookups and token requests alike): 21.5 % in all.
var mixedRates = fault.Rates{
	Delay:                 3,
	Unavailable:           4,
	UnavailableRetryAfter: 0.5,
	Reset:                 4,
	Drop:                  4,
	Truncate:              3,
	HTMLProxy:             3,
	DelayFor:              2 * time.Millisecond,
	RetryAfter:            time.Second,
}

// caMsisdn is the recipient of order id: unique per order, so that the
// ledger tells the orders apart whatever reference the client used.
func caMsisdn(id int) string { return fmt.Sprintf("2637%08d", id) }

func caOrder(msisdn string) int {
	id, err := strconv.Atoi(strings.TrimPrefix(msisdn, "2637"))
	if err != nil || !strings.HasPrefix(msisdn, "2637") {
		return -1
	}
	return id
}

// caScript is the mix of answers to new top-ups: mostly successes, and
// declines, pending top-ups settling either way after a few lookups,
// uncertain answers, and answers of requests the provider did not process.
func caScript(seed uint64) fake.Script {
	p := newPicker[fake.Outcome](seed).
		add(70, fake.Outcome{}). // code 1 success
		add(5, fake.Outcome{Entry: ca.TopupPending, PendingLookups: 2}).
		add(3, fake.Outcome{Entry: ca.TopupQueued, PendingLookups: 3}).
		add(2, fake.Outcome{Entry: ca.TopupPending, Final: ca.TopupBundleFailed}).
		add(6, fake.Outcome{Entry: ca.TopupLowBalance}).
		add(2, fake.Outcome{Entry: ca.TopupInvalidRecipient}).
		add(3, fake.Outcome{Entry: ca.TopupFailed}). // code 5: uncertain, the ledger says FAILED
		add(2, fake.Outcome{Entry: ca.TopupRouteUnavailable, Commit: fake.CommitNever}).
		add(2, fake.Outcome{Entry: ca.TopupRepeatRecharge, Commit: fake.CommitNever}).
		// The provider charged, then answered 500.
		add(3, fake.Outcome{Entry: ca.HTTPStatusInternalServerError, Commit: fake.CommitAlways, Final: ca.TopupSuccess}).
		// 503 from the provider itself, nothing done.
		add(2, fake.Outcome{Entry: ca.HTTPStatusServiceUnavailable})
	return func(r fake.Request) fake.Outcome {
		if r.Op != fake.OpTopUp || r.Duplicate {
			return fake.Outcome{}
		}
		return p.pick()
	}
}

// TestMixedFaultsClickAirtime runs the mixed faults and answers with every
// freedom of the fake (mixedFreedoms): lagging lookup, lagging duplicate
// check or refused resends, slow commits, other records and ours twice in
// the lookup, 5xx not-found; each order declares the settle time that is
// true of the fake.
func TestMixedFaultsClickAirtime(t *testing.T) {
	runMixed(t, "", func(b int) mixedRun {
		r, _, _ := caMixed(t, caConfig(b))
		return r
	}, orders(t))
}

// caConfig is the configuration of the Click Airtime mixed run's batch b.
func caConfig(b int) mixedConfig {
	return mixedConfig{faultSeed: 20260401 + uint64(b), scriptSeed: 7 + uint64(b), free: mixedFreedoms(b)}
}

// caFaults is the fault chooser of a Click Airtime mixed run: the random
// mix, and the freedoms that are faults.
func caFaults(cfg mixedConfig) func(fake.Request) fault.Fault {
	return freedomFaults(cfg, mixedRates,
		func(r fake.Request) bool { return r.Op == fake.OpTopUp },
		func(r fake.Request) bool { return r.Op == fake.OpGetTransactions },
		fault.OtherRecordFirst(fake.StateSuccess), fault.OtherRecordInstead(fake.StateSuccess),
		fault.OurRecordTwice(), fault.NotFoundServerError(http.StatusInternalServerError))
}

// caOptions are the options of a Click Airtime fake taking the freedoms of
// cfg.
func caOptions(cfg mixedConfig) []fake.Option {
	opts := []fake.Option{
		fake.WithFaults(caFaults(cfg)),
		fake.WithScript(caScript(cfg.scriptSeed)),
		fake.WithLookupLag(cfg.free.lookupLag),
		fake.WithDuplicateDetection(fake.DuplicateDetection{Lag: cfg.free.dedupeLag, None: cfg.free.noDedupe}),
	}
	if cfg.free.refuse {
		opts = append(opts, fake.WithRefusedResend(ca.TopupLowBalance))
	}
	return opts
}

// caClient returns a generated Click Airtime client of srv with the
// fake's credentials, through the suite's HTTP client, and opts.
func caClient(t *testing.T, srv *fake.Server, opts ...ca.Option) *ca.Client {
	t.Helper()
	c, err := ca.NewClient(append([]ca.Option{
		ca.WithBaseURL(srv.URL()),
		ca.WithHTTPClient(httpClient()),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// caMixed starts a Click Airtime fake with the mixed faults, answers and
// freedoms of cfg, and returns the run of TopUpTransaction orders against
// it, with the client and journal for variations.
func caMixed(t *testing.T, cfg mixedConfig) (mixedRun, *ca.Client, *cbjournal.Memory) {
	t.Helper()
	srv := fake.New(caOptions(cfg)...)
	t.Cleanup(srv.Close)
	c := caClient(t, srv)
	journal := new(cbjournal.Memory)
	return mixedRun{
		provider: "clickairtime",
		do: func(ctx context.Context, eng *engine.Engine, id int) order {
			tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: caMsisdn(id), Amount: ptr(1.0)}, ca.GetTransactionsParams{}, journal)
			tx.Settle = cfg.txSettle() // see freedoms.settle: true of this fake, unless a control says otherwise
			return settle(ctx, eng, id, tx)
		},
		ledger: func() []ledgerTx {
			var out []ledgerTx
			for _, tx := range srv.Transactions() {
				out = append(out, ledgerTx{order: caOrder(tx.MSISDN), ref: tx.ExtRefID, state: tx.State.String(), charged: tx.Charged})
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
	}, c, journal
}
