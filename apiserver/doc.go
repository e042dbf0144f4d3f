// Package apiserver is the runtime of the API servers codebook generates (codebook client -server,
// and the server side of a provider spec, info.x-codebook-side: server): the code every generated
// server shares, written once. A generated package holds only what differs per API (its Server
// interface, one reply type per operation, the models, and NewServerHandler, which lists the routes
// and calls this package) and calls this package for the rest: reading a bounded body, checking its
// signature, its media type, its keys and its required properties, answering a request linked to a
// code table once per key, encoding replies, and logging.
//
// It is for generated servers. What a user may rely on: the options a generated NewServerHandler
// takes (Option: WithSignatureSecret, WithoutSignatureVerification, WithReplayStore, WithLogger,
// WithMaxRequestBytes), SignatureHeader and DefaultMaxRequestBytes, the ReplayStore interface and
// its Record, and MemoryStore, with their documented behaviour; KeyLock too, which the webhook
// receiver shares. The other exported names (Handler, New, Operation, Call, Handle, HandleJSON,
// Entry) exist so that generated code in another package can call them; their signatures change with
// the generator, and code written by hand should not call them.
//
// The package imports only the standard library.
package apiserver
