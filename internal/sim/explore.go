package sim

import (
	"math/rand/v2"
	"sync"
)

// Stats sums up the schedules explored.
type Stats struct {
	Schedules  int
	Violations [numInvariants]int
	Outcomes   [4]int
	Attempts   int // sends asked, over all schedules
	WireSends  int
	// Doubtful counts the orders sent again after an unknown outcome.
	Doubtful int
	First    []Result // the first violating schedule of each invariant
}

// add counts r.
func (s *Stats) add(r Result) {
	s.Schedules++
	s.Outcomes[r.Reported.Outcome]++
	s.Attempts += r.Reported.Attempts
	s.WireSends += r.Reported.WireSends
	s.Doubtful += b2i(r.ResentAfterDoubt)
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
	return ExploreParallel(f, ex, b, seed, 1)
}

// splitDepth is how many first choices name the subtrees ExploreParallel
// hands to its workers.
const splitDepth = 3

// ExploreParallel is Explore with the subtrees under the first
// splitDepth choices shared among workers goroutines. The schedules are
// the same; only the order of Stats.First may differ.
func ExploreParallel(f Family, ex Executor, b Bound, seed uint64, workers int) Stats {
	roots := make(chan Vector)
	go func() {
		defer close(roots)
		for prefix, ok := (Vector{}), true; ok; {
			rec := &recorder{prefix: prefix, faults: b.Faults}
			Run(f, ex, seed, rec, b)
			roots <- append(Vector(nil), rec.made[:min(splitDepth, len(rec.made))]...)
			prefix, _, ok = rec.nextBefore(splitDepth)
		}
	}()
	return fanOut(max(1, workers), func(_ int, s *Stats) {
		for root := range roots {
			exploreUnder(f, ex, b, seed, root, s)
		}
	})
}

// exploreUnder runs, depth first, every schedule whose vector starts
// with root, and adds them to s.
func exploreUnder(f Family, ex Executor, b Bound, seed uint64, root Vector, s *Stats) {
	for prefix, ok := root, true; ok; {
		rec := &recorder{prefix: prefix, faults: b.Faults}
		r := Run(f, ex, seed, rec, b)
		r.Vector = rec.made
		s.add(r)
		var i int
		prefix, i, ok = rec.next()
		ok = ok && i >= len(root)
	}
}

// Random runs n schedules of f whose choices, and the engine's jitter,
// are drawn from generators seeded with seed, seed+1, …
func Random(f Family, ex Executor, b Bound, seed uint64, n int) Stats {
	var s Stats
	for i := range uint64(n) {
		rec := &recorder{rng: newRand(seed + i)}
		r := Run(f, ex, seed+i, rec, b)
		r.Vector = rec.made
		s.add(r)
	}
	return s
}

// RandomParallel is Random split over workers goroutines, each with its
// own range of seeds; the sums are the same as Random's.
func RandomParallel(f Family, ex Executor, b Bound, seed uint64, n, workers int) Stats {
	workers = max(1, min(workers, n))
	return fanOut(workers, func(w int, s *Stats) {
		lo, hi := n*w/workers, n*(w+1)/workers
		*s = Random(f, ex, b, seed+uint64(lo), hi-lo)
	})
}

// fanOut runs work on workers goroutines, worker w adding to a Stats of
// its own, and returns their sum, merged in the workers' order.
func fanOut(workers int, work func(w int, s *Stats)) Stats {
	parts := make([]Stats, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { work(w, &parts[w]) })
	}
	wg.Wait()
	var s Stats
	for _, p := range parts {
		s.merge(p)
	}
	return s
}

// merge adds the sums of o to s.
func (s *Stats) merge(o Stats) {
	s.Schedules += o.Schedules
	s.Attempts += o.Attempts
	s.WireSends += o.WireSends
	s.Doubtful += o.Doubtful
	for i := range s.Outcomes {
		s.Outcomes[i] += o.Outcomes[i]
	}
	for _, r := range o.First {
		if !s.has(r) {
			s.First = append(s.First, r)
		}
	}
	for i := range s.Violations {
		s.Violations[i] += o.Violations[i]
	}
}

// has reports whether s holds a first violation of each of r's.
func (s *Stats) has(r Result) bool {
	for _, i := range r.Violations {
		if s.Violations[i] == 0 {
			return false
		}
	}
	return true
}

// Replay runs the schedule s within b.
func Replay(s Schedule, b Bound) Result {
	rec := &recorder{prefix: s.Vector}
	r := Run(s.Family, s.Executor, s.Seed, rec, b)
	r.Vector = rec.made
	return r
}

// Shrink returns the smallest schedule it finds that still violates i,
// starting from r: it shortens the vector (a dropped tail is nominal),
// zeroes choices and lowers them while the violation stays.
func Shrink(f Family, ex Executor, b Bound, r Result, i Invariant) Result {
	best := r
	try := func(v Vector) bool {
		c := Replay(Schedule{Executor: ex, Family: f, Seed: best.Seed, Vector: v}, b)
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

// newRand returns the generator of the choices of the schedule seeded
// with seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0xc0de)) }
