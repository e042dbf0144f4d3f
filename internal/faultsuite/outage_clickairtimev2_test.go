package faultsuite

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	"github.com/codebookgen/codebook/fake/fault"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	cbjournal "github.com/codebookgen/codebook/journal"
	cbtransport "github.com/codebookgen/codebook/transport"
)

// guardedClient is the client a V2 caller should use: the suite's
// keep-alive transport behind transport.GuardedTransport, which strips
// GetBody from money-moving requests. Go's transport treats a request
// carrying an Idempotency-Key header as idempotent and resends it by
// itself after a broken keep-alive connection when it can rewind the body;
// the generated client now drops GetBody itself
// (TestV2SendsOnceOnABareTransport).
func guardedClient() *http.Client {
	return &http.Client{Transport: &cbtransport.GuardedTransport{Base: transport()}, Timeout: 5 * time.Second}
}

// stormV2 runs callers concurrent callers, each sending V2 top-ups one
// after the other for d (or once each when d is 0), through one engine.
func stormV2(t *testing.T, srv *fake.Server, eng *engine.Engine, d time.Duration) stormFigures {
	t.Helper()
	c := v2Client(t, srv, v2.WithHTTPClient(guardedClient()))
	before := srv.Stats()
	var journal cbjournal.Memory
	f := stormLoop(t, d, func(i int) error {
		tx := c.CreateTopupTransaction(v2.CreateTopupParams{}, v2TopupBody(i), v2.ListTopupsParams{}, &journal)
		tx.Settle = freedoms{}.settle() // the fake takes no freedom
		_, err := engine.Execute(context.Background(), eng, tx)
		return err
	})
	after := srv.Stats()
	f.posts = after.ByOp[fake.OpCreateTopup] - before.ByOp[fake.OpCreateTopup]
	f.lookups = after.ByOp[fake.OpListTopups] - before.ByOp[fake.OpListTopups]
	return f
}

// TestOutageClickAirtimeV2 is TestOutage503 for V2: 200 callers in front of
// a provider answering 503 to everything, then 500 INTERNAL_ERROR to every
// top-up (uncertain: looked up, never resent blindly), through one engine
// with the default retry budget; the same figures and bounds (POSTs
// sent/asked and requests sent/first attempts at most 1.1), a control with
// an unlimited budget, and the recovery.
func TestOutageClickAirtimeV2(t *testing.T) {
	srv := fake.New()
	defer srv.Close()
	d := outageFor()
	for _, o := range []struct {
		name  string
		setup func()
		// lookups is how many lookups the rules require after an uncertain
		// answer before anything else: one when the lookups fail too (the
		// 503), two a settle apart when they answer an empty list (rule A:
		// absence takes two not-founds), after which a resend is allowed.
		lookups int
	}{
		{"503", func() { srv.SetFaults(func(fake.Request) fault.Fault { return fault.Unavailable() }) }, 1},
		{"500 INTERNAL_ERROR", func() {
			srv.SetFaults(nil)
			srv.SetScript(func(fake.Request) fake.Outcome { return fake.Outcome{Code: "INTERNAL_ERROR"} })
		}, 2},
	} {
		o.setup()
		budget := engine.NewRetryBudget(engine.DefaultBudgetRatio, engine.DefaultBudgetFloor)
		out := stormV2(t, srv, engine.NewEngine(outagePolicy(budget)), d)
		postRatio := float64(out.posts) / float64(out.asked)
		amp := float64(out.posts+out.lookups) / float64(out.asked*(1+o.lookups))
		figures(t, "outage clickairtimev2 %s: callers=%d duration=%s asked=%d posts_sent=%d (sent/asked %.3f) lookups_sent=%d "+
			"requests_sent/first_attempts=%.3f (a first attempt: the POST and %d lookups) charges=%d execute_p50=%s budget_left=%.1f",
			o.name, callers, d, out.asked, out.posts, postRatio, out.lookups, amp, o.lookups, srv.Stats().Charges, out.p50().Round(time.Microsecond), budget.Available())
		if bound := 1.1 + float64(engine.DefaultBudgetFloor)/float64(out.asked); postRatio > bound || amp > bound {
			t.Errorf("%s: POSTs sent/asked %.3f, requests sent/first attempts %.3f: both must be at most %.3f", o.name, postRatio, amp, bound)
		}
		if resent := out.posts - out.asked; out.lookups < 2*resent {
			t.Errorf("%s: %d resends after %d lookups: each resend needs two lookups first", o.name, resent, out.lookups)
		}
		if out.success != 0 || srv.Stats().Charges != 0 {
			t.Errorf("%s: %d successes and %d charges during a total outage", o.name, out.success, srv.Stats().Charges)
		}
	}
	// Control: an unlimited budget lets every caller resend after its
	// lookups, up to MaxAttempts (the 500 storm goes on).
	ctl := stormV2(t, srv, engine.NewEngine(outagePolicy(engine.NewRetryBudget(1, 1<<30))), 0)
	ctlAmp := float64(ctl.posts+ctl.lookups) / float64(3*ctl.asked)
	figures(t, "outage clickairtimev2 control, unlimited budget: asked=%d posts_sent=%d lookups_sent=%d requests_sent/first_attempts=%.3f",
		ctl.asked, ctl.posts, ctl.lookups, ctlAmp)
	if ctlAmp <= 1.1 {
		t.Errorf("without a budget the amplification is %.3f: the outage does not exercise retries", ctlAmp)
	}
	// Recovery: the drained budget must not stand in the way of first
	// attempts. A V2 top-up is accepted pending: Execute flags it, and the
	// provider settles it after its lookups.
	srv.SetScript(nil)
	srv.SetFaults(nil)
	start := time.Now()
	rec := stormV2(t, srv, engine.NewEngine(outagePolicy(engine.NewRetryBudget(engine.DefaultBudgetRatio, engine.DefaultBudgetFloor))), 0)
	charged := srv.Stats().Charges
	figures(t, "recovery clickairtimev2: callers=%d posts_sent=%d charges=%d success=%d in %s", callers, rec.posts, charged, rec.success, time.Since(start).Round(time.Millisecond))
	if rec.posts != rec.asked || charged != rec.asked {
		t.Errorf("after the outage %d POSTs and %d charges for %d top-ups: want one each", rec.posts, charged, rec.asked)
	}
}

