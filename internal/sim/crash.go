package sim

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// CrashPoint is where the process running Execute dies: right before or
// right after the journal's K-th write (Begin is the first). K zero:
// never.
type CrashPoint struct {
	K     int
	After bool
	// NaiveRestart is the control: the restarted process ignores the
	// journal and places the order again under a new reference.
	NaiveRestart bool
}

// String names the point as a replay line's executor does: crash-3-after.
func (c CrashPoint) String() string {
	when := "before"
	if c.After {
		when = "after"
	}
	name := fmt.Sprintf("crash-%d-%s", c.K, when)
	if c.NaiveRestart {
		name += "-naive"
	}
	return name
}

// crashPointNamed reads CrashPoint.String's output.
func crashPointNamed(name string) (CrashPoint, bool) {
	parts := strings.Split(name, "-") // crash, k, before|after[, naive]
	if len(parts) < 3 || parts[0] != "crash" {
		return CrashPoint{}, false
	}
	k, err := strconv.Atoi(parts[1])
	c := CrashPoint{K: k, After: parts[2] == "after", NaiveRestart: len(parts) == 4 && parts[3] == "naive"}
	return c, err == nil && k > 0 && c.String() == name
}

// CrashEngine returns the executor that runs the engine until it dies at
// at, then restarts it as a reconciler would: it takes the row over from
// the journal once its hold has lapsed (Claim) and resumes it with
// Execute under its reference. The report is the resumed Execute's, or,
// for a row already final, the journal's; its Returned is the resumed
// Execute's own time, so that its deadline is checked.
func CrashEngine(at CrashPoint) Executor {
	return Executor{Name: at.String(), Run: func(ctx context.Context, env *Env) Reported {
		rep, _ := runCrash(ctx, env, at)
		return rep
	}}
}

// crashed is the panic of a process that dies at its crash point.
type crashed struct{}

// crashJournal is the dying process's view of the journal: every write
// goes to the shared journal, and the process dies at its crash point.
type crashJournal struct {
	*journal.Memory
	at     CrashPoint
	writes int
	ref    string // the reference Begin was given
}

// write makes the next write with do, dying before or after it at the
// crash point.
func (j *crashJournal) write(do func() error) error {
	j.writes++
	if j.writes == j.at.K && !j.at.After {
		panic(crashed{})
	}
	err := do()
	if j.writes == j.at.K {
		panic(crashed{})
	}
	return err
}

// Begin begins e in the shared journal, unless the process dies first.
func (j *crashJournal) Begin(ctx context.Context, e journal.Entry) (gen int64, err error) {
	j.ref = e.Reference
	err = j.write(func() error {
		gen, err = j.Memory.Begin(ctx, e)
		return err
	})
	return gen, err
}

// Record records s in the shared journal, unless the process dies first.
func (j *crashJournal) Record(ctx context.Context, ref string, gen int64, s journal.Step) error {
	return j.write(func() error { return j.Memory.Record(ctx, ref, gen, s) })
}

// runCrash runs the engine against env until it dies at at, then resumes
// from the journal; it returns the report and the journal writes the
// first process made.
func runCrash(ctx context.Context, env *Env, at CrashPoint) (Reported, int) {
	j := &crashJournal{Memory: env.Journal, at: at}
	tx := env.Tx
	tx.Journal = j
	eng := simEngine(env)
	s, err, died := executeOrDie(ctx, eng, tx)
	if !died {
		return engineReport(env, s, err), j.writes
	}
	if at.NaiveRestart {
		tx := env.Tx
		tx.Reference = ""
		s, err := engine.Execute(ctx, simEngine(env), tx)
		return engineReport(env, s, err), j.writes
	}
	return resume(ctx, env, j.ref), j.writes
}

// executeOrDie runs Execute; died reports that the process died at its
// crash point.
func executeOrDie(ctx context.Context, eng *engine.Engine, tx engine.Transaction[codebook.Answer, LookupBody]) (s engine.Settled[codebook.Answer, LookupBody], err error, died bool) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(crashed); !ok {
				panic(v)
			}
			died = true
		}
	}()
	s, err = engine.Execute(ctx, eng, tx)
	return s, err, false
}

// resume is the restarted process: the row of ref, final, is the
// outcome; unresolved, it is claimed once its hold lapses and resumed
// with Execute. A row that cannot be claimed is reported Lost. No row: a
// reference of the caller's own is resumed by the caller; one the engine
// made was never sent.
func resume(ctx context.Context, env *Env, ref string) Reported {
	rec, err := env.Journal.Get(ctx, ref)
	switch {
	case err != nil && env.Tx.Reference == "":
		// Died before Begin's write with a reference of its own making:
		// nothing was recorded, nothing sent, and nobody knows the order.
		return Reported{Outcome: NotSent, Err: err, Journaled: true}
	case err != nil:
		// The caller's own reference, which may have been sent before:
		// the restarted caller resumes it, as it did before the crash.
	case rec.Step.State.Final():
		return Reported{Outcome: stateOutcome(rec.Step.State), Journaled: true, Journal: rec.Step.State}
	default:
		env.Clock.Advance(rec.HeldUntil.Sub(env.Clock.Now()))
		claimed, _ := env.Journal.Claim(ctx, "reconciler", 1, time.Hour)
		if len(claimed) != 1 || claimed[0].Entry.Reference != ref {
			return Reported{Outcome: Flagged, Journaled: true, Journal: rec.Step.State, Lost: true}
		}
	}
	tx := env.Tx
	tx.Reference = ref
	start := env.Clock.Now()
	s, err := engine.Execute(ctx, simEngine(env), tx)
	rep := engineReport(env, s, err)
	rep.Returned = env.Clock.Now().Sub(start)
	return rep
}

// stateOutcome is the outcome a caller reads from a final row.
func stateOutcome(s journal.State) Outcome {
	if s == journal.StateSucceeded {
		return Success
	}
	return Failed
}

// CrashWalk runs n random schedules of f (seeds seed, seed+1, …) and, for
// each, every crash point of the journal writes its uncrashed run makes,
// before and after each, on the same choices; workers share the seeds.
// With naive, the restart is the NaiveRestart control.
func CrashWalk(f Family, b Bound, seed uint64, n, workers int, naive bool) Stats {
	workers = max(1, min(workers, n))
	return fanOut(workers, func(w int, s *Stats) {
		for i := n * w / workers; i < n*(w+1)/workers; i++ {
			crashSchedule(f, b, seed+uint64(i), naive, s)
		}
	})
}

// crashSchedule runs the schedule of seed uncrashed, then crashed at
// each of its journal writes, adding every run to s.
func crashSchedule(f Family, b Bound, seed uint64, naive bool, s *Stats) {
	writes := 0
	count := Executor{Name: Engine().Name, Run: func(ctx context.Context, env *Env) Reported {
		rep, w := runCrash(ctx, env, CrashPoint{})
		writes = w
		return rep
	}}
	rec := &recorder{rng: newRand(seed)}
	r := Run(f, count, seed, rec, b)
	r.Vector = rec.made
	s.add(r)
	for k := 1; k <= writes; k++ {
		for _, after := range []bool{false, true} {
			at := CrashPoint{K: k, After: after, NaiveRestart: naive}
			rc := &recorder{prefix: r.Vector, rng: newRand(seed)}
			cr := Run(f, CrashEngine(at), seed, rc, b)
			cr.Vector = rc.made
			s.add(cr)
		}
	}
}
