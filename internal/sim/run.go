package sim

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	cbjournal "github.com/codebookgen/codebook/journal"
)

// Deadline is the Policy.Deadline of a simulated Execute, in virtual
// time, unless the configuration sets another.
const Deadline = time.Minute

// MaxWait is the Policy.MaxWait of every simulated Wait.
const MaxWait = 5 * time.Minute

// Bound limits the choices of one schedule: the sends and lookups of an
// order that draw choices. Beyond it every send and lookup behaves
// nominally (option 0), so the tree an exhaustive exploration walks is
// finite.
type Bound struct {
	Sends, Lookups int
	// Faults caps, in Explore, the choices other than the nominal one an
	// order's sends and lookups make (the configuration's choices are
	// free). Zero: no cap.
	Faults int
}

// DefaultBound returns the bound of the tests: three sends (the engine's
// MaxAttempts) and five lookups per order, at most three faults.
func DefaultBound() Bound { return Bound{Sends: 3, Lookups: 5, Faults: 3} }

// Outcome is what an executor reported for the order.
type Outcome uint8

// Outcomes as a caller reads them from Execute's error.
const (
	// Flagged: pending or uncertain, to be reconciled.
	Flagged Outcome = iota
	// Success: err == nil.
	Success
	// Failed: a *engine.TransactionError whose class is final failed,
	// or any error that is not one.
	Failed
	// NotSent: the error matches codebook.ErrNotSent: nothing happened.
	NotSent
)

// String names the outcome.
func (o Outcome) String() string {
	return [...]string{"flagged", "success", "failed", "not-sent"}[o]
}

// OutcomeOf reads an Execute error as a caller does.
func OutcomeOf(err error) Outcome {
	var te *engine.TransactionError
	switch {
	case err == nil:
		return Success
	case errors.As(err, &te) && te.Reconcile():
		return Flagged
	case errors.Is(err, codebook.ErrNotSent):
		return NotSent
	}
	return Failed
}

// Reported is what an executor returns.
type Reported struct {
	Outcome   Outcome
	Attempts  int // sends the executor asked for
	WireSends int // requests it saw on the wire, when it counts them
	Err       error
	// Returned is when the executor returned, in virtual time since the
	// start; zero: when Run got control back.
	Returned time.Duration
	// Waited says a flagged order was then waited for (engine.Wait),
	// which reported WaitOutcome at WaitReturned.
	Waited       bool
	WaitOutcome  Outcome
	WaitReturned time.Duration
	// Journaled says the executor wrote to Env.Journal; Journal is the
	// state its row was left in when Execute returned (0: no row), and
	// Lost that a crash left a row no reconciler could claim.
	Journaled bool
	Journal   cbjournal.State
	Lost      bool
}

// Env is what an executor runs against: the transaction wired to the
// provider model, the virtual clock and the seeded jitter.
type Env struct {
	Tx       engine.Transaction[codebook.Answer, LookupBody]
	Journal  *cbjournal.Memory // Tx's, on the virtual clock
	Provider *Provider
	Clock    *Clock
	Rand     func() float64
	Settle   time.Duration
}

// Executor runs one order: the real engine, or a control.
type Executor struct {
	Name string
	Run  func(ctx context.Context, env *Env) Reported
}

// Engine returns the real executor: engine.Execute, then engine.Wait
// when it flags the order.
func Engine() Executor { return Executor{Name: "engine", Run: runEngine} }

// runEngine runs engine.Execute and, when it flags the order, waits
// for it with engine.Wait as the README shows.
func runEngine(ctx context.Context, env *Env) Reported {
	eng := simEngine(env)
	s, err := engine.Execute(ctx, eng, env.Tx)
	rep := engineReport(env, s, err)
	if rep.Outcome != Flagged || env.Tx.Lookup == nil || s.Reference == "" {
		return rep
	}
	_, werr := engine.Wait(ctx, eng, s.Reference, env.Tx.Lookup)
	rep.Waited, rep.WaitOutcome, rep.WaitReturned = true, OutcomeOf(werr), env.Clock.Now().Sub(epoch)
	return rep
}

// simEngine returns the engine of a process of env's schedule.
func simEngine(env *Env) *engine.Engine {
	cfg := env.Provider.cfg
	p := engine.Policy{Clock: env.Clock, Rand: env.Rand, Deadline: cfg.deadline(), MaxWait: MaxWait, MaxAttempts: cfg.MaxAttempts}
	if cfg.BudgetFloor > 0 {
		p.Budget = engine.NewRetryBudget(0, cfg.BudgetFloor)
	}
	return engine.NewEngine(p)
}

// engineReport is what Execute reported, with the journal's row.
func engineReport(env *Env, s engine.Settled[codebook.Answer, LookupBody], err error) Reported {
	rep := Reported{Outcome: OutcomeOf(err), Attempts: s.Attempts, WireSends: s.WireSends, Err: err, Returned: env.Clock.Now().Sub(epoch), Journaled: true}
	if rec, jerr := env.Journal.Get(context.Background(), s.Reference); jerr == nil {
		rep.Journal = rec.Step.State
	}
	return rep
}

