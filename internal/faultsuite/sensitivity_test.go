package faultsuite

import (
	"context"
	"errors"
	"testing"

	"github.com/codebookgen/codebook"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
)

// TestMixedChecksCatchANaiveCaller runs the mixed-fault check on a caller
// that does what the engine exists to prevent: it counts every answer but
// success as a failure, and sends an order again under a new reference
// when the outcome is not known. The check must find lost and duplicated
// orders, or its zeros in the real runs would prove nothing.
func TestMixedChecksCatchANaiveCaller(t *testing.T) {
	const n = 600
	r, c, journal := caMixed(t, 99, 98)
	r.do = func(ctx context.Context, eng *codebook.Engine, id int) order {
		o := order{id: id}
		for try := 0; try < 2; try++ {
			tx := c.TopUpTransaction(ca.TopUpRequest{Msisdn: caMsisdn(id), Amount: ptr(1.0)}, ca.GetTransactionsParams{}, journal.Persist)
			tx.Lookup = nil // no reconciliation: an uncertain answer is returned as it is
			s, err := codebook.Execute(ctx, eng, tx)
			o.ref, o.sends = s.Reference, o.sends+s.Attempts
			if err == nil {
				o.told = toldSuccess
				return o
			}
			o.told, o.err = toldFailed, err
			var te *codebook.TransactionError
			if !errors.As(err, &te) || !te.Reconcile() {
				return o
			}
			// Not known: the naive caller tries again with a new reference.
		}
		return o
	}
	results, _, _ := drive(t, r, codebook.NewEngine(mixedPolicy()), n)
	res, _ := check(r, results, orderDeadline(mixedPolicy()))
	figures(t, "naive caller (clickairtime, control): orders=%d duplicates=%d lost=%d", n, res.duplicates, res.lost)
	if res.duplicates == 0 || res.lost == 0 {
		t.Errorf("a naive caller gave duplicates %d and lost %d: the check cannot see what it is meant to", res.duplicates, res.lost)
	}
}
