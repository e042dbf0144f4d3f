package fidelity

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// mustDecode decodes JSON for a test.
func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := Decode([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDiff checks that Diff tells values apart by what they mean, not how
// they are spelled, and names the path of the first difference.
func TestDiff(t *testing.T) {
	same := [][2]string{
		{`{"a":1,"b":[true,null]}`, `{"b":[true,null],"a":1.0}`},
		{`1e2`, `100`},
		{`"2020-01-20T09:42:41.000-08:00"`, `"2020-01-20T09:42:41-08:00"`},
		{`12345678901234567890`, `12345678901234567890`},
	}
	for _, c := range same {
		if d := Diff(mustDecode(t, c[0]), mustDecode(t, c[1])); d != "" {
			t.Errorf("Diff(%s, %s) = %q, want equal", c[0], c[1], d)
		}
	}
	differ := [][3]string{
		{`{"a":null}`, `{}`, "$.a: null was left out"},
		{`{"a":[]}`, `{}`, "$.a: [] was left out"},
		{`{}`, `{"a":false}`, "$.a: false was added"},
		{`[1,2]`, `[1]`, "$: 2 elements became 1"},
		{`12345678901234567890`, `12345678901234567000`, "became"},
		{`"2020-01-20T09:42:41-08:00"`, `"2020-01-20T17:42:41Z"`, "became"},
		{`{"a":{"b":"x"}}`, `{"a":{"b":1}}`, `$.a.b: "x" became 1`},
		{`{"a":[],"b":null,"c":1}`, `{"c":2}`, `$.a: [] was left out; $.b: null was left out; $.c: 1 became 2`},
	}
	for _, c := range differ {
		d := Diff(mustDecode(t, c[0]), mustDecode(t, c[1]))
		if !strings.Contains(d, c[2]) {
			t.Errorf("Diff(%s, %s) = %q, want it to say %q", c[0], c[1], d, c[2])
		}
	}
}

// TestExpectedDropsOnlyWhatTheSchemaDoesNotAllow checks that unknown
// properties are expected back when additionalProperties allows them, and
// left out of the expectation only when the schema declares properties
// and does not allow others.
func TestExpectedDropsOnlyWhatTheSchemaDoesNotAllow(t *testing.T) {
	yes := true
	str := &openapi3.SchemaRef{Value: openapi3.NewStringSchema()}
	closed := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"a": str}}
	open := &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{"a": str},
		AdditionalProperties: openapi3.AdditionalProperties{Has: &yes}}
	composed := &openapi3.Schema{AllOf: openapi3.SchemaRefs{{Value: closed}, {Value: &openapi3.Schema{Properties: openapi3.Schemas{"b": str}}}}}
	list := &openapi3.Schema{Type: &openapi3.Types{"array"}, Items: &openapi3.SchemaRef{Value: closed}}
	union := &openapi3.Schema{OneOf: openapi3.SchemaRefs{{Value: closed}}}
	cases := []struct {
		name   string
		schema *openapi3.Schema
		in     string
		want   string
		drops  []string
	}{
		{"closed", closed, `{"a":"x","z":1}`, `{"a":"x"}`, []string{"$.z"}},
		{"open", open, `{"a":"x","z":1}`, `{"a":"x","z":1}`, nil},
		{"allOf", composed, `{"a":"x","b":"y","z":1}`, `{"a":"x","b":"y"}`, []string{"$.z"}},
		{"items", list, `[{"a":"x","z":1}]`, `[{"a":"x"}]`, []string{"$[0].z"}},
		{"union keeps its JSON", union, `{"a":"x","z":1}`, `{"a":"x","z":1}`, nil},
		{"no schema", nil, `{"z":1}`, `{"z":1}`, nil},
	}
	for _, c := range cases {
		got, drops := Expected(c.schema, mustDecode(t, c.in))
		if d := Diff(mustDecode(t, c.want), got); d != "" {
			t.Errorf("%s: Expected = %v, want %s: %s", c.name, got, c.want, d)
		}
		if strings.Join(drops, ",") != strings.Join(c.drops, ",") {
			t.Errorf("%s: dropped %v, want %v", c.name, drops, c.drops)
		}
	}
}
