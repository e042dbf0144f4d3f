package apiserver

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const secret = "s3cr3t-never-logged"

// row is a code table of two rows and a fallback, shaped as a generated Entry.
type row uint8

const (
	rowOK row = iota + 1
	rowNoFunds
	rowDown
)

func (e row) Known() bool     { return e >= rowOK && e <= rowDown }
func (e row) HTTPStatus() int { return map[row]int{rowDown: 503}[e] }
func (e row) HasCode() bool   { return e == rowOK || e == rowNoFunds }
func (e row) Code() string    { return map[row]string{rowOK: "00", rowNoFunds: "51"}[e] }
func (e row) Message() string { return map[row]string{rowOK: "OK", rowNoFunds: "No funds"}[e] }
func (e row) String() string {
	return map[row]string{rowOK: "OK", rowNoFunds: "NoFunds", rowDown: "Down"}[e]
}

type table int

type response struct {
	status int
	code   string
}

func decodeResp(status int, body []byte, codeField, _ string) response {
	var obj map[string]any
	_ = json.Unmarshal(body, &obj)
	code, _ := obj[codeField].(string)
	return response{status, code}
}

func classify(_ table, r response) (row, int) {
	switch {
	case r.code == "00":
		return rowOK, 0
	case r.code == "51":
		return rowNoFunds, 0
	case r.status == 503:
		return rowDown, 0
	}
	return 0, 0
}

type holdReq struct {
	Ref    string `json:"ref"`
	Amount int    `json:"amount"`
}

// server is one JSON operation answered once per "ref", replying with reply.
type server struct {
	calls int
	reply row
	err   error
	body  any
}

func (s *server) handler(t *testing.T, logs *bytes.Buffer, opts ...Option) http.Handler {
	t.Helper()
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, err := New("NewServerHandler", true, append([]Option{WithLogger(logger), WithReplayStore(NewMemoryStore())}, opts...)...)
	require.NoError(t, err)
	op := Operation{Name: "Hold", Body: true, Required: []string{"ref"}, OK: 200, Statuses: []string{"200", "503"},
		Bodies: []string{"200"}, Media: "application/json", Known: []string{"amount", "ref"}, Replay: true, Reference: "ref"}
	return HandleJSON(h, op, func(c *Call, _ *http.Request, _ *holdReq) {
		s.calls++
		if s.err != nil {
			c.Fail(s.err)
			return
		}
		Entry(c, s.reply, s.body, table(1), "code", "message", classify, decodeResp)
	})
}

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func send(h http.Handler, body, sig, ct string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/hold", strings.NewReader(body))
	req.Header.Set("Content-Type", ct)
	if sig != "" {
		req.Header.Set(SignatureHeader, sig)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestNewRefusesConfigs(t *testing.T) {
	store := WithReplayStore(NewMemoryStore())
	for name, c := range map[string]struct {
		opts    []Option
		replays bool
		want    string
	}{
		"no secret":        {[]Option{store}, true, "WithSignatureSecret"},
		"both":             {[]Option{WithSignatureSecret(secret), WithoutSignatureVerification(), store}, true, "contradict"},
		"no store":         {[]Option{WithSignatureSecret(secret)}, true, "WithReplayStore"},
		"nil store":        {[]Option{WithSignatureSecret(secret), WithReplayStore(nil)}, true, "nil replay store"},
		"empty secret":     {[]Option{WithSignatureSecret(""), store}, true, "empty signature secret"},
		"zero bound":       {[]Option{WithSignatureSecret(secret), WithMaxRequestBytes(0), store}, true, "positive"},
		"unsigned, stored": {[]Option{WithoutSignatureVerification(), store}, true, ""},
		"no replays":       {[]Option{WithSignatureSecret(secret)}, false, ""},
	} {
		_, err := New("NewServerHandler", c.replays, c.opts...)
		if c.want == "" {
			require.NoError(t, err, name)
			continue
		}
		require.ErrorContains(t, err, c.want, name)
	}
	_, err := New("NewServerHandler", false)
	require.ErrorContains(t, err, "NewServerHandler: no signature secret")
	require.ErrorContains(t, err, "WithoutSignatureVerification")
}

func TestServeEntryAndReplay(t *testing.T) {
	var logs bytes.Buffer
	s := &server{reply: rowOK, body: map[string]any{"holdId": "h1", "code": "xx"}}
	h := s.handler(t, &logs, WithSignatureSecret(secret))
	body := `{"ref":"r1","amount":5}`
	rec := send(h, body, sign(body), "application/json")
	require.Equal(t, 200, rec.Code)
	require.JSONEq(t, `{"holdId":"h1","code":"00","message":"OK"}`, rec.Body.String())
	require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))

	respelled := `{ "amount": 5, "ref": "r1" }`
	rec = send(h, respelled, sign(respelled), "application/json")
	require.Equal(t, 200, rec.Code, "a repeat spelled otherwise is the same request")
	require.JSONEq(t, `{"holdId":"h1","code":"00","message":"OK"}`, rec.Body.String())
	require.Equal(t, 1, s.calls)

	other := `{"ref":"r1","amount":6}`
	require.Equal(t, http.StatusConflict, send(h, other, sign(other), "application/json").Code)
	require.Equal(t, 1, s.calls)

	s.reply = rowDown
	down := `{"ref":"r2","amount":1}`
	require.Equal(t, 503, send(h, down, sign(down), "application/json").Code)
	require.Equal(t, 503, send(h, down, sign(down), "application/json").Code)
	require.Equal(t, 3, s.calls, "a 5xx answer is not recorded: its repeat reaches the implementation")

	require.NotContains(t, logs.String(), secret)
	require.NotContains(t, logs.String(), `"ref"`)
	require.Contains(t, logs.String(), "operation=Hold")
}

