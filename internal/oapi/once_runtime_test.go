package oapi_test

// Runtime tests of issue 14: a 2xx body of a codebook operation is decoded
// once, into its model's known fields, and classified from them exactly as
// the general path (ClassifyHTTP, the stated-status check and the model's
// full decode, which WithExtraFields keeps) classifies it from the body.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// fixedAnswer is a RoundTripper answering every request with one status,
// body and header, without a network.
type fixedAnswer struct {
	status int
	body   string
}

// RoundTrip answers req with the fixed response.
func (a *fixedAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	h := http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req-1"}, "Retry-After": {"7"}}
	return &http.Response{StatusCode: a.status, Header: h, Body: io.NopCloser(strings.NewReader(a.body)),
		ContentLength: int64(len(a.body)), Request: req}, nil
}

// onceBodies are 2xx bodies for the decode-once path and the general path
// alike: ordinary answers, codes and stated statuses in every form, case
// variants of the classified names (which encoding/json would decode into
// the field and ClassifyHTTP would not read), bodies that do not decode.
var onceBodies = []string{
	`{"message":"Top-up successful","statusCode":200,"code":1,"data":{"transactionId":"T1"}}`,
	`{"message":"ok","statusCode":200,"code":"1"}`, `{"code":"01"}`, `{"code":1e0}`, `{"code":-1}`, `{"code":null}`,
	`{"code":5}`, `{"code":5,"message":"Request declined due to low balance"}`, `{"code":90,"statusCode":200}`,
	`{"message":"Transaction not found"}`, `{"code":1,"code":5}`, `{"code":5,"code":null}`, `{"\u0063ode":5}`,
	`{"code":1,"statusCode":201}`, `{"code":1,"statusCode":"200"}`, `{"code":1,"statusCode":200.0}`,
	`{"code":1,"statusCode":-0}`, `{"code":1,"statusCode":null}`, `{"code":1,"statusCode":2e2}`,
	`{"Code":5,"code":1}`, `{"code":1,"CODE":5}`, `{"code":1,"cOdE":null}`, `{"code":1,"Message":"x"}`,
	`{"code":1,"STATUSCODE":201}`, `{"code":1,"\u017ftatusCode":201}`, `{"code":1,"data":{"k":1}}}`, "{\"code\":1}\f", "{\"code\":1}\n\t ", `{"code":1,"message":5}`,
	`{"code":1,"message":null}`, `{"code":1,"message":"caf\u00e9 \ud83d\ude00"}`, `{"code":1,"extra":{"a":[1,2]},"more":"x"}`,
	` { "code" : 1 , "message" : "spaced" } `, `null`, `[]`, `""`, ``, `   `, `{"code":1} x`, `{"code":1`,
	`{"data":[1,2]}`, `{"data":{"k":1},"code":1,"message":"with data"}`,
	`{"code":1,"data":{}}`, `{"code":1,"data":null}`, `{"code":1,"data":{"a":null,"a":"b"}}`, `{"code":1,"data":{"k\u00e9":1}}`,
	"{\"code\":1,\"data\":{\"\xff\":1}}", "{\"code\":1,\"message\":\"\xff\"}", `{"code":1,"statusCode":200,"statusCode":201}`,
	`{"code":1,"message":"a","message":"b"}`, `{"code":1,"data":{"a":1},"data":{"b":2}}`, `{"co\u0064e":1}`, `{"code":1,"":1}`,
	`{"code":1,"statusCode":9223372036854775807}`, `{"code":1,"statusCode":9223372036854775808}`, `{"code":1,"statusCode":-200}`,
	`{"code":1,"statusCode":000200}`, `{"code":1,"statusCode":200000000000000000200}`, `{}`, ` {"code" :1 } `,
}

// TestOnceClassifiesAsTheGeneralPath compares, body by body and for 2xx and
// other statuses, TopUp decoding once (the default) with TopUp taking the
// general path (WithExtraFields): the Result, the error and the model are
// the same.
func TestOnceClassifiesAsTheGeneralPath(t *testing.T) {
	for _, status := range []int{200, 201, 403} {
		for _, body := range onceBodies {
			once, general := topUpWith(t, status, body), topUpWith(t, status, body, clickairtime.WithExtraFields())
			if !reflect.DeepEqual(once.rr, general.rr) || once.err != general.err {
				t.Errorf("HTTP %d %s:\nonce    %+v %s\ngeneral %+v %s", status, body, once.rr, once.err, general.rr, general.err)
			}
			if !reflect.DeepEqual(once.out, general.out) {
				t.Errorf("HTTP %d %s: model once %+v, general %+v", status, body, once.out, general.out)
			}
		}
	}
}

// topUpAnswer is what TopUp returned.
type topUpAnswer struct {
	out *clickairtime.TopUpResponse
	rr  clickairtime.Result
	err string
}

