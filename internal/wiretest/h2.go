package wiretest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// HTTP/2 frame types and flags (RFC 9113, section 6).
const (
	frameData         = 0x0
	frameHeaders      = 0x1
	frameRSTStream    = 0x3
	frameSettings     = 0x4
	framePing         = 0x6
	frameGoAway       = 0x7
	frameWindowUpdate = 0x8
	frameContinuation = 0x9

	flagEndStream  = 0x1
	flagAck        = 0x1
	flagEndHeaders = 0x4

	// RefusedStream is the RST_STREAM error code REFUSED_STREAM: the
	// server says it did not process the stream, so a client may send
	// the request again.
	RefusedStream = 0x7

	// status200 is ":status: 200" in HPACK: the static table's index 8.
	status200 = 0x88

	maxFrame = 1 << 20
)

// clientPreface opens every HTTP/2 connection (RFC 9113, section 3.4).
const clientPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

// H2Server is a minimal HTTP/2 server over TLS, written frame by frame,
// that counts the requests it receives and refuses the first ones with
// RST_STREAM REFUSED_STREAM once their body has arrived in full, as a
// provider's overloaded front end may: the request reached the provider,
// and a client that trusts the refusal sends it again. A client that does
// not negotiate h2 by ALPN is served HTTP/1.1, refused with a 503.
type H2Server struct {
	// Addr is the server's address, host:port.
	Addr string
	// Pool trusts the server's certificate.
	Pool   *x509.CertPool
	refuse int
	ln     net.Listener
	wg     sync.WaitGroup

	mu       sync.Mutex
	requests int // requests received, over either protocol
	h2       int // of which over HTTP/2
	answered int // requests answered, refused or not
	conns    []net.Conn
}

// StartH2 starts an H2Server on 127.0.0.1 that refuses the first refuse
// requests (every one when refuse is negative) and answers the others
// with 200 and no body. t's Cleanup closes it.
func StartH2(t testing.TB, refuse int) *H2Server {
	t.Helper()
	cert, pool := NewCert(t)
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2", "http/1.1"}}
	s := &H2Server{Pool: pool, refuse: refuse, ln: tls.NewListener(Listen(t), cfg)}
	s.Addr = s.ln.Addr().String()
	s.wg.Add(1)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

// URL returns the https URL of path on the server.
func (s *H2Server) URL(path string) string { return "https://" + s.Addr + path }

// Requests returns how many requests the server has received.
func (s *H2Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// H2Requests returns how many of the requests came over HTTP/2.
func (s *H2Server) H2Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.h2
}

func (s *H2Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns = append(s.conns, c)
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(c.(*tls.Conn))
	}
}

func (s *H2Server) close() {
	_ = s.ln.Close()
	s.mu.Lock()
	for _, c := range s.conns {
		_ = c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}

// serve speaks HTTP/2 or HTTP/1.1 on c, as ALPN decided.
func (s *H2Server) serve(c *tls.Conn) {
	defer s.wg.Done()
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(connLife))
	if err := c.Handshake(); err != nil {
		return
	}
	if c.ConnectionState().NegotiatedProtocol == "h2" {
		_ = s.serveH2(c)
		return
	}
	s.serveH1(c)
}

// received counts a new request; h2 says it came over HTTP/2.
func (s *H2Server) received(h2 bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if h2 {
		s.h2++
	}
}

// refuseNext reports whether the next request to answer is refused.
func (s *H2Server) refuseNext() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answered++
	return s.refuse < 0 || s.answered <= s.refuse
}

// serveH1 reads HTTP/1.1 requests, counts them and answers each.
func (s *H2Server) serveH1(c net.Conn) {
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, req.Body)
		s.received(false)
		status := "200 OK"
		if s.refuseNext() {
			status = "503 Service Unavailable"
		}
		if _, err := fmt.Fprintf(c, "HTTP/1.1 %s\r\nContent-Length: 0\r\n\r\n", status); err != nil {
			return
		}
	}
}

// h2conn is the state of one HTTP/2 connection.
type h2conn struct {
	rw       io.ReadWriter
	seen     map[uint32]bool // request streams opened
	headerOf uint32          // stream whose header block is open, 0 for none
	endOnHdr bool            // that header block's HEADERS had END_STREAM
}

