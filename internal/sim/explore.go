package sim

import (
	"math/rand/v2"
)

// Stats sums up the schedules explored.
type Stats struct {
	Schedules  int
	Violations [numInvariants]int
	Outcomes   [4]int
	Attempts   int // sends asked, over all schedules
	WireSends  int
	First      []Result // the first violating schedule of each invariant
}

// add counts r.
func (s *Stats) add(r Result) {
	s.Schedules++
	s.Outcomes[r.Reported.Outcome]++
	s.Attempts += r.Reported.Attempts
	s.WireSends += r.Reported.WireSends
	for _, i := range r.Violations {
		if s.Violations[i] == 0 {
			s.First = append(s.First, r)
		}
		s.Violations[i]++
	}
}

// Violated returns the total number of violations.
func (s *Stats) Violated() int {
	n := 0
	for _, c := range s.Violations {
		n += c
	}
	return n
}

// SendsPerOrder returns the sends asked per order on average.
func (s *Stats) SendsPerOrder() float64 {
	if s.Schedules == 0 {
		return 0
	}
	return float64(s.Attempts) / float64(s.Schedules)
}

// Explore runs every schedule of f within b, depth first: each schedule
// replays the choice vector from the start, so the tree needs no state
// but the vector. The engine's jitter is seeded with seed in all of them.
func Explore(f Family, ex Executor, b Bound, seed uint64) Stats {
	var s Stats
	prefix := Vector{}
	for {
		rec := &recorder{prefix: prefix, faults: b.Faults}
		r := Run(f, ex, seed, rec, b)
		r.Vector = rec.made
		s.add(r)
		next, ok := rec.next()
		if !ok {
			return s
		}
		prefix = next
	}
}

// Random runs n schedules of f whose choices, and the engine's jitter,
// are drawn from generators seeded with seed, seed+1, …
func Random(f Family, ex Executor, b Bound, seed uint64, n int) Stats {
	var s Stats
	for i := range uint64(n) {
		rec := &recorder{rng: rand.New(rand.NewPCG(seed+i, 0xc0de))}
		r := Run(f, ex, seed+i, rec, b)
		r.Vector = rec.made
		s.add(r)
	}
	return s
}

// Replay runs the schedule of f with the choices v and the jitter seed.
func Replay(f Family, ex Executor, b Bound, seed uint64, v Vector) Result {
	rec := &recorder{prefix: v}
	r := Run(f, ex, seed, rec, b)
	r.Vector = rec.made
	return r
}

// Shrink returns the smallest schedule it finds that still violates i,
// starting from r: it shortens the vector (a dropped tail is nominal),
// zeroes choices and lowers them while the violation stays.
func Shrink(f Family, ex Executor, b Bound, r Result, i Invariant) Result {
	best := r
	try := func(v Vector) bool {
		c := Replay(f, ex, b, best.Seed, v)
		if c.Has(i) && (len(trim(c.Vector)) < len(trim(best.Vector)) || sum(c.Vector) < sum(best.Vector)) {
			best = c
			return true
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		v := trim(best.Vector)
		for n := 0; n < len(v) && !changed; n++ {
			changed = try(v[:n])
		}
		for k := 0; k < len(v) && !changed; k++ {
			for c := 0; c < v[k] && !changed; c++ {
				w := append(Vector(nil), v...)
				w[k] = c
				changed = try(w)
			}
		}
	}
	best.Vector = trim(best.Vector)
	return best
}

// trim drops the trailing zeros of v, which replay the same.
func trim(v Vector) Vector {
	for len(v) > 0 && v[len(v)-1] == 0 {
		v = v[:len(v)-1]
	}
	return v
}

func sum(v Vector) int {
	n := 0
	for _, c := range v {
		n += c
	}
	return n
}
