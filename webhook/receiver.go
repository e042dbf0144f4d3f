package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiserver"
)

// DefaultMaxBody is the largest body a Receiver reads when Config.MaxBody
// is zero.
const DefaultMaxBody = 1 << 20

// Handler handles one verified, fresh, not yet handled event. It is not
// called for an event the journal shows superseded. An error answers 500,
// and the delivery is forgotten, so the provider's retry is handled again:
// a handler must be idempotent by Event.Reference and Event.Outcome.
type Handler func(ctx context.Context, ev Event) error

// Config configures a Receiver.
type Config struct {
	// Secret is the key the provider signs with (Click Airtime V2: the
	// API key). Required.
	Secret codebook.Secret
	// Handler receives the events. Required.
	Handler Handler
	// Format is where the provider puts what is read; zero is
	// ClickAirtimeV2().
	Format Format
	// Window is how far a timestamp may be from now, either way; zero is
	// DefaultWindow.
	Window time.Duration
	// Replay remembers handled bodies; nil is a MemoryReplayStore, which
	// forgets them when the process stops (the journal still refuses to
	// change a final state).
	Replay ReplayStore
	// Journal, when set, is settled by the events (see Settlement).
	Journal Journal
	// Lookup confirms a failure event before it is journaled or handed
	// over as failed; nil leaves every failure event uncertain.
	Lookup LookupFunc
	// MaxBody is the largest body read; zero is DefaultMaxBody.
	MaxBody int64
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Logger gets one line per refused or failed delivery, never the body
	// or the signature; nil logs nothing.
	Logger *slog.Logger
}

// Receiver is the http.Handler of a webhook endpoint.
type Receiver struct {
	cfg  Config
	busy apiserver.KeyLock // deliveries of one body run one at a time
}

// New returns a Receiver, or an error naming what the configuration lacks.
func New(cfg Config) (*Receiver, error) {
	if cfg.Secret.Reveal() == "" {
		return nil, errors.New("webhook: Config.Secret is empty: set it to the key the provider signs with (the API key)")
	}
	if cfg.Handler == nil {
		return nil, errors.New("webhook: Config.Handler is nil: set the function that receives the events")
	}
	if cfg.Format.SignatureHeader == "" {
		cfg.Format = ClickAirtimeV2()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.Replay == nil {
		cfg.Replay = NewMemoryReplayStore(cfg.Now)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Receiver{cfg: cfg}, nil
}

// ServeHTTP verifies, decodes, settles and hands over one delivery.
func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		r.refuse(w, http.StatusMethodNotAllowed, "method not allowed", nil)
		return
	}
	body, err := readLimited(req.Body, r.cfg.MaxBody)
	if err != nil {
		r.refuse(w, http.StatusRequestEntityTooLarge, "body unreadable or too large", err)
		return
	}
	f := r.cfg.Format
	at, err := Verify(r.cfg.Secret, req.Header.Get(f.TimestampHeader), req.Header.Get(f.SignatureHeader), body, r.cfg.Now(), r.cfg.Window)
	if err != nil {
		r.refuse(w, http.StatusUnauthorized, "refused", err)
		return
	}
	key := bodyKey(body)
	release, ok := r.busy.Claim(req.Context(), key)
	if !ok {
		r.refuse(w, http.StatusServiceUnavailable, "canceled while a repeat was handled", req.Context().Err())
		return
	}
	defer release()
	status, err := r.deliver(req.Context(), req.Header.Get(f.EventHeader), at, key, body)
	if err != nil {
		r.refuse(w, status, "not handled", err)
		return
	}
	w.WriteHeader(status)
}

// deliver handles a verified body: the HTTP status to answer, with an
// error when the delivery was not handled.
func (r *Receiver) deliver(ctx context.Context, eventType string, at time.Time, key string, body []byte) (int, error) {
	seen, err := r.cfg.Replay.Seen(ctx, key)
	switch {
	case err != nil:
		return http.StatusServiceUnavailable, err
	case seen:
		r.cfg.Logger.Debug("webhook: replay ignored", "event", eventType)
		return http.StatusOK, nil
	}
	ev, err := r.cfg.Format.decode(eventType, body)
	if err != nil {
		return http.StatusBadRequest, err
	}
	ev.Timestamp = at
	if ev.Settlement, err = settle(ctx, r.cfg.Journal, r.cfg.Lookup, &ev); err != nil {
		return http.StatusServiceUnavailable, err
	}
	if ev.Settlement != Superseded {
		if err := r.cfg.Handler(ctx, ev); err != nil {
			return http.StatusInternalServerError, err
		}
	} else {
		r.cfg.Logger.Info("webhook: superseded event ignored", "ref", ev.Reference, "event", eventType, "status", ev.Status)
	}
	// Kept past the window's far edge: a replay after that is stale.
	if err := r.cfg.Replay.Remember(ctx, key, at.Add(r.cfg.Window).Add(r.cfg.Window)); err != nil {
		r.cfg.Logger.Warn("webhook: replay store failed; a replay may be handled again", "err", err.Error())
	}
	return http.StatusOK, nil
}

// refuse answers status with its text, and logs why (never the body).
func (r *Receiver) refuse(w http.ResponseWriter, status int, msg string, err error) {
	args := []any{"status", status}
	if err != nil {
		args = append(args, "err", err.Error())
	}
	r.cfg.Logger.Warn("webhook: "+msg, args...)
	http.Error(w, http.StatusText(status), status)
}

// bodyKey is the replay key of a body: its hex SHA-256. The same body
// signed again with a new timestamp is the same delivery.
func bodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
