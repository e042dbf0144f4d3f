package apiserver

import (
	"errors"
	"log/slog"
)

// SignatureHeader is the request header that carries base64(HMAC-SHA256(body, secret)), the
// signature a handler checks when WithSignatureSecret is given.
const SignatureHeader = "Signature"

// DefaultMaxRequestBytes bounds the request bodies a handler reads unless WithMaxRequestBytes says
// otherwise.
const DefaultMaxRequestBytes = 1 << 20

// Option configures the handler a generated NewServerHandler returns.
type Option func(*config) error

// config is what the options set.
type config struct {
	secret   []byte
	unsigned bool // WithoutSignatureVerification
	store    ReplayStore
	logger   *slog.Logger
	maxBody  int64
}

// WithSignatureSecret makes the handler check the SignatureHeader of every request: it must be the
// standard base64 encoding of the HMAC-SHA256 of the request body as received, keyed with the UTF-8
// bytes of secret. A request without it, or with another, is answered with 401 before the body is
// decoded or the implementation sees it. The secret is never logged; an empty one is refused.
func WithSignatureSecret(secret string) Option {
	return func(c *config) error {
		if secret == "" {
			return errors.New("empty signature secret")
		}
		c.secret = []byte(secret)
		return nil
	}
}

// WithoutSignatureVerification builds a handler that checks no signature, so that anyone who can
// reach it can send it requests: for tests and trusted networks only. NewServerHandler refuses to
// build a handler with neither this nor WithSignatureSecret, and with both.
func WithoutSignatureVerification() Option {
	return func(c *config) error {
		c.unsigned = true
		return nil
	}
}

// WithReplayStore sets the store that keeps the answers of the requests answered once per key (see
// the generated NewServerHandler), so that a repeat gets the first answer without reaching the
// implementation. NewMemoryStore returns one for tests. A nil store is refused.
func WithReplayStore(s ReplayStore) Option {
	return func(c *config) error {
		if s == nil {
			return errors.New("nil replay store")
		}
		c.store = s
		return nil
	}
}

// WithLogger sets the logger of the handler; the default is slog.Default(), nil logs nothing.
// Every answer is logged at debug level (operation, status, duration, and the reason of a refused
// request), rejected signatures at warn level, implementation errors and replies that cannot be
// sent at error level. Bodies, headers and the secret are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithMaxRequestBytes bounds the request bodies the handler reads; a larger body is answered with 413.
func WithMaxRequestBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return errors.New("max request bytes must be positive")
		}
		c.maxBody = n
		return nil
	}
}
