package apiserver

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Row is a row of a generated code table (its Entry type) as a reply carries it; C is the table's
// code type.
type Row[C any] interface {
	comparable
	String() string
	Known() bool
	HTTPStatus() int
	HasCode() bool
	Code() C
	Message() string
}

// Entry answers c with the row e of table t: its HTTP status (the operation's OK status when it has
// none) and, when the status has a JSON body, body (a 2xx answer only) with its code and message
// set into codeField and messageField. It refuses (500) the zero row, an undocumented status, and an
// answer that would not classify as e against t, as the caller classifies it with decode and
// classify (the generated package's DecodeResponse and Classify; K, the class, is not read).
func Entry[E Row[C], C any, T any, R any, K any](c *Call, e E, body any, t T, codeField, messageField string,
	classify func(T, R) (E, K), decode func(status int, body []byte, codeField, messageField string) R) {
	if !e.Known() {
		c.refuse("the reply has no Entry")
		return
	}
	status := e.HTTPStatus()
	if status == 0 {
		status = c.op.OK
	}
	if !statusIn(status, c.op.Statuses) {
		c.refuse(fmt.Sprintf("the reply's Entry %s has the undocumented status %d", e.String(), status))
		return
	}
	var data []byte
	if statusIn(status, c.op.Bodies) {
		if status/100 != 2 {
			body = nil
		}
		fields := map[string]any{}
		if e.HasCode() && codeField != "" {
			fields[codeField] = e.Code()
		}
		if m := e.Message(); m != "" && messageField != "" {
			fields[messageField] = m
		}
		var err error
		if data, err = merge(body, fields); err != nil {
			c.refuse(fmt.Sprintf("encode the reply: %v", err))
			return
		}
	}
	if got, _ := classify(t, decode(status, data, codeField, messageField)); got != e {
		c.refuse(fmt.Sprintf("the reply's Entry %s would be read as %s", e.String(), got.String()))
		return
	}
	c.write(status, data)
}

// merge encodes body, a JSON object (an empty one when body is nil), with the properties of fields
// set.
func merge(body any, fields map[string]any) ([]byte, error) {
	var obj map[string]json.RawMessage
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, fmt.Errorf("body is not a JSON object: %w", err)
		}
	}
	if obj == nil {
		obj = map[string]json.RawMessage{}
	}
	for k, v := range fields {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		obj[k] = raw
	}
	return json.Marshal(obj)
}

// Status answers c with status (the operation's OK status when 0) and body encoded as JSON, when
// not nil. It refuses (500) a status the spec does not document, and a body with a status that has
// none.
func (c *Call) Status(status int, body any) {
	if status == 0 {
		status = c.op.OK
	}
	if !statusIn(status, c.op.Statuses) {
		c.refuse(fmt.Sprintf("the reply has the undocumented status %d", status))
		return
	}
	var data []byte
	if body != nil {
		if !statusIn(status, c.op.Bodies) {
			c.refuse(fmt.Sprintf("the reply has a body, which status %d has none of", status))
			return
		}
		var err error
		if data, err = json.Marshal(body); err != nil {
			c.refuse("encode the reply: " + err.Error())
			return
		}
	}
	c.write(status, data)
}

// statusIn reports whether status is a final HTTP status that documented lists: exactly ("404"),
// by its range ("4XX") or as "default".
func statusIn(status int, documented []string) bool {
	if status < 200 || status > 599 {
		return false
	}
	s := strconv.Itoa(status)
	for _, d := range documented {
		if d == s || d == "default" || (len(d) == 3 && d[0] == s[0] && strings.EqualFold(d[1:], "XX")) {
			return true
		}
	}
	return false
}

// write sends the answer: status, and data as a JSON body unless it is nil. For a request answered
// once (c.key set), an answer below 500 is recorded in the store first, so that a repeat sent after
// this answer arrived finds it; a failure to record is logged.
func (c *Call) write(status int, data []byte) {
	if c.key != "" && status < 500 {
		rec := Record{Body: data, Fingerprint: c.fingerprint, Status: status}
		if err := c.cfg.store.Put(context.WithoutCancel(c.r.Context()), c.key, rec); err != nil {
			c.log(slog.LevelError, "replay store failed to record an answer", status, slog.Any("error", err))
		}
	}
	h := c.w.Header()
	h.Set("Cache-Control", "no-store")
	if data != nil {
		h.Set("Content-Type", "application/json")
	}
	c.w.WriteHeader(status)
	if data != nil {
		_, _ = c.w.Write(data) // a failed write means the caller is gone
	}
	c.log(slog.LevelDebug, "request served", status)
}

// reject answers a request the handler refuses with status and reason, as plain text, and logs it
// at level.
func (c *Call) reject(level slog.Level, status int, reason string) {
	c.log(level, "request refused", status, slog.String("reason", reason))
	http.Error(c.w, reason, status)
}

// Fail answers c with 500 for an error of the implementation, which is logged and not sent.
func (c *Call) Fail(err error) {
	c.log(slog.LevelError, "server implementation failed", http.StatusInternalServerError, slog.Any("error", err))
	http.Error(c.w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// refuse answers 500 for a reply that cannot be sent, and logs why.
func (c *Call) refuse(reason string) {
	c.log(slog.LevelError, "server reply refused", http.StatusInternalServerError, slog.String("reason", reason))
	http.Error(c.w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// log records one event of the call with the operation, status and duration.
func (c *Call) log(level slog.Level, msg string, status int, attrs ...slog.Attr) {
	l := c.cfg.logger
	ctx := c.r.Context()
	if l == nil || !l.Enabled(ctx, level) {
		return
	}
	all := []slog.Attr{slog.String("operation", c.op.Name), slog.String("method", c.r.Method),
		slog.Int("status", status), slog.Duration("duration", time.Since(c.start))}
	l.LogAttrs(ctx, level, msg, append(all, attrs...)...)
}
