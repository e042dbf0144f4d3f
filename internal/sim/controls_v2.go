package sim

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// ControlsV2 returns the broken executors of the V2 families: each gets
// wrong what V2 does differently from V1.
func ControlsV2() []Control {
	return []Control{
		{Executor{"v2-new-key-on-resend", newKeyOnResend}, []Invariant{DoubleChargeDedupe}, ""},
		{Executor{"v2-processing-is-failed", processingIsFailed}, []Invariant{FailedWhileCharged}, ""},
	}
}

// newKeyOnResend resends at once after an unknown outcome under the same
// reference but a new Idempotency-Key, as a client that makes the key per
// attempt does: the provider's duplicate check, which reads the key, lets
// the resend through.
func newKeyOnResend(ctx context.Context, env *Env) Reported {
	ref := env.ref()
	for n := 1; n <= 3; n++ {
		body, _ := json.Marshal(bodyV2{Reference: ref, Key: ref + "-" + strconv.Itoa(n)})
		_, cl, err := env.Tx.Send(ctx, ref, body)
		c := codebook.Unknown()
		if err == nil && cl != nil {
			c = cl.Classification()
		}
		if c.Outcome != codebook.OutcomeUncertain {
			return Reported{Outcome: outcomeOfClass(c), Attempts: n}
		}
	}
	return Reported{Outcome: Flagged, Attempts: 3}
}

// processingIsFailed is the real engine with a lookup that reads V2's
// "processing" as failed (a status mapping copied from a synchronous API).
func processingIsFailed(ctx context.Context, env *Env) Reported {
	rule := RuleV2()
	rule.Statuses["processing"] = codebook.OutcomeFailed
	p := env.Provider
	env.Tx.Lookup = func(_ context.Context, ref string) (engine.Looked[LookupBody], error) {
		return engine.InterpretLookup(rule, p.LookupAnswer(ref))
	}
	return runEngine(ctx, env)
}
