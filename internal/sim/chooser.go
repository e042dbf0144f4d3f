package sim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Chooser draws the schedule's choices: Choose(n) returns one of 0…n-1.
// Option 0 of every choice point is the nominal behaviour, so that a
// vector of zeros is a run where nothing goes wrong, and shrinking a
// vector towards zeros removes faults.
type Chooser interface {
	Choose(n int) int
}

// Vector is the sequence of choices a schedule made, which replays it.
type Vector []int

// String formats v as dot-separated numbers ("0.3.1"); "-" when empty.
func (v Vector) String() string {
	if len(v) == 0 {
		return "-"
	}
	parts := make([]string, len(v))
	for i, c := range v {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ".")
}

// ParseVector reads a Vector written by String.
func ParseVector(s string) (Vector, error) {
	if s == "-" || s == "" {
		return nil, nil
	}
	var v Vector
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("sim: choice %q of vector %q is not a number ≥ 0: write the vector as a replay line prints it", p, s)
		}
		v = append(v, n)
	}
	return v, nil
}

// recorder is a Chooser that replays a prefix and records every choice
// made with its arity: beyond the prefix it takes option 0 (replay) or
// draws from rng (random): the configuration uniformly, the faults with
// option 0 at least half the time.
type recorder struct {
	prefix Vector
	rng    *rand.Rand // nil: option 0 beyond the prefix
	made   Vector
	arity  []int
	// faults, when positive, caps the choices other than 0 made after
	// the configuration was drawn: once spent, every choice is 0 and
	// offers no alternative, which bounds the tree Explore walks.
	faults  int
	counted bool // the configuration is drawn: choices count as faults
	spent   int
}

// configured marks the end of the configuration's choices: the ones
// after it count against the fault budget.
func (r *recorder) configured() { r.counted = true }

// Choose returns the next choice among n.
func (r *recorder) Choose(n int) int {
	if n <= 1 || r.counted && r.faults > 0 && r.spent >= r.faults {
		r.made, r.arity = append(r.made, 0), append(r.arity, 1)
		return 0
	}
	i := len(r.made)
	var c int
	switch {
	case i < len(r.prefix):
		c = min(r.prefix[i], n-1)
	case r.rng != nil && r.counted && r.rng.IntN(2) == 0:
		c = 0 // half the time nominal, so that runs go deep (as "buggify" faults are rare)
	case r.rng != nil:
		c = r.rng.IntN(n)
	}
	r.made, r.arity = append(r.made, c), append(r.arity, n)
	if c != 0 && r.counted {
		r.spent++
	}
	return c
}

// next returns the vector that follows made in depth-first order (the
// last choice with an option left, incremented, everything after it
// dropped) and the index of the incremented choice; false when the tree
// is exhausted.
func (r *recorder) next() (Vector, int, bool) {
	return r.nextBefore(len(r.made))
}

// nextBefore is next among the first n choices only.
func (r *recorder) nextBefore(n int) (Vector, int, bool) {
	for i := min(n, len(r.made)) - 1; i >= 0; i-- {
		if r.made[i]+1 < r.arity[i] {
			v := append(Vector(nil), r.made[:i+1]...)
			v[i]++
			return v, i, true
		}
	}
	return nil, 0, false
}
