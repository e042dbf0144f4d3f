// Package apiclient is the runtime of the API clients codebook generates: the code every generated
// client shares, written once. A generated package holds only what differs per API (its Client
// type and options, one method per operation, the models, the auth wiring of its security schemes)
// and calls this package for the rest: building and sending requests (bounded body reads, redirect
// rules, a money-moving request sent once with no GetBody), credentials (API key, bearer, basic,
// OAuth2 client credentials with a token cache), encoding and decoding, errors, and the value types
// Nullable and Date.
//
// It is for generated clients. What a user may rely on: the types a generated client takes or
// returns (APIError, found with errors.As; Nullable; Date; ClientCredentials and TokenAuthMethod;
// Option, made by the options the generated package declares) and their documented behaviour. The
// other exported names (Call, Response, Send, the encoding and decoding helpers) exist so that
// generated code in another package can call them; their signatures change with the generator, and
// code written by hand should not call them.
//
// The package imports only the standard library and the root package codebook (Secret, the
// transport markers), so a module importing a generated client needs codebook alone.
package apiclient
