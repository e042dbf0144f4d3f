package engine

import (
	"context"
	"crypto/tls"
	"net/http/httptrace"
	"sync"
)

// wireProbe records what one attempt of a money-moving call did on the
// wire, as observed while it happened: by net/http's client trace, by
// GuardedTransport, and by code that calls NoteUnsent or NoteWritten.
// The engine decides "not sent" from it, never from an error's type.
type wireProbe struct {
	mu         sync.Mutex
	engaged    bool // net/http's transport asked for a connection
	connected  bool // a connection was obtained: bytes may have left
	connFailed bool // DNS, dial or TLS handshake failed
	unsent     bool // code that knows said nothing was written
	writes     int  // requests written in full, or begun, on the wire
}

// probeKey is the context key of the attempt's wireProbe.
type probeKey struct{}

// withWireProbe returns ctx carrying a new probe and a client trace that
// feeds it. Traces already in ctx keep being called.
func withWireProbe(ctx context.Context) (context.Context, *wireProbe) {
	p := &wireProbe{}
	ctx = context.WithValue(ctx, probeKey{}, p)
	return httptrace.WithClientTrace(ctx, p.trace()), p
}

// probeOf returns the probe of ctx, nil when there is none.
func probeOf(ctx context.Context) *wireProbe {
	p, _ := ctx.Value(probeKey{}).(*wireProbe)
	return p
}

// trace returns the client trace that records into p.
func (p *wireProbe) trace() *httptrace.ClientTrace {
	failed := func(err error) {
		if err != nil {
			p.set(func() { p.connFailed = true })
		}
	}
	return &httptrace.ClientTrace{
		GetConn: func(string) { p.set(func() { p.engaged = true }) },
		GotConn: func(httptrace.GotConnInfo) { p.set(func() { p.connected = true }) },
		DNSDone: func(i httptrace.DNSDoneInfo) { failed(i.Err) },
		ConnectDone: func(_, _ string, err error) {
			failed(err)
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) { failed(err) },
		WroteHeaderField: func(string, []string) {
			p.set(func() { p.connected = true })
		},
		WroteHeaders: func() { p.set(func() { p.writes++ }) },
	}
}

func (p *wireProbe) set(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
}

// wireWrites returns how many requests the attempt began to write.
func (p *wireProbe) wireWrites() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.writes
}

// provenUnsent reports whether the attempt provably put no byte on the
// wire: no connection was ever obtained and nothing was written, and
// either the code that refused it said so, or net/http's transport was
// asked for a connection and never got one (DNS, dial, TLS handshake,
// or the context ending first). A transport that reports nothing proves
// nothing: its failure stays uncertain.
func (p *wireProbe) provenUnsent() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.connected || p.writes > 0 {
		return false
	}
	return p.unsent || p.engaged || p.connFailed
}

// NoteUnsent records, for the attempt ctx belongs to, that the request was
// refused before any byte of it could reach the wire: it could not be
// built, given its credentials, or passed a guard. Only code that knows
// this for certain calls it; the engine then may send the request again.
// Outside an engine attempt it does nothing.
func NoteUnsent(ctx context.Context) {
	if p := probeOf(ctx); p != nil {
		p.set(func() { p.unsent = true })
	}
}

// NoteWritten records, for the attempt ctx belongs to, that a request
// went out on the wire. net/http's transport is observed directly; a
// transport of another kind (an in-process provider, a message queue)
// calls it for every request it sends, so that the engine counts every
// send. Outside an engine attempt it does nothing.
func NoteWritten(ctx context.Context) {
	if p := probeOf(ctx); p != nil {
		p.set(func() { p.writes++; p.connected = true })
	}
}
