package crashtest

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
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

	mu sync.Mutex
	n  int
}

// Begin counts as a write of state created.
func (p *pausing) Begin(ctx context.Context, e codebook.JournalEntry) (int64, error) {
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
func (p *pausing) Record(ctx context.Context, ref string, gen int64, s codebook.JournalStep) error {
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
	select {}
}

// pauseLine starts the line a paused child writes.
const pauseLine = "CRASHTEST PAUSED"