func TestServeRefusals(t *testing.T) {
	var logs bytes.Buffer
	s := &server{reply: rowOK}
	h := s.handler(t, &logs, WithSignatureSecret(secret), WithMaxRequestBytes(64))
	good := `{"ref":"r1","amount":5}`
	for name, c := range map[string]struct {
		body, sig, ct string
		want          int
	}{
		"no signature":    {good, "", "application/json", 401},
		"bad signature":   {good, sign(good + " "), "application/json", 401},
		"too large":       {`{"ref":"` + strings.Repeat("x", 80) + `"}`, "", "application/json", 413},
		"empty":           {"", sign(""), "application/json", 400},
		"media type":      {good, sign(good), "text/plain", 415},
		"charset":         {good, sign(good), "application/json; charset=latin1", 415},
		"twice":           {`{"ref":"a","ref":"b"}`, sign(`{"ref":"a","ref":"b"}`), "application/json", 400},
		"case":            {`{"REF":"a","ref":"b"}`, sign(`{"REF":"a","ref":"b"}`), "application/json", 400},
		"wrong type":      {`{"ref":1}`, sign(`{"ref":1}`), "application/json", 400},
		"missing":         {`{"amount":1}`, sign(`{"amount":1}`), "application/json", 400},
		"null required":   {`{"ref":null}`, sign(`{"ref":null}`), "application/json", 400},
		"malformed":       {`{"ref":`, sign(`{"ref":`), "application/json", 400},
		"utf-8 parameter": {good, sign(good), "application/json; charset=UTF-8", 200},
	} {
		rec := send(h, c.body, c.sig, c.ct)
		require.Equal(t, c.want, rec.Code, name)
		require.NotContains(t, rec.Body.String(), "amount", name)
	}
	require.Equal(t, 1, s.calls, "no refused request reaches the implementation")
	require.NotContains(t, logs.String(), secret)
}

func TestEntryRefusesWhatWouldNotClassify(t *testing.T) {
	var logs bytes.Buffer
	for name, s := range map[string]*server{
		"zero row":        {reply: 0},
		"error":           {reply: rowOK, err: errors.New("db down: password=hunter2")},
		"body not object": {reply: rowOK, body: []int{1}},
	} {
		rec := send(s.handler(t, &logs, WithoutSignatureVerification()), `{"ref":"r"}`, "", "application/json")
		require.Equal(t, 500, rec.Code, name)
		require.NotContains(t, rec.Body.String(), "hunter2", name)
	}
	require.Equal(t, 200, send(misreadHandler(t, &server{reply: rowOK}), `{"ref":"r"}`, "", "application/json").Code, "the control")
	require.Equal(t, 500, send(misreadHandler(t, &server{reply: rowNoFunds}), `{"ref":"r"}`, "", "application/json").Code,
		"a row the caller would read as another is refused")
}

// misreadHandler classifies every answer as rowOK, so that a rowNoFunds reply must be refused.
func misreadHandler(t *testing.T, s *server) http.Handler {
	t.Helper()
	h, err := New("NewServerHandler", false, WithoutSignatureVerification(), WithLogger(nil))
	require.NoError(t, err)
	op := Operation{Name: "Hold", OK: 200, Statuses: []string{"200"}, Bodies: []string{"200"}}
	return HandleJSON(h, op, func(c *Call, _ *http.Request, _ *holdReq) {
		Entry(c, s.reply, nil, table(1), "code", "message", func(table, response) (row, int) { return rowOK, 0 }, decodeResp)
	})
}

