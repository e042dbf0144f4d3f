// Package engine runs money-moving calls safely: it retries what the codes
// say is safe to retry, and reconciles what may or may not have happened by
// looking the transaction up by its reference, never by sending it again
// under another one.
//
// It is for services that move money through a generated provider package:
// build an Engine from a Policy once, then run each charge with Execute (a
// Transaction: send, look up, in-flight check) or a plain call with Do, and
// settle a flagged transaction with Wait or WaitJournal. What the engine may
// report, and why, is argued rule by rule in SAFETY.md. The outcomes and
// errors it reports are the root package's vocabulary (codebook.Outcome,
// codebook.ErrNotSent...).
package engine
