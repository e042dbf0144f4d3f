package engine

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"time"

	"github.com/codebookgen/codebook"
)

// DefaultTimeout is the timeout of SafeHTTPClient(0): enough for a
// synchronous top-up (Click Airtime answers within about 10 s), finite.
const DefaultTimeout = 30 * time.Second

// NotSent reports whether err says that the request never reached the
// provider: it matches ErrNotSent, or the connection could not be made
// (dial, DNS, proxy connect), or the TLS handshake failed on the
// certificate. It reads the error's type only, which an attacker on the
// path can forge, so the engine never relies on it: Execute decides "not
// sent" from what it observed of the attempt on the wire. A timeout, a
// reset or an EOF after the connection was made is not proof: the
// provider may have acted.
func NotSent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, codebook.ErrNotSent) || certificateFailure(err) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// certificateFailure reports whether err is a failure to verify the
// server's certificate: sending again will fail the same way. A malformed
// TLS record is not one: it can arrive after the request was written.
func certificateFailure(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		invalid  x509.CertificateInvalidError
		hostname x509.HostnameError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &invalid) ||
		errors.As(err, &hostname)
}
