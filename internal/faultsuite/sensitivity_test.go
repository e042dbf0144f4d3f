package faultsuite

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/codebookgen/codebook/engine"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

// TestMixedChecksCatchANaiveCaller runs the mixed-fault check on a caller
// that does what the engine exists to prevent: it counts every answer but
// success as a failure, and sends an order again under a new reference
// when the outcome is not known. The check must find lost and duplicated
// orders, or its zeros in the real runs would prove nothing.
func TestMixedChecksCatchANaiveCaller(t *testing.T) {
	const n = 600
	r, c, journal := caMixed(t, mixedConfig{faultSeed: 99, scriptSeed: 98})
	r.do = func(ctx context.Context, eng *engine.Engine, id int) order {
		o := order{id: id}
		for try := 0; try < 2; try++ {
			tx := c.TopUpTransaction(ca.TopUpRequest{MSISDN: caMsisdn(id), Amount: ptr(1.0)}, ca.GetTransactionsParams{}, journal)
			tx.Lookup = nil // no reconciliation: an uncertain answer is returned as it is
			s, err := engine.Execute(ctx, eng, tx)
			o.ref, o.sends = s.Reference, o.sends+s.Attempts
			if err == nil {
				o.told = toldSuccess
				return o
			}
			o.told, o.err = toldFailed, err
			var te *engine.TransactionError
			if !errors.As(err, &te) || !te.Reconcile() {
				return o
			}
			// Not known: the naive caller tries again with a new reference.
		}
		return o
	}
	results, _, _ := drive(t, r, engine.NewEngine(mixedPolicy()), n)
	res, _ := check(r, results, orderDeadline(mixedPolicy()))
	figures(t, "naive caller (clickairtime, control): orders=%d duplicates=%d lost=%d", n, res.duplicates, res.lost)
	if res.duplicates == 0 || res.lost == 0 {
		t.Errorf("a naive caller gave duplicates %d and lost %d: the check cannot see what it is meant to", res.duplicates, res.lost)
	}
}

// TestMixedChecksCatchATrustingSettle is the control of the freedoms: the
// mixed runs of both providers, every freedom on, but each order declares
// a settle time of 1 ns (0 would be the engine's default of a minute), so
// that the engine takes the first not-found answers of a lagging lookup for
// absence and resends while the charge is still invisible. The lagging or
// absent duplicate check then charges twice, and the refusal of a resend
// reads as a failure while the first send charged: the counters must see
// duplicates or lost orders, or their zeros in the real runs would prove
// nothing about the freedoms.
func TestMixedChecksCatchATrustingSettle(t *testing.T) {
	const n, batch = 1000, 500 // two batches: a refusing fake and a lagging (or absent) duplicate check
	for _, p := range []struct {
		name string
		run  func(b int) mixedRun
	}{
		{"clickairtime", func(b int) mixedRun {
			cfg := caConfig(b)
			cfg.settle = time.Nanosecond
			r, _, _ := caMixed(t, cfg)
			return r
		}},
		{"clickatell", func(b int) mixedRun {
			cfg := clConfig(b)
			cfg.settle = time.Nanosecond
			return clMixed(t, cfg)
		}},
	} {
		res, _ := measureMixed(t, " control, Settle 1ns", p.run, n, batch)
		if res.duplicates+res.lost == 0 {
			t.Errorf("%s: trusting the first not-found answers under a lagging lookup gave no duplicate and no lost order: the check cannot see what the freedoms do", p.name)
		}
	}
}
