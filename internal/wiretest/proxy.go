package wiretest

import (
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// connLife bounds every connection the helpers hold, so that a test that
// goes wrong ends instead of hanging.
const connLife = 10 * time.Second

// Proxy is a TCP proxy on 127.0.0.1 that forwards bytes both ways between
// its clients and a target until Inject is called; from then on the
// target's bytes are dropped and each client gets the injected bytes
// instead, as an attacker on the path would send them.
type Proxy struct {
	// Addr is the proxy's address, host:port.
	Addr   string
	target string
	ln     net.Listener
	wg     sync.WaitGroup

	mu    sync.Mutex
	pairs []*pair
}

// pair is one client connection and the state of its server-to-client
// direction.
type pair struct {
	mu       sync.Mutex
	client   net.Conn
	injected bool
}

// StartProxy starts a proxy to target (host:port), closed by t's Cleanup.
func StartProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	p := &Proxy{target: target, ln: Listen(t)}
	p.Addr = p.ln.Addr().String()
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.close)
	return p
}

// Inject writes b to every client connected so far, in place of whatever
// the target sends them from now on, and returns once it is written.
func (p *Proxy) Inject(b []byte) {
	p.mu.Lock()
	pairs := append([]*pair(nil), p.pairs...)
	p.mu.Unlock()
	for _, pr := range pairs {
		pr.mu.Lock()
		if !pr.injected {
			pr.injected = true
			_, _ = pr.client.Write(b)
		}
		pr.mu.Unlock()
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go p.serve(c)
	}
}

// serve forwards between client c and a new connection to the target.
func (p *Proxy) serve(c net.Conn) {
	defer p.wg.Done()
	defer c.Close()
	s, err := net.DialTimeout("tcp", p.target, connLife)
	if err != nil {
		return
	}
	defer s.Close()
	_ = c.SetDeadline(time.Now().Add(connLife))
	_ = s.SetDeadline(time.Now().Add(connLife))
	pr := &pair{client: c}
	p.mu.Lock()
	p.pairs = append(p.pairs, pr)
	p.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = io.Copy(s, c)
		_ = s.Close()
	}()
	pr.toClient(s)
	_ = c.Close()
	<-done
}

// toClient forwards the target's bytes to the client until Inject.
func (pr *pair) toClient(s net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := s.Read(buf)
		if n > 0 {
			pr.mu.Lock()
			if !pr.injected {
				_, _ = pr.client.Write(buf[:n])
			}
			pr.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// close stops the proxy and waits for its connections to end.
func (p *Proxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	for _, pr := range p.pairs {
		_ = pr.client.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