// TestV2SendsOnceOnABareTransport: a top-up whose connection breaks after
// the provider processed it is not resent below the engine, even through a
// caller's bare keep-alive http.Transport, which resends a request it can
// rewind when it carries an Idempotency-Key (Go takes the header as making
// a POST idempotent): the generated client drops the money-moving
// request's GetBody. Before it did, the bare transport sent two POSTs and
// charged twice with the provider's duplicate check off.
func TestV2SendsOnceOnABareTransport(t *testing.T) {
	for _, c := range []struct {
		name   string
		client *http.Client
		posts  int
	}{
		{"bare http.Transport", httpClient(), 1},
		{"GuardedTransport", guardedClient(), 1},
	} {
		srv := fake.New(fake.WithDuplicateDetection(fake.DuplicateDetection{None: true}))
		cl := v2Client(t, srv, v2.WithHTTPClient(c.client))
		if _, _, err := cl.GetBalance(context.Background()); err != nil { // a keep-alive connection to reuse
			t.Fatal(err)
		}
		srv.InjectFaults(fake.OpCreateTopup, fault.DropAfterCommit())
		tx := cl.CreateTopupTransaction(v2.CreateTopupParams{}, v2TopupBody(1), v2.ListTopupsParams{}, new(cbjournal.Memory))
		s, _ := engine.Execute(context.Background(), engine.NewEngine(engine.Policy{MaxAttempts: 1, Deadline: time.Second}), tx)
		posts := srv.Stats().ByOp[fake.OpCreateTopup]
		figures(t, "v2 transport resend, %s: engine_sends=%d wire_sends=%d posts_at_provider=%d charges=%d (duplicate check off)",
			c.name, s.Attempts, s.WireSends, posts, srv.Charges(s.Reference))
		if posts != c.posts {
			t.Errorf("%s: %d POSTs reached the provider for one send, want %d", c.name, posts, c.posts)
		}
		srv.Close()
	}
}
