// Package transport is the HTTP layer under a money-moving call: a client
// that speaks HTTP/1.1 only, follows no redirect of a charge, sends a
// request once (GuardedTransport strips GetBody from requests marked
// WithMoneyMoving) and keeps within a provider's rate limit
// (RateLimitedTransport).
//
// It is for services that build their own http.Client for a generated
// provider package, and for the generated clients, whose default client is
// SafeHTTPClient.
package transport
