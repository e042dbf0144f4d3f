// Package sim is a deterministic simulation of codebook's money-moving
// engine (engine.Execute) against an in-process provider model, in the
// spirit of FoundationDB's and TigerBeetle's simulators.
//
// Every freedom of the provider and the network (the charge happens or
// not, the answer is delivered, lost, late or garbled, the duplicate check
// and the lookup lag, the transport resends…) is a choice drawn from a
// Chooser; time is a virtual Clock that nothing really sleeps on. Given
// the vector of choices and a seed, a schedule replays exactly. Explore
// enumerates every choice vector up to a bound (depth first) and Random
// draws them from a seeded generator; after every schedule the
// invariants of money safety are checked (see Invariant). README.md gives
// the figures and the commands.
package sim
