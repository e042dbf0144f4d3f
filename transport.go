package codebook

// EngineError is an error of the engine and transport helpers, usable as
// an errors.Is target.
type EngineError string

// Error returns the text of the error.
func (e EngineError) Error() string { return string(e) }

// The engine's errors.
const (
	// ErrNotSent marks an error that proves the request never left: the
	// transaction did not happen through it, and trying again is safe.
	// NotSent reports it, and recognises dial and TLS failures too.
	ErrNotSent EngineError = "codebook: request not sent"
	// ErrReferenceReused: a reference was about to go out with a body other
	// than the one it was first used (or persisted) with.
	ErrReferenceReused EngineError = "codebook: reference reused with a different body"
	// ErrReferenceInFlight: another Execute of the same engine is sending
	// the same reference; Wait on it instead.
	ErrReferenceInFlight EngineError = "codebook: reference already in flight"
	// ErrBodyTooLarge: a response body exceeded the limit it is read with.
	ErrBodyTooLarge EngineError = "codebook: response body too large"
	// ErrIdempotencyKeyHeader: a request carried Idempotency-Key or
	// X-Idempotency-Key through a GuardedTransport that does not allow it.
	// Go's transport silently resends a POST carrying such a header on a
	// broken keep-alive connection, so it must only go to a provider that
	// honours it.
	ErrIdempotencyKeyHeader EngineError = "codebook: Idempotency-Key header not allowed for this provider"
	// ErrCredentialsInURL: a request URL carried user information, which
	// error messages and logs would show.
	ErrCredentialsInURL EngineError = "codebook: credentials in the request URL"
)
