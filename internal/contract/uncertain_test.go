package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/internal/spectest"
)

// uncertainCase is one kind of answer whose outcome nobody can know: the
// client must call it uncertain, never success, pending or failed.
type uncertainCase struct {
	name string
	// typed: the error must be the generated Error type, with the status,
	// request id and snippet of the response.
	typed bool
	// everyOp: the case is sent through every operation; otherwise through
	// the operations that move money only.
	everyOp bool
	// decodes: the answer is a documented 2xx body, which the client must
	// return decoded next to the uncertain error; otherwise it returns none.
	decodes bool
	// answer returns the server's answer for op, and the reply it carries
	// (what checkUncertain compares the Result with); false when the case
	// does not apply to op.
	answer func(op operation, env envelopeInfo) (spectest.Answer, reply, bool)
}

// envelopeInfo is what the cases need to know of the provider.
type envelopeInfo struct {
	envelope    bool
	unknownCode any
	// known is a code of op's table that would not be uncertain (a pending or
	// success code), to be hidden in broken bodies; nil when there is none.
	known any
	// successCodes are the codes of op's table whose outcome is success.
	successCodes []any
	// pendingCodes are the codes of op's table whose outcome is pending.
	pendingCodes []any
}

const proxyPage = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`

func headerWith(ctype, requestID string) http.Header {
	h := http.Header{}
	if ctype != "" {
		h.Set("Content-Type", ctype)
	}
	h.Set("X-Request-Id", requestID)
	return h
}

// documentedBody reports whether op documents a body for the status.
func documentedBody(op operation, status int) bool {
	ref := op.op.Responses.Status(status)
	return ref != nil && ref.Value != nil && len(ref.Value.Content) > 0
}

// validReply is a documented HTTP 200 reply of op, carrying a success or
// pending code of its table when the operation has a code field.
func validReply(op operation, env envelopeInfo) (reply, bool) {
	var code any
	if op.xc.Code != "" {
		code = env.known
	}
	rep, reason := buildReply(op, http.StatusOK, env.envelope, code, "")
	return rep, reason == "" && len(rep.body) >= 4
}

// cutConnection answers with the status line, the headers and the first
// half of rep's body (Content-Length says the whole), then closes the
// connection.
func cutConnection(rep reply, requestID string) (spectest.Answer, reply) {
	cut := reply{status: rep.status, body: rep.body[:len(rep.body)/2]}
	h := headerWith(rep.ctype, requestID)
	raw := func(w http.ResponseWriter) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", rep.status, http.StatusText(rep.status))
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
		_ = h.Write(buf)
		_, _ = buf.WriteString("\r\n")
		_, _ = buf.Write(cut.body)
		_ = buf.Flush()
	}
	return spectest.Answer{Status: rep.status, Header: h, Raw: raw, OffSpec: true}, cut
}

var uncertainCases = []uncertainCase{
	{
		name:    "unknown code",
		typed:   true,
		everyOp: true,
		decodes: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			if op.xc.Code == "" {
				return spectest.Answer{}, reply{}, false
			}
			rep, reason := buildReply(op, http.StatusOK, env.envelope, env.unknownCode, "")
			if reason != "" {
				return spectest.Answer{}, reply{}, false
			}
			return rep.answer("req-unknown-code"), rep, true
		},
	},
	{
		name:    "HTML 502 from a proxy, larger than MaxSnippet",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			// Padded past MaxSnippet so that the snippet's bound shows.
			page := []byte(strings.Replace(proxyPage, "</body>", "<!--"+strings.Repeat("padding ", codebookimpl.MaxSnippet/4)+"--></body>", 1))
			rep := reply{status: http.StatusBadGateway, body: page}
			return spectest.Answer{Status: rep.status, Header: headerWith("text/html", "req-proxy"), Body: page, OffSpec: true}, rep, true
		},
	},
	{
		name:    "empty body",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			if !documentedBody(op, http.StatusOK) {
				return spectest.Answer{}, reply{}, false // an empty 200 is what the spec says
			}
			rep := reply{status: http.StatusOK}
			return spectest.Answer{Status: rep.status, Header: headerWith("application/json", "req-empty"), OffSpec: true}, rep, true
		},
	},
	{
		name:    "truncated JSON body",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			rep, ok := validReply(op, env)
			if !ok {
				return spectest.Answer{}, reply{}, false
			}
			// The closing characters are cut: a known code may still be
			// readable, but the body is not JSON.
			cut := reply{status: rep.status, body: rep.body[:len(rep.body)-3]}
			return spectest.Answer{Status: cut.status, Header: headerWith("application/json", "req-truncated"), Body: cut.body, OffSpec: true}, cut, true
		},
	},
	{
		name:    "connection closed mid-response",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			rep, ok := validReply(op, env)
			if !ok {
				return spectest.Answer{}, reply{}, false
			}
			a, cut := cutConnection(rep, "req-cut")
			return a, cut, true
		},
	},
	{
		name:    "connection closed before the status line",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			raw := func(w http.ResponseWriter) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err != nil {
					panic(err)
				}
				conn.Close()
			}
			return spectest.Answer{Raw: raw, OffSpec: true}, reply{}, true
		},
	},
	{
		name:    "success code with HTTP 500",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			return codeWith500(op, env, env.successCodes, "req-success-500")
		},
	},
	{
		// codebookimpl.Settle: pending outside 2xx is uncertain.
		name:    "pending code with HTTP 500",
		typed:   true,
		everyOp: true,
		answer: func(op operation, env envelopeInfo) (spectest.Answer, reply, bool) {
			return codeWith500(op, env, env.pendingCodes, "req-pending-500")
		},
	},
}

// codeWith500 is op's answer carrying the first of codes (none: no
// answer) in env's envelope with HTTP 500, under request id requestID.
func codeWith500(op operation, env envelopeInfo, codes []any, requestID string) (spectest.Answer, reply, bool) {
	if len(codes) == 0 {
		return spectest.Answer{}, reply{}, false
	}
	rep, reason := buildReply(op, http.StatusInternalServerError, env.envelope, codes[0], "")
	if reason != "" {
		return spectest.Answer{}, reply{}, false
	}
	return rep.answer(requestID), rep, true
}

func TestUncertainClickatell(t *testing.T) {
	ran := runUncertain(t, clickatellProvider, uncertainCases)
	// Clickatell's operations have no success code, only pending ones.
	wantRuns(t, ran, map[string]int{
		"unknown code": 8, "HTML 502 from a proxy, larger than MaxSnippet": 13, "empty body": 13, "truncated JSON body": 13,
		"connection closed mid-response": 13, "connection closed before the status line": 13, "pending code with HTTP 500": 3,
	})
}

func TestUncertainClickAirtime(t *testing.T) {
	ran := runUncertain(t, clickairtimeProvider, uncertainCases)
	wantRuns(t, ran, map[string]int{
		"unknown code": 4, "HTML 502 from a proxy, larger than MaxSnippet": 7, "empty body": 7, "truncated JSON body": 7,
		"connection closed mid-response": 7, "connection closed before the status line": 7, "success code with HTTP 500": 1, "pending code with HTTP 500": 1,
	})
}

// wantRuns checks that each case ran through at least as many operations as
// when the test was written.
func wantRuns(t *testing.T, ran, floors map[string]int) {
	t.Helper()
	for name, floor := range floors {
		if ran[name] < floor {
			t.Errorf("%q ran through %d operations, fewer than %d", name, ran[name], floor)
		}
	}
}

// runUncertain sends the uncertain cases through the provider's operations:
// every operation for the cases marked everyOp, the operations that move
// money for the others, where an outcome taken for another is a payment lost
// or made twice.
func runUncertain[T table, E entry[C], C code](t *testing.T, p provider[T, E, C], cases []uncertainCase) map[string]int {
	doc := loadDoc(t, p.specFile)
	srv := spectest.NewServer(t, doc)
	calls := p.client(t, clientConfig{base: srv.URL})
	ctx := context.Background()
	ran := map[string]int{}
	for _, op := range operations(t, doc) {
		c := calls[op.id]
		tbl, ok := p.table(op.xc.Table)
		if c == nil || !ok {
			t.Fatalf("%s: no call or no table %q", op.id, op.xc.Table)
		}
		env := envelopeInfo{envelope: p.envelope, unknownCode: p.unknownCode}
		for _, e := range p.entries(tbl) {
			if !e.HasCode() {
				continue
			}
			switch e.Class().Outcome {
			case codebook.OutcomeSuccess:
				env.successCodes = append(env.successCodes, p.wire(e.Code()))
				if env.known == nil {
					env.known = p.wire(e.Code())
				}
			case codebook.OutcomePending:
				env.pendingCodes = append(env.pendingCodes, p.wire(e.Code()))
				if env.known == nil {
					env.known = p.wire(e.Code())
				}
			}
		}
		for _, uc := range cases {
			if !uc.everyOp && !op.xc.MoneyMoving {
				continue
			}
			a, rep, ok := uc.answer(op, env)
			if !ok {
				continue
			}
			ran[uc.name]++
			label := op.id + ": " + uc.name
			srv.Script(func(*spectest.Exchange) spectest.Answer { return a })
			body, res, err := c(ctx)
			checkUncertain(t, label, uc.typed, uc.decodes, tbl, rep, a, body, res, err)
		}
	}
	for _, uc := range cases {
		t.Logf("%-45s %d operations", uc.name, ran[uc.name])
	}
	return ran
}

// checkUncertain checks that a call answered with a of the reply rep came
// back uncertain: the error matches codebook.OutcomeUncertain and no other
// outcome, the Result says uncertain, and, when typed, the error is the
// generated Error with the table, status, request id, code and snippet of
// the answer. The typed body is there when decodes (a documented 2xx body)
// and absent otherwise.
func checkUncertain[T table, E entry[C], C code](t *testing.T, label string, typed, decodes bool, tbl T, rep reply, a spectest.Answer, body any, res codebook.Result[T, E, C], err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error (outcome %v, entry %s), want an uncertain one", label, res.Class.Outcome, res.Entry.String())
		return
	}
	switch {
	case decodes && isNil(body):
		t.Errorf("%s: no typed body, want the 2xx body decoded next to the error", label)
	case decodes:
		if got, err := json.Marshal(body); err != nil || !sameJSON(got, rep.body) {
			t.Errorf("%s: typed body encodes as %s, want %s", label, got, rep.body)
		}
	case !isNil(body):
		t.Errorf("%s: typed body %+v with an error", label, body)
	}
	if !errors.Is(err, codebook.OutcomeUncertain) {
		t.Errorf("%s: errors.Is(err, codebook.OutcomeUncertain) is false for %T %v", label, err, err)
	}
	for _, o := range []codebook.Outcome{codebook.OutcomeSuccess, codebook.OutcomePending, codebook.OutcomeFailed} {
		if errors.Is(err, o) {
			t.Errorf("%s: errors.Is(err, %v) is true", label, o)
		}
	}
	if res.Class.Outcome != codebook.OutcomeUncertain {
		t.Errorf("%s: Result outcome %v, want uncertain", label, res.Class.Outcome)
	}
	if !typed {
		return
	}
	var e *codebook.Error[T, E, C]
	if !errors.As(err, &e) {
		t.Errorf("%s: %T %v is not the generated Error type", label, err, err)
		return
	}
	if res.Table != tbl || e.Status != rep.status || res.Status != rep.status {
		t.Errorf("%s: table %v status %d (Result %d), want %v %d", label, res.Table, e.Status, res.Status, tbl, rep.status)
	}
	if want := a.Header.Get("X-Request-Id"); e.RequestID != want {
		t.Errorf("%s: RequestID %q, want %q", label, e.RequestID, want)
	}
	if e.HasCode != rep.hasCode || (rep.hasCode && fmt.Sprint(e.Code) != fmt.Sprint(rep.code)) {
		t.Errorf("%s: code %v (HasCode %v), want %v (%v)", label, e.Code, e.HasCode, rep.code, rep.hasCode)
	}
	if len(e.Snippet) > codebookimpl.MaxSnippet {
		t.Errorf("%s: snippet of %d bytes, more than MaxSnippet", label, len(e.Snippet))
	}
	if want := rep.body[:min(len(rep.body), codebookimpl.MaxSnippet)]; !bytes.Equal(e.Snippet, want) {
		t.Errorf("%s: snippet of %d bytes, want the first %d bytes of the body", label, len(e.Snippet), len(want))
	}
	if !strings.Contains(err.Error(), "HTTP "+strconv.Itoa(rep.status)) {
		t.Errorf("%s: err.Error() = %q names no status", label, err.Error())
	}
}
