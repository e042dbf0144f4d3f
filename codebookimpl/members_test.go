package codebookimpl

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// sample is a model as the generator writes one, with a field of each kind
// DecodeMember reads itself and some it leaves to json.Unmarshal.
type sample struct {
	Message    *string                    `json:"message,omitempty"`
	Name       string                     `json:"name"`
	StatusCode *int64                     `json:"statusCode,omitempty"`
	Small      *int32                     `json:"small,omitempty"`
	N          int64                      `json:"n"`
	M          int32                      `json:"m"`
	Code       json.RawMessage            `json:"code,omitempty"`
	Data       map[string]json.RawMessage `json:"data,omitzero"`
	Any        any                        `json:"any"`
	Float      *float64                   `json:"float,omitempty"`
	Union      *rawUnion                  `json:"union,omitempty"`
}

// rawUnion decodes itself as a generated union does (keeping a copy of the
// JSON), but refuses an array, for the failure to be compared too.
type rawUnion struct{ raw json.RawMessage }

// UnmarshalJSON keeps a copy of data, unless it is an array.
func (u *rawUnion) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '[' {
		return errors.New("an array")
	}
	u.raw = append(json.RawMessage(nil), data...)
	return nil
}

// decodeSample decodes body as a generated once-decoder does.
func decodeSample(body []byte) (*sample, bool) {
	out := new(sample)
	ok := JSONMembers(body, func(name, v []byte) bool {
		switch string(name) {
		case "message":
			return DecodeMember(v, &out.Message)
		case "name":
			return DecodeMember(v, &out.Name)
		case "statusCode":
			return DecodeMember(v, &out.StatusCode)
		case "small":
			return DecodeMember(v, &out.Small)
		case "n":
			return DecodeMember(v, &out.N)
		case "m":
			return DecodeMember(v, &out.M)
		case "code":
			return DecodeMember(v, &out.Code)
		case "data":
			return DecodeMember(v, &out.Data)
		case "any":
			return DecodeMember(v, &out.Any)
		case "float":
			return DecodeMember(v, &out.Float)
		case "union":
			return DecodeUnmarshaler(v, &out.Union)
		}
		return false
	})
	return out, ok
}

// strictDecode decodes body as encoding/json does, failing on a property
// sample has no field for and on anything after the value.
func strictDecode(body []byte) (*sample, bool) {
	out := new(sample)
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if dec.Decode(out) != nil || !json.Valid(body) {
		return nil, false
	}
	return out, true
}

// memberBodies are objects for sample: plain members, every kind of value
// in every field, escapes, case variants, repeated names, numbers at and
// past the integers' limits, invalid UTF-8, whitespace, broken JSON.
var memberBodies = []string{
	`{}`, ` { } `, `{"message":"ok","statusCode":200,"code":1,"data":{"transactionId":"T1","amount":10.5}}`,
	`{"message":null}`, `{"message":5}`, `{"message":"caf\u00e9"}`, "{\"message\":\"\xff\"}", `{"message":"a\"b"}`,
	`{"name":"x"}`, `{"name":null}`, `{"name":true}`, `{"name":""}`, `{"Name":"x"}`, `{"NAME":"x"}`, `{"n\u0061me":"x"}`,
	`{"statusCode":200}`, `{"statusCode":-0}`, `{"statusCode":200.0}`, `{"statusCode":2e2}`, `{"statusCode":"200"}`,
	`{"statusCode":null}`, `{"statusCode":999999999999999999}`, `{"statusCode":9223372036854775807}`,
	`{"statusCode":9223372036854775808}`, `{"statusCode":-9223372036854775808}`, `{"statusCode":-999999999999999999}`,
	`{"small":2147483647}`, `{"small":2147483648}`, `{"small":-2147483648}`, `{"small":-2147483649}`, `{"small":null}`,
	`{"n":1}`, `{"n":null}`, `{"n":-12}`, `{"m":7}`, `{"m":99999999999}`, `{"m":1.5}`,
	`{"code":1}`, `{"code":"1"}`, `{"code":null}`, `{"code":{"a":[1,2]}}`, `{"code":1,"code":2}`, `{"CODE":1}`,
	`{"data":{}}`, `{"data":null}`, `{"data":[]}`, `{"data":{"a":null}}`, `{"data":{"a":1,"a":2}}`,
	`{"data":{"k\u00e9":1}}`, "{\"data\":{\"\xff\":1}}", `{"data":{ "a" : [ 1 , 2 ] , "b" : { } }}`, `{"data":{"":""}}`,
	`{"any":[1,"x",{"y":null}]}`, `{"any":null}`, `{"float":1e400}`, `{"float":-0.5}`,
	`{"unknown":1}`, `{"message":"a","unknown":1}`, `{"\u017ftatusCode":1}`, `{"message":"x"} `, `{"message":"x"}x`,
	`{"message":"x"`, `{"message" "x"}`, `{"message":}`, `{"message":"x",}`, `null`, `[]`, `"x"`, ``, `{"":1}`,
	"{\"n\":1}\f", "\t{\"n\":1}\r\n", `{"n":01}`, `{"data":{"a":tru}}`,
	`{"union":1}`, `{"union":"x"}`, `{"union":null}`, `{"union":{"a":[1]}}`, `{"union":[1]}`, `{"union": true ,"n":1}`, `{"Union":1}`,
}

