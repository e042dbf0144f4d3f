package crashtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/reconciler"
)

// pausing is a Store that stops the process at its n-th write (Begin or
// Record) of the chosen kind, before or after the write, and tells the
// parent on stdout, so that the parent kills it exactly there.
type pausing struct {
	reconciler.Store
	at     int    // the write to stop at, from 1; 0 never
	state  string // only writes of this state count ("" any; Begin is "created")
	before bool   // stop before the write rather than after it
	// maxHold caps the hold of Begin (the engine's deadline plus 30 s), so
	// that the next child need not wait 30 s for the rows of a killed
	// one. The killed writer is dead: its hold protects nothing here, and
	// a live writer taken over early is fenced by the generation.
	maxHold time.Duration
	// failSending makes every failSending-th first sending write fail
	// without writing, and every later write of that transaction (a
	// journal outage): Execute then sends nothing, cannot record that,
	// and says ErrNotSent; the row stays created, and its caller may try
	// again under a new reference.
	failSending int
	// createdAsSending is a broken control: Claim reports created rows as
	// sending, so that the reconciler sends them.
	createdAsSending bool

	mu       sync.Mutex
	n        int
	sendings int
	down     map[string]bool // transactions whose writes fail
}

// errOutage is the error of a write failSending refused.
var errOutage = errors.New("crashtest: the journal is unavailable (injected)")

// Begin counts as a write of state created.
func (p *pausing) Begin(ctx context.Context, e journal.Entry) (int64, error) {
	if p.maxHold > 0 {
		e.Hold = min(e.Hold, p.maxHold)
	}
	hit := p.count("created")
	if hit && p.before {
		p.stop(e.Reference, "created", "before")
	}
	gen, err := p.Store.Begin(ctx, e)
	if hit && err == nil {
		p.stop(e.Reference, "created", "after")
	}
	return gen, err
}

// Record counts as a write of the step's state.
func (p *pausing) Record(ctx context.Context, ref string, gen int64, s journal.Step) error {
	if p.outage(ref, s) {
		return errOutage
	}
	hit := p.count(s.State.String())
	if hit && p.before {
		p.stop(ref, s.State.String(), "before")
	}
	err := p.Store.Record(ctx, ref, gen, s)
	if hit && err == nil {
		p.stop(ref, s.State.String(), "after")
	}
	return err
}

// outage reports whether the write of s for ref is one to fail.
func (p *pausing) outage(ref string, s journal.Step) bool {
	if p.failSending <= 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down[ref] {
		return true
	}
	if s.State != journal.StateSending || s.Attempt != 1 {
		return false
	}
	if p.sendings++; p.sendings%p.failSending != 0 {
		return false
	}
	if p.down == nil {
		p.down = map[string]bool{}
	}
	p.down[ref] = true
	return true
}

// Claim is the store's, but for the createdAsSending control.
func (p *pausing) Claim(ctx context.Context, owner string, max int, hold time.Duration) ([]journal.Record, error) {
	recs, err := p.Store.Claim(ctx, owner, max, hold)
	for i := range recs {
		if p.createdAsSending && recs[i].Step.State == journal.StateCreated {
			recs[i].Step = journal.Step{State: journal.StateSending, Attempt: 1, Class: codebook.Unknown()}
		}
	}
	return recs, err
}

// count counts a write of state and reports whether it is the chosen one.
func (p *pausing) count(state string) bool {
	if p.state != "" && p.state != state {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	return p.n == p.at
}

// stop tells the parent where the process stands and waits to be killed.
func (p *pausing) stop(ref, state, when string) {
	fmt.Fprintf(os.Stdout, "%s %s %s %s\n", pauseLine, when, state, ref)
	// Sleep rather than block for ever: with every other goroutine done,
	// the runtime would end a blocked process as deadlocked before the
	// parent's SIGKILL.
	time.Sleep(time.Hour)
	panic("crashtest: the parent never killed this child")
}

// pauseLine starts the line a paused child writes.
const pauseLine = "CRASHTEST PAUSED"