func TestStatus(t *testing.T) {
	h, err := New("NewServerHandler", false, WithoutSignatureVerification(), WithLogger(nil))
	require.NoError(t, err)
	var status int
	var body any
	serve := h.Handle(Operation{Name: "Get", OK: 204, Statuses: []string{"204", "4XX"}, Bodies: []string{"404"}},
		func(c *Call, r *http.Request) { c.Status(status, body) })
	for _, c := range []struct {
		status int
		body   any
		want   int
	}{{0, nil, 204}, {404, map[string]int{"x": 1}, 404}, {418, nil, 418}, {500, nil, 500}, {204, map[string]int{}, 500}, {302, nil, 500}} {
		status, body = c.status, c.body
		rec := httptest.NewRecorder()
		serve(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		require.Equal(t, c.want, rec.Code, "%d %v", c.status, c.body)
	}
}

func TestStrictKeys(t *testing.T) {
	known := []string{"ref", "amount"}
	for body, bad := range map[string]bool{
		`{"ref":"a","x":{"ref":1}}`:  false,
		`{"ref":"a","ref":"b"}`:      true,
		`{"r\u0065f":"a","ref":"b"}`: true,
		`{"Amount":1}`:               true,
		`[{"a":1},{"a":2}]`:          false,
		`[{"a":1,"a":2}]`:            true,
		`"scalar"`:                   false,
		`{"ref":`:                    false,
		strings.Repeat("[", 102) + strings.Repeat("]", 102): true,
	} {
		require.Equal(t, bad, strictKeys([]byte(body), known) != "", body)
	}
}

func TestMediaOK(t *testing.T) {
	require.True(t, mediaOK("application/json", "application/json"))
	require.True(t, mediaOK("application/json; charset=utf-8; x=y", "application/json"))
	require.False(t, mediaOK("application/json; charset=utf-16", "application/json"))
	require.False(t, mediaOK("text/json", "application/json"))
	require.False(t, mediaOK("", "application/json"))
}

func TestReplayKey(t *testing.T) {
	op := &Operation{Name: "Hold", Reference: "ref"}
	k1, f1, err := replayKey(op, "/hold", []byte(`{"ref":"a","amount":1}`))
	require.NoError(t, err)
	k2, f2, _ := replayKey(op, "/hold", []byte(`{"amount":2,"ref":"a"}`))
	require.Equal(t, k1, k2, "same reference, same key")
	require.NotEqual(t, f1, f2, "another body, another fingerprint")
	k3, _, _ := replayKey(op, "/other", []byte(`{"ref":"a","amount":1}`))
	require.NotEqual(t, k1, k3, "the path is part of the key")
	k4, _, _ := replayKey(&Operation{Name: "Hold"}, "/hold", []byte(`{"ref":"a","amount":1}`))
	k5, _, _ := replayKey(&Operation{Name: "Hold"}, "/hold", []byte(`{"ref":"a","amount":2}`))
	require.NotEqual(t, k4, k5, "without a reference the whole body is the key")
	require.True(t, strings.HasPrefix(k1, "Hold:"))
}

func TestMemoryStoreCopies(t *testing.T) {
	s := NewMemoryStore()
	ctx := context.Background()
	body := []byte(`{}`)
	require.NoError(t, s.Put(ctx, "k", Record{Fingerprint: "f", Status: 200, Body: body}))
	body[0] = 'x'
	rec, ok, err := s.Get(ctx, "k")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, `{}`, string(rec.Body))
	rec.Body[0] = 'y'
	again, _, _ := s.Get(ctx, "k")
	require.Equal(t, `{}`, string(again.Body))
	_, ok, _ = s.Get(ctx, "none")
	require.False(t, ok)
}

func TestKeyLock(t *testing.T) {
	var l KeyLock
	release, ok := l.Claim(context.Background(), "k")
	require.True(t, ok)
	other, ok := l.Claim(context.Background(), "other")
	require.True(t, ok, "another key is not held")
	other()
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	_, ok = l.Claim(canceled, "k")
	require.False(t, ok, "a held key is not claimed")
	got := make(chan bool)
	go func() {
		r, ok := l.Claim(context.Background(), "k")
		if ok {
			r()
		}
		got <- ok
	}()
	release()
	require.True(t, <-got, "the waiter gets the key once released")
}
