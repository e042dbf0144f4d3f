package sim

import (
	"context"
	"time"
)

// epoch is the virtual time every schedule starts at.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Clock is a virtual engine.Clock: Sleep advances it at once, without
// sleeping. A schedule is single-threaded, so it needs no lock.
type Clock struct {
	now time.Time
}

// NewClock returns a clock at the simulation's epoch.
func NewClock() *Clock { return &Clock{now: epoch} }

// Now returns the virtual time.
func (c *Clock) Now() time.Time { return c.now }

// Sleep advances the virtual time by d, unless ctx is already done, in
// which case it returns ctx.Err() and the time stands still.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

// Advance moves the virtual time forward by d (never backward).
func (c *Clock) Advance(d time.Duration) {
	if d > 0 {
		c.now = c.now.Add(d)
	}
}