// topUpWith calls TopUp on a client answered with status and body.
func topUpWith(t *testing.T, status int, body string, opts ...clickairtime.Option) topUpAnswer {
	t.Helper()
	hc := &http.Client{Transport: &fixedAnswer{status: status, body: body}}
	c, err := clickairtime.NewClient(append([]clickairtime.Option{clickairtime.WithBaseURL("http://air.test"), clickairtime.WithHTTPClient(hc)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	out, rr, err := c.TopUp(context.Background(), clickairtime.TopUpRequest{MSISDN: "27831234567"})
	return topUpAnswer{out: out, rr: rr, err: fmt.Sprint(err)}
}

// TestOnceTransactClassifiesAsTheGeneralPath is the same comparison for
// Clickatell's Transact, whose code is a string field.
func TestOnceTransactClassifiesAsTheGeneralPath(t *testing.T) {
	bodies := []string{
		`{"responseCode":"0000","responseMessage":"Success","raasTxnRef":"R1"}`, `{"responseCode":"2010"}`,
		`{"responseCode":"0"}`, `{"responseCode":" 0000"}`, `{"responseCode":""}`, `{"responseCode":null}`,
		`{"responseCode":4000}`, `{"responseCode":"\u0030000"}`, `{"RESPONSECODE":"0000","responseCode":"2010"}`,
		`{"responseCode":"0000","responseMessage":7}`, `{"responseMessage":"Success"}`, `{"responseCode":"0000","x":1}`,
		`null`, ``, `{"responseCode":"0000"`, `{"responseCode":"0000","responseCode":"2010"}`, `{"responseCode":"00\u00300"}`,
		"{\"responseCode\":\"0000\",\"raasTxnRef\":\"\xff\"}", `{"responseCode":"0000","raasTxnRef":null}`, `{}`,
		`{"responseCode":"0000","responseMessage":"a","responseMessage":"b"}`, `{"responseCode":"0000","responseMessage":"caf\u00e9"}`,
	}
	for _, status := range []int{200, 202, 400} {
		for _, body := range bodies {
			once, general := transactWith(t, status, body), transactWith(t, status, body, clickatell.WithExtraFields())
			if !reflect.DeepEqual(once.rr, general.rr) || once.err != general.err {
				t.Errorf("HTTP %d %s:\nonce    %+v %s\ngeneral %+v %s", status, body, once.rr, once.err, general.rr, general.err)
			}
			if !reflect.DeepEqual(once.out, general.out) {
				t.Errorf("HTTP %d %s: model once %+v, general %+v", status, body, once.out, general.out)
			}
		}
	}
}

// transactAnswer is what Transact returned.
type transactAnswer struct {
	out *clickatell.TransactionResponse
	rr  clickatell.Result
	err string
}

// transactWith calls Transact on a client answered with status and body.
func transactWith(t *testing.T, status int, body string, opts ...clickatell.Option) transactAnswer {
	t.Helper()
	hc := &http.Client{Transport: &fixedAnswer{status: status, body: body}}
	c, err := clickatell.NewClient(append([]clickatell.Option{clickatell.WithBaseURL("http://cat.test"), clickatell.WithHTTPClient(hc),
		clickatell.WithAPIKey(codebook.NewSecret("k"))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	out, rr, err := c.Transact(context.Background(), clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV1},
		clickatell.TransactRequest{ClientTxnRef: "ref-1"})
	return transactAnswer{out: out, rr: rr, err: fmt.Sprint(err)}
}

// TestExtraFieldsAreKept: a 2xx body holding properties its schema does
// not name keeps them, with or without WithExtraFields (the decode-once
// path yields to the general one); without any, the model has none.
func TestExtraFieldsAreKept(t *testing.T) {
	body := `{"code":1,"statusCode":200,"message":"ok","extra":{"a":1}}`
	for _, opts := range [][]clickairtime.Option{nil, {clickairtime.WithExtraFields()}} {
		got := topUpWith(t, 200, body, opts...).out.AdditionalProperties
		if string(got["extra"]) != `{"a":1}` || len(got) != 1 {
			t.Errorf("%d options: extra properties %s, want extra", len(opts), got)
		}
	}
	if got := topUpWith(t, 200, `{"code":1,"statusCode":200}`).out.AdditionalProperties; got != nil {
		t.Errorf("extra properties %s, want none", got)
	}
}

// TestOnceDecodesTheBodyOnce asserts that the decode-once path reads a 2xx
// body once: the allocations a full answer costs beyond a bare {"code":1}
// are those of the values the model keeps (the message and its pointer, the
// stated status's pointer, the data map with its one group, and one copy of
// the data object for its members' names and one for their raw values), no
// more. A second decode of the body (the
// general path classifies from it and decodes the model besides) costs many
// more, which the test checks too, so that it cannot pass on the wrong path.
func TestOnceDecodesTheBodyOnce(t *testing.T) {
	const full = `{"message":"Success","statusCode":200,"code":1,"data":{"transactionId":"TX-1","state":"SUCCESS"}}`
	const values = 2 + 1 + 2 + 2
	allocs := func(body string, opts ...clickairtime.Option) float64 {
		hc := &http.Client{Transport: &fixedAnswer{status: 200, body: body}}
		c, err := clickairtime.NewClient(append([]clickairtime.Option{clickairtime.WithBaseURL("http://air.test"), clickairtime.WithHTTPClient(hc)}, opts...)...)
		if err != nil {
			t.Fatal(err)
		}
		req := clickairtime.TopUpRequest{MSISDN: "27831234567"}
		return testing.AllocsPerRun(200, func() {
			if _, rr, err := c.TopUp(context.Background(), req); err != nil || rr.Class.Outcome != codebook.OutcomeSuccess {
				t.Fatal(rr, err)
			}
		})
	}
	once := allocs(full) - allocs(`{"code":1}`)
	general := allocs(full, clickairtime.WithExtraFields()) - allocs(`{"code":1}`, clickairtime.WithExtraFields())
	if once > values {
		t.Errorf("decode-once path: a full answer costs %v allocations more than a bare one, want at most %d (its values)", once, values)
	}
	if general <= 2*values {
		t.Errorf("general path: a full answer costs %v allocations more than a bare one, want more than %d: the test cannot tell the paths apart", general, 2*values)
	}
	t.Logf("allocations of a full answer beyond a bare one: decode-once %v, general %v", once, general)
}
