package apiserver

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Handler holds what the operations of one generated NewServerHandler share: the configuration
// and the keys being served. Generated code makes one with New and routes each operation through
// Handle or HandleJSON.
type Handler struct {
	cfg     config
	running KeyLock
}

// New returns the Handler of the generated constructor called ctor (named in its errors),
// configured by opts. It needs WithSignatureSecret or WithoutSignatureVerification (not both), and,
// when replays is true (some operation is answered once per key), WithReplayStore.
func New(ctor string, replays bool, opts ...Option) (*Handler, error) {
	h := &Handler{cfg: config{logger: slog.Default(), maxBody: DefaultMaxRequestBytes}}
	for _, opt := range opts {
		if err := opt(&h.cfg); err != nil {
			return nil, err
		}
	}
	switch {
	case h.cfg.secret == nil && !h.cfg.unsigned:
		return nil, errors.New(ctor + ": no signature secret: pass apiserver.WithSignatureSecret(secret), " +
			"or apiserver.WithoutSignatureVerification() for tests and trusted networks only")
	case h.cfg.secret != nil && h.cfg.unsigned:
		return nil, errors.New(ctor + ": apiserver.WithSignatureSecret and apiserver.WithoutSignatureVerification contradict each other: pass one")
	case replays && h.cfg.store == nil:
		return nil, errors.New(ctor + ": no replay store: pass apiserver.WithReplayStore(store), " +
			"so that a repeated request gets the first answer without calling impl again (apiserver.NewMemoryStore() in tests)")
	}
	return h, nil
}

// Operation describes one operation of a generated server to the handler.
type Operation struct {
	Name      string   // the Server method
	Body      bool     // the request must have a body
	Required  []string // properties the JSON request body must have, not null
	Nullable  []string // required properties that may be null
	OK        int      // the status of a reply that names none
	Statuses  []string // the documented statuses: "200", "4XX", "default"
	Bodies    []string // the documented statuses whose response has a JSON body
	Media     string   // the media type a JSON request body must be sent as; "" for any
	Known     []string // the property names of the request body's schemas
	Replay    bool     // a request is answered once per key (see HandleJSON)
	Reference string   // the body property identifying a request; "" for the whole body
}

// Call is one request being served. Its methods, and Entry, answer it.
type Call struct {
	cfg         *config
	op          *Operation
	w           http.ResponseWriter
	r           *http.Request
	start       time.Time
	key         string // the replay key of a request answered once; "" otherwise
	fingerprint string // the body's fingerprint, with key
}

// Handle returns the handler of op, an operation without a JSON request body: it reads the body
// (which stays readable in r.Body), checks it (see start) and calls serve, which answers.
func (h *Handler) Handle(op Operation, serve func(c *Call, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if c, _, ok := h.start(w, r, &op); ok {
			serve(c, r)
		}
	}
}

// HandleJSON returns the handler of op, an operation with a JSON request body: it reads and checks
// the body (see start), decodes it into a new Req (400 when it does not fit; see Call.decode) and
// calls serve, which answers. When op.Replay is set, a repeat of an answered request gets the
// recorded answer without calling serve (see once).
func HandleJSON[Req any](h *Handler, op Operation, serve func(c *Call, r *http.Request, req *Req)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, data, ok := h.start(w, r, &op)
		if !ok {
			return
		}
		req := new(Req)
		if !c.decode(data, req) {
			return
		}
		if !op.Replay {
			serve(c, r, req)
			return
		}
		h.once(c, data, func() { serve(c, r, req) })
	}
}

// start begins serving a request of op: it reads the body, at most maxBody bytes, checks its
// signature when a secret is set, that it is there when op requires one, and that a body is sent
// as op.Media. It answers the request itself and returns ok false when one of these fails. r.Body
// is replaced by the bytes read.
func (h *Handler) start(w http.ResponseWriter, r *http.Request, op *Operation) (c *Call, data []byte, ok bool) {
	c = &Call{cfg: &h.cfg, op: op, w: w, r: r, start: time.Now()}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.reject(slog.LevelDebug, http.StatusRequestEntityTooLarge, "request body too large")
		} else {
			c.reject(slog.LevelDebug, http.StatusBadRequest, "request body unreadable")
		}
		return nil, nil, false
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	if h.cfg.secret != nil {
		if reason := checkSignature(h.cfg.secret, r.Header.Get(SignatureHeader), data); reason != "" {
			c.reject(slog.LevelWarn, http.StatusUnauthorized, reason)
			return nil, nil, false
		}
	}
	empty := len(bytes.TrimSpace(data)) == 0
	if op.Body && empty {
		c.reject(slog.LevelDebug, http.StatusBadRequest, "request body required")
		return nil, nil, false
	}
	if !empty && op.Media != "" && !mediaOK(r.Header.Get("Content-Type"), op.Media) {
		c.reject(slog.LevelDebug, http.StatusUnsupportedMediaType, "request body must be sent as "+op.Media)
		return nil, nil, false
	}
	return c, data, true
}

// checkSignature checks header, the signature of a request, against the HMAC-SHA256 of data
// keyed with secret, in constant time. It returns why the signature is refused, or "".
func checkSignature(secret []byte, header string, data []byte) string {
	if header == "" {
		return "request signature missing"
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	mac := hmac.New(sha256.New, secret)
	mac.Write(data)
	if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
		return "request signature invalid"
	}
	return ""
}
