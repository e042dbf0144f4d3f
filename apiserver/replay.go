package apiserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
)

// once answers a request of an operation answered once per key: a repeat of an answered request
// gets the recorded answer, a repeat with another body under the same reference 409, and serve
// (which calls the implementation and answers) runs only for a request not answered yet, while no
// other request of the same key runs. c records the answer serve sends (see write).
func (h *Handler) once(c *Call, data []byte, serve func()) {
	key, fp, err := replayKey(c.op, c.r.URL.Path, data)
	if err != nil {
		c.reject(slog.LevelDebug, http.StatusBadRequest, "request body is not JSON of the documented shape")
		return
	}
	ctx := c.r.Context()
	release, ok := h.running.Claim(ctx, key)
	if !ok {
		c.reject(slog.LevelDebug, http.StatusServiceUnavailable, "request canceled while a repeat of it was served")
		return
	}
	defer release()
	rec, found, err := h.cfg.store.Get(ctx, key)
	switch {
	case err != nil:
		c.log(slog.LevelError, "replay store failed", http.StatusServiceUnavailable, slog.Any("error", err))
		http.Error(c.w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
	case found && rec.Fingerprint != fp:
		c.reject(slog.LevelWarn, http.StatusConflict, "request repeats the reference of an earlier request with another body")
	case found:
		c.log(slog.LevelDebug, "repeated request answered from the replay store", rec.Status)
		c.write(rec.Status, rec.Body)
	default:
		c.key, c.fingerprint = key, fp
		serve()
	}
}

// replayKey returns the key under which a request of op to path with body data is answered once,
// and the fingerprint of the body. The key is the operation's name and a SHA-256 of path and
// either the value of op.Reference, the body property that identifies the request, or the whole
// body when op names none or the body lacks it. Both are computed on canonical JSON (keys sorted,
// no spaces, strings re-escaped), so a repeat that differs only in spelling is the same request.
func replayKey(op *Operation, path string, data []byte) (key, fingerprint string, err error) {
	var v any
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return "", "", err
		}
	}
	canon, err := json.Marshal(v)
	if err != nil {
		return "", "", err
	}
	id := "body\x00" + string(canon)
	if obj, ok := v.(map[string]any); ok && op.Reference != "" {
		if ref := obj[op.Reference]; ref != nil {
			raw, err := json.Marshal(ref)
			if err != nil {
				return "", "", err
			}
			id = "reference\x00" + string(raw)
		}
	}
	sum := sha256.Sum256(canon)
	k := sha256.Sum256([]byte(path + "\x00" + id))
	return op.Name + ":" + hex.EncodeToString(k[:]), hex.EncodeToString(sum[:]), nil
}