// TestDecodeMembersAgreesWithEncodingJSON checks the once-decoder against
// encoding/json on every body above and on pseudo-random mutations of them:
// whenever it decodes a body, encoding/json decodes the same body into the
// same value (it may leave a body encoding/json takes to the general path),
// and it decodes the plain bodies a provider sends.
func TestDecodeMembersAgreesWithEncodingJSON(t *testing.T) {
	check := func(s string) bool {
		t.Helper()
		got, ok := decodeSample([]byte(s))
		want, wantOK := strictDecode([]byte(s))
		if ok && (!wantOK || !reflect.DeepEqual(got, want)) {
			t.Errorf("%q: once-decoder gives %+v, encoding/json %+v (ok %v)", s, got, want, wantOK)
		}
		return ok
	}
	for _, s := range memberBodies {
		check(s)
	}
	for _, s := range []string{memberBodies[2], `{"name":"x","n":-12,"m":7,"small":1,"float":1.5,"any":{},"union":7}`, ` { "data" : { "a" : 1 } } `} {
		if !check(s) {
			t.Errorf("%q: once-decoder refuses a plain body", s)
		}
	}
	rng := rand.New(rand.NewPCG(14, 2))
	for range 200000 {
		check(mutate(rng, memberBodies[rng.IntN(len(memberBodies))]))
	}
}

// TestJSONMembersRefuses checks what takes the general path: a repeated or
// escaped name, a name the member function does not take, more members
// than maxMembers, anything but one object.
func TestJSONMembersRefuses(t *testing.T) {
	accept := func(name, v []byte) bool { return true }
	many := "{" + strings.Repeat(`"a":1,`, maxMembers) + `"b":1}`
	for _, s := range []string{`{"a":1,"a":1}`, `{"\u0061":1}`, many, `null`, `[{}]`, `{}{}`, `{"a":1}}`} {
		if JSONMembers([]byte(s), accept) {
			t.Errorf("JSONMembers(%q) accepted", s)
		}
	}
	if JSONMembers([]byte(`{"a":1}`), func(name, v []byte) bool { return false }) {
		t.Error("JSONMembers accepted a member the function refused")
	}
}

// TestJSONMembersScansOnce asserts that a body is scanned once: each
// member is handed over once, in order, as the bytes of the body itself
// (not a copy), and the scan allocates nothing.
func TestJSONMembersScansOnce(t *testing.T) {
	body := []byte(`{"message":"Success","statusCode":200,"code":1,"data":{"transactionId":"TX-1","amount":10.5}}`)
	var names []string
	ok := JSONMembers(body, func(name, v []byte) bool {
		names = append(names, string(name))
		if &v[len(v)-1] != &body[bytes.Index(body, v)+len(v)-1] || cap(v) != cap(body)-bytes.Index(body, v) {
			t.Errorf("member %s: value %s is not the body's own bytes", name, v)
		}
		return true
	})
	if !ok || strings.Join(names, " ") != "message statusCode code data" {
		t.Errorf("JSONMembers = %v, members %q, want each once, in order", ok, names)
	}
	calls := 0
	if allocs := testing.AllocsPerRun(100, func() {
		JSONMembers(body, func(name, v []byte) bool { calls++; return true })
	}); allocs != 0 {
		t.Errorf("JSONMembers allocates %v times a scan, want 0", allocs)
	}
	if calls != 101*4 {
		t.Errorf("member called %d times over 101 scans of 4 members", calls)
	}
}

// TestRawMembersAreApart checks that the raw values of a map, cut from one
// copy of the object, are apart: appending to one or writing into it leaves
// the others and the body alone.
func TestRawMembersAreApart(t *testing.T) {
	body := []byte(`{"a":1,"b":"x","c":[2]}`)
	m, ok := rawMembers(body)
	if !ok || len(m) != 3 {
		t.Fatalf("rawMembers = %s, %v", m, ok)
	}
	m["a"] = append(m["a"], '0', '0')
	m["b"][1] = 'y'
	if string(m["a"]) != "100" || string(m["b"]) != `"y"` || string(m["c"]) != "[2]" || string(body) != `{"a":1,"b":"x","c":[2]}` {
		t.Errorf("after writing two values: %s, body %s", m, body)
	}
}
