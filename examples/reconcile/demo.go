package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/sqlite"
	"github.com/codebookgen/codebook/transport"
)

// left is a transaction as a crashed service left it in the journal.
type left struct {
	ref, story, operation string
	steps                 []journal.Step
	sent, pending         bool // its top-up reached the provider; pending there
}

func crashed() []left {
	sending := journal.Step{State: journal.StateSending, Attempt: 1, Class: codebook.Unknown()}
	uncertain := journal.Step{State: journal.StateUncertain, Class: codebook.Unknown()}
	pending := journal.Step{State: journal.StateAnswered, Attempt: 1, Class: engine.StatusClass(codebook.OutcomePending)}
	return []left{
		{"demo-created", "begun, then the process died before sending", "topUp", nil, false, false},
		{"demo-sending-absent", "died after writing sending, before the request left", "topUp", []journal.Step{sending}, false, false},
		{"demo-sending-charged", "died after the provider charged, before the answer", "topUp", []journal.Step{sending}, true, false},
		{"demo-uncertain", "the answer was lost; Execute ended uncertain", "topUp", []journal.Step{sending, uncertain}, true, false},
		{"demo-pending", "answered pending (code 10); settles later", "topUp", []journal.Step{sending, pending}, true, true},
		{"demo-refund", "an operation this reconciler has no resolver for", "refund", []journal.Step{sending}, false, false},
	}
}

// runDemo seeds a journal as a crashed service would have left it, drains
// it with the reconciler against the fake, and tells what became of each.
func runDemo(w io.Writer) error {
	ctx := context.Background()
	srv := fake.New()
	defer srv.Close()
	c, err := ca.NewClient(ca.WithBaseURL(srv.URL()),
		ca.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		ca.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)))
	if err != nil {
		return err
	}
	j, path, done, err := tempJournal(ctx)
	if err != nil {
		return err
	}
	defer done()
	fmt.Fprintf(w, "journal %s; fake Click Airtime at %s\n\n", path, srv.URL())
	txs := crashed()
	for _, l := range txs {
		if err := seed(ctx, j, c, srv, l); err != nil {
			return err
		}
	}
	eng := engine.NewEngine(engine.Policy{BaseDelay: time.Millisecond, PollInitial: 10 * time.Millisecond})
	// The fake records a top-up before it answers: a short settle time is
	// true of it (the real provider's is the spec's 30 s).
	worker, err := newWorker(j, c, eng, 50*time.Millisecond, slog.New(slog.NewTextHandler(w, nil)))
	if err != nil {
		return err
	}
	for range 3 { // the pending one needs a second pass, after its release
		if _, err := worker.Drain(ctx); err != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Fprintln(w)
	for _, l := range txs {
		rec, err := j.Get(ctx, l.ref)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%-21s %-55s → %-9s (provider: %d top-up(s), charged %d)\n", l.ref, l.story, rec.Step.State, srv.Attempts(l.ref), srv.Charges(l.ref))
	}
	p, err := worker.Progress(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nprogress: %v; unresolved %d, the oldest %s old\n", p.States(), p.Unresolved, p.OldestUnresolved.Round(time.Millisecond))
	return nil
}

// seed journals l, and sends its top-up when the crashed process had.
func seed(ctx context.Context, j *sqlite.Journal, c *ca.Client, srv *fake.Server, l left) error {
	amount, ref := 5.0, l.ref
	body := ca.TopUpRequest{MSISDN: "263719545499", Amount: &amount, ExtRefID: &ref}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	gen, err := j.Begin(ctx, journal.Entry{Reference: ref, Operation: l.operation, Fingerprint: journal.FingerprintOf(raw), Request: raw})
	if err != nil {
		return err
	}
	for _, s := range l.steps {
		if err := j.Record(ctx, ref, gen, s); err != nil {
			return err
		}
	}
	if l.pending {
		srv.ScriptReference(ref, fake.Outcome{Entry: ca.TopupPending, PendingLookups: 1})
	}
	if l.sent {
		_, _, err = c.TopUp(transport.WithMoneyMoving(ctx), body)
		if srv.Charges(ref) != 1 {
			return fmt.Errorf("seeding %s: %v", ref, err)
		}
	}
	return nil
}
