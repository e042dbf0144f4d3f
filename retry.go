package codebook

import "time"

// Classified is the provider-neutral view of one answer that the engine
// works from. Every Result implements it, so a generated client method's
// (value, Result, error) plugs straight into Transaction.Send and Do.
type Classified interface {
	// Classification returns the class of the answer: an undocumented or
	// missing answer is the zero Class, uncertain.
	Classification() Class
	// RetryDelay returns the delay the answer asks for before a resend
	// (Retry-After, or the documented delay of the code); 0 for none.
	RetryDelay() time.Duration
}

// Classification returns r.Class.
func (r Result[T, E, C]) Classification() Class { return r.Class }

// RetryDelay returns r.RetryAfter.
func (r Result[T, E, C]) RetryDelay() time.Duration { return r.RetryAfter }

// Answer is a Classified built by hand, for adapters and tests.
type Answer struct {
	Class      Class
	RetryAfter time.Duration
}

// Classification returns a.Class.
func (a Answer) Classification() Class { return a.Class }

// RetryDelay returns a.RetryAfter.
func (a Answer) RetryDelay() time.Duration { return a.RetryAfter }
