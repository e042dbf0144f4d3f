// Package webhook receives a provider's signed status callbacks (Click
// Airtime V2's callback_url deliveries) and settles the journaled
// transaction they speak of, without a poll.
//
// A Receiver is an http.Handler. For each delivery it checks, in order:
// the HMAC-SHA256 signature over timestamp + "." + raw body, keyed with
// the API key and compared in constant time (forged: 401); the timestamp,
// within a window both ways, five minutes by default (stale: 401); the
// replay store (a body already handled: 200, nothing done). It then
// decodes the event, settles the journal when one is configured (see
// Settlement and SAFETY.md, rule H), and hands the event to the caller's
// handler. A handler error answers 500 and forgets the delivery, so the
// provider's retry is handled again.
//
// The package is written by hand rather than generated: the V2 docs
// describe the payload only in words (the OpenAPI file cannot pin it yet),
// and the receiver is the same code for any provider that signs
// "timestamp.body"; what differs per provider is a Format value.
//
// It shares with the generated servers' runtime, package apiserver, the
// one piece whose logic is the same: apiserver.KeyLock, which lets one
// delivery of a body run at a time. The rest differs on purpose: the
// signature covers a timestamp and is hex (apiserver's covers the body
// alone, base64, and has no window); the replay store remembers that a
// body was handled until past the window (apiserver's keeps each answer to
// send it again, with nothing expiring); and a delivery's answer is a bare
// status, so there is no reply to record or re-encode.
package webhook