// serveH2 runs one HTTP/2 connection until it fails or the client leaves.
func (s *H2Server) serveH2(c net.Conn) error {
	preface := make([]byte, len(clientPreface))
	if _, err := io.ReadFull(c, preface); err != nil || string(preface) != clientPreface {
		return errors.New("wiretest: no HTTP/2 client preface")
	}
	hc := &h2conn{rw: c, seen: map[uint32]bool{}}
	if err := hc.write(frameSettings, 0, 0, nil); err != nil {
		return err
	}
	for {
		typ, flags, stream, payload, err := hc.read()
		if err != nil {
			return err
		}
		if err := s.frame(hc, typ, flags, stream, payload); err != nil {
			return err
		}
	}
}

// frame handles one frame the client sent.
func (s *H2Server) frame(hc *h2conn, typ, flags byte, stream uint32, payload []byte) error {
	switch typ {
	case frameSettings:
		if flags&flagAck == 0 {
			return hc.write(frameSettings, flagAck, 0, nil)
		}
	case framePing:
		if flags&flagAck == 0 {
			return hc.write(framePing, flagAck, 0, payload)
		}
	case frameGoAway:
		return io.EOF
	case frameHeaders:
		if !hc.seen[stream] {
			hc.seen[stream] = true
			s.received(true)
		}
		hc.headerOf, hc.endOnHdr = stream, flags&flagEndStream != 0
		if flags&flagEndHeaders != 0 {
			return s.headersDone(hc)
		}
	case frameContinuation:
		if flags&flagEndHeaders != 0 && stream == hc.headerOf {
			return s.headersDone(hc)
		}
	case frameData:
		if len(payload) > 0 {
			if err := hc.windowUpdate(len(payload)); err != nil {
				return err
			}
		}
		if flags&flagEndStream != 0 {
			return s.answer(hc, stream)
		}
	}
	return nil
}

// headersDone ends the open header block, answering its stream when it
// carried no body.
func (s *H2Server) headersDone(hc *h2conn) error {
	stream, end := hc.headerOf, hc.endOnHdr
	hc.headerOf, hc.endOnHdr = 0, false
	if end {
		return s.answer(hc, stream)
	}
	return nil
}

// answer answers a request whose body has arrived in full: RST_STREAM
// REFUSED_STREAM, or 200 with no body.
func (s *H2Server) answer(hc *h2conn, stream uint32) error {
	if s.refuseNext() {
		var code [4]byte
		binary.BigEndian.PutUint32(code[:], RefusedStream)
		return hc.write(frameRSTStream, 0, stream, code[:])
	}
	return hc.write(frameHeaders, flagEndHeaders|flagEndStream, stream, []byte{status200})
}

// windowUpdate gives the connection's flow-control window n bytes back.
func (hc *h2conn) windowUpdate(n int) error {
	var inc [4]byte
	binary.BigEndian.PutUint32(inc[:], uint32(n))
	return hc.write(frameWindowUpdate, 0, 0, inc[:])
}

// read reads one frame: its 9-byte header, then its payload.
func (hc *h2conn) read() (typ, flags byte, stream uint32, payload []byte, err error) {
	var h [9]byte
	if _, err = io.ReadFull(hc.rw, h[:]); err != nil {
		return 0, 0, 0, nil, err
	}
	n := int(h[0])<<16 | int(h[1])<<8 | int(h[2])
	if n > maxFrame {
		return 0, 0, 0, nil, fmt.Errorf("wiretest: frame of %d bytes", n)
	}
	payload = make([]byte, n)
	if _, err = io.ReadFull(hc.rw, payload); err != nil {
		return 0, 0, 0, nil, err
	}
	return h[3], h[4], binary.BigEndian.Uint32(h[5:]) &^ (1 << 31), payload, nil
}

// write writes one frame with its 9-byte header.
func (hc *h2conn) write(typ, flags byte, stream uint32, payload []byte) error {
	var b bytes.Buffer
	n := len(payload)
	b.Write([]byte{byte(n >> 16), byte(n >> 8), byte(n), typ, flags})
	_ = binary.Write(&b, binary.BigEndian, stream&^(1<<31))
	b.Write(payload)
	_, err := hc.rw.Write(b.Bytes())
	return err
}