// Result is one schedule's run and what the invariants found.
type Result struct {
	Executor string
	Family   string
	Seed     uint64
	Vector   Vector
	Config   Config
	Reported Reported
	Charges  int // charges of the order, late ones included
	// ResentAfterDoubt: the order was sent again after a send whose
	// outcome the client did not know.
	ResentAfterDoubt bool
	Duration         time.Duration
	Violations       []Invariant
}

// Replay returns the line that replays r (see ParseReplay).
func (r Result) Replay() string {
	return fmt.Sprintf("%s/%s/%d/%s", r.Executor, r.Family, r.Seed, r.Vector)
}

// String describes r for a failure message.
func (r Result) String() string {
	rep := r.Reported
	wait := ""
	if rep.Waited {
		wait = fmt.Sprintf(", then Wait reported %s at %s", rep.WaitOutcome, rep.WaitReturned)
	}
	return fmt.Sprintf("%s: %v; reported %s after %d sends (%d on the wire) at %s%s, charged %d; config %+v; err: %v",
		r.Replay(), r.Violations, rep.Outcome, rep.Attempts, rep.WireSends, rep.Returned, wait, r.Charges, r.Config, rep.Err)
}

// Schedule is what replays one schedule: the executor, the family, the
// seed of the engine's jitter and the choices.
type Schedule struct {
	Executor Executor
	Family   Family
	Seed     uint64
	Vector   Vector
}

// ParseReplay reads a line written by Result.Replay:
// executor/family/seed/vector.
func ParseReplay(s string) (Schedule, error) {
	parts := strings.Split(s, "/")
	if len(parts) != 4 {
		return Schedule{}, fmt.Errorf("sim: replay %q is not executor/family/seed/vector: copy it from a failure message", s)
	}
	ex, err := ExecutorNamed(parts[0])
	if err != nil {
		return Schedule{}, err
	}
	f, err := FamilyNamed(parts[1])
	if err != nil {
		return Schedule{}, err
	}
	seed, err := strconv.ParseUint(parts[2], 10, 64)
	if err != nil {
		return Schedule{}, fmt.Errorf("sim: seed of replay %q: %w", s, err)
	}
	v, err := ParseVector(parts[3])
	return Schedule{Executor: ex, Family: f, Seed: seed, Vector: v}, err
}

// ExecutorNamed returns the engine or the control called name.
func ExecutorNamed(name string) (Executor, error) {
	if name == Engine().Name {
		return Engine(), nil
	}
	if at, ok := crashPointNamed(name); ok {
		return CrashEngine(at), nil
	}
	for _, c := range append(Controls(), ControlsV2()...) {
		if c.Name == name {
			return c.Executor, nil
		}
	}
	return Executor{}, fmt.Errorf("sim: no executor %q: use engine or a control's name (Controls)", name)
}

// Run runs one schedule: the family's configuration and every freedom
// drawn from ch, the engine's jitter from seed; then it checks the
// invariants.
func Run(f Family, ex Executor, seed uint64, ch Chooser, b Bound) Result {
	clock := NewClock()
	cfg := f.draw(ch)
	if c, ok := ch.(interface{ configured() }); ok {
		c.configured()
	}
	p := newProvider(cfg, clock, ch, b)
	journal := &cbjournal.Memory{Now: clock.Now}
	tx := engine.Transaction[codebook.Answer, LookupBody]{
		Body:         func(ref string) ([]byte, error) { return []byte(`{"ref":"` + ref + `"}`), nil },
		Send:         p.Send,
		Lookup:       p.Lookup,
		Journal:      journal,
		Settle:       f.Settle,
		Deduplicated: cfg.Dedupe != DedupeAbsent,
	}
	if cfg.InFlight {
		tx.InFlight = p.InFlight
	}
	if cfg.V2 {
		tx.Body = BodyV2
	}
	if cfg.Resume > 0 {
		tx.Reference = "order-1"
		if cfg.Resume == 2 {
			p.sentBefore(tx.Reference)
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	env := &Env{Tx: tx, Journal: journal, Provider: p, Clock: clock, Rand: rng.Float64, Settle: f.Settle}
	rep := ex.Run(context.Background(), env)
	r := Result{Executor: ex.Name, Family: f.Name, Seed: seed, Config: cfg, Reported: rep, Duration: clock.Now().Sub(epoch)}
	if r.Reported.Returned == 0 {
		r.Reported.Returned = r.Duration
	}
	clock.Advance(24 * time.Hour) // every late charge commits
	r.Charges, r.ResentAfterDoubt = p.orderCharges(), p.resent
	r.Violations = check(r, p.calls > maxCalls)
	return r
}
