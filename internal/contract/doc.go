// Package contract holds the contract tests of the generated clients: each
// client runs against a spectest.Server, an httptest server that checks every
// request and every response against the provider's OpenAPI file with
// kin-openapi's openapi3filter, and every documented code, sent by that
// server, must come back as the right typed result or error. The package has
// no code of its own outside its tests.
package contract
