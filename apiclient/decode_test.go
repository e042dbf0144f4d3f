package apiclient_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiclient"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

// TestAPIError: a non-2xx response gives an *APIError keeping 4 KiB of the
// body, or what the operation's builder makes of it.
func TestAPIError(t *testing.T) {
	call := apiclient.NewCall("GetPet", "GET", "/pets")
	r := &apiclient.Response{Status: 404, Body: []byte(strings.Repeat("x", 5000))}
	var api *apiclient.APIError
	if err := apiclient.Decode(call, r, nil, nil); !errors.As(err, &api) || len(api.Body) != 4096 || api.Error() != "GetPet: unexpected HTTP status 404" {
		t.Errorf("Decode of a 404: %v", err)
	}
	type notFound struct{ Msg string }
	r.Body = []byte(`{"Msg":"gone"}`)
	built := func(e *apiclient.APIError, body []byte) error {
		if m := apiclient.ErrorBody[notFound](body, &e.Model); m == nil || m.Msg != "gone" {
			t.Errorf("ErrorBody: %+v", m)
		}
		return e
	}
	if err := apiclient.Decode(call, r, nil, built); !errors.As(err, &api) || api.Model == nil {
		t.Errorf("the builder's model: %v", err)
	}
	r.Status, r.Body = 200, nil
	var out struct{}
	if err := apiclient.DecodeBody(call, r, &out, false); err == nil {
		t.Errorf("an empty 2xx body where one is documented decoded")
	}
	if err := apiclient.DecodeBody(call, r, &out, true); err != nil {
		t.Errorf("an empty 2xx body the spec allows: %v", err)
	}
}

// TestNoResponse: without a response the call is not sent (a hint); with
// part of one it is uncertain, never failed.
func TestNoResponse(t *testing.T) {
	cause := errors.New("connection reset")
	rr, err := apiclient.NoResponse(clickairtime.Result{Table: clickairtime.TableTopup}, nil, cause)
	if !errors.Is(err, codebook.ErrNotSent) || rr.Table != clickairtime.TableTopup {
		t.Errorf("nil response: %v", err)
	}
	rr, err = apiclient.NoResponse(clickairtime.Result{Table: clickairtime.TableTopup}, &apiclient.Response{Status: 200, Body: []byte(`{"co`)}, cause)
	if errors.Is(err, codebook.ErrNotSent) || rr.Class.Outcome != codebook.OutcomeUncertain || rr.Status != 200 || string(rr.Snippet) != `{"co` {
		t.Errorf("part of a response: %+v %v", rr, err)
	}
}

// TestJSONHelpers: additional properties and a union side round-trip
// through one JSON object.
func TestJSONHelpers(t *testing.T) {
	var extra map[string]int
	if err := apiclient.ExtraFields([]byte(`{"a":1,"b":2}`), &extra, "a"); err != nil || len(extra) != 1 || extra["b"] != 2 {
		t.Errorf("ExtraFields: %v %v", extra, err)
	}
	out, err := apiclient.MergeExtra(map[string]int{"a": 1}, map[string]int{"a": 9, "b": 2})
	if err != nil || string(out) != `{"a":1,"b":2}` {
		t.Errorf("MergeExtra: %s %v", out, err)
	}
	out, err = apiclient.MergeObject([]byte(`{"a":1}`), json.RawMessage(`{"a":2,"c":3}`))
	if err != nil || string(out) != `{"a":1,"c":3}` {
		t.Errorf("MergeObject: %s %v", out, err)
	}
	if tag, err := apiclient.Discriminator(json.RawMessage(`{"kind":"cat"}`), "kind"); err != nil || tag != "cat" {
		t.Errorf("Discriminator: %q %v", tag, err)
	}
}

// TestCheckVariant: the JSON kind, the discriminator, required properties
// and constants each tell a variant from the others; null passes.
func TestCheckVariant(t *testing.T) {
	v := apiclient.Variant{Union: "Pet", Name: "Cat", JSON: "object", TagProp: "kind", Tags: []string{"cat"}, Others: []string{"dog"},
		Required: []string{"lives"}, Consts: []apiclient.Const{{Prop: "v", Value: "1"}}}
	for in, want := range map[string]string{
		`null`:                             "",
		`{"kind":"cat","lives":9}`:         "",
		`{"kind":"cat","lives":9,"v":1.0}`: "",
		`[]`:                               "want a JSON object, found a JSON array",
		`{"lives":9}`:                      `the JSON has no "kind"`,
		`{"kind":"dog","lives":9}`:         `"kind" is "dog", which names another variant`,
		`{"kind":"cat"}`:                   `the JSON has no "lives"`,
		`{"kind":"cat","lives":9,"v":2}`:   `"v" is 2, want 1`,
	} {
		err := apiclient.CheckVariant(json.RawMessage(in), v)
		if (want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), "Pet: not Cat: "+want)) {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
}
