// Package wiretest holds loopback network adversaries for the engine's
// tests: a TLS certificate made on the spot, a TCP proxy that replaces the
// server's answer with bytes of its choosing, and a minimal HTTP/2 server
// written frame by frame that refuses request streams. Everything listens
// on 127.0.0.1 only and is closed by the test's Cleanup.
package wiretest
