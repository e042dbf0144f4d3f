package fidelity

import (
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Source says where a value of a request came from.
type Source string

// The sources of request values.
const (
	FromExample Source = "example"     // the spec's example, examples entry or default
	FromSchema  Source = "synthesized" // built from the schema, where the spec gives no example
	// FromSchemaNotExample is a value built from the schema because the
	// spec's example does not fit it.
	FromSchemaNotExample Source = "synthesized: the spec's example does not fit its schema"
)

// Value returns a value for schema: its example, first examples entry,
// default or first enum value when it has one, else one built from its
// type (object properties that are required or have an example, one item
// of an array, a string fitting its format). The Source says which.
func Value(s *openapi3.Schema) (any, Source) {
	if v, ok := given(s); ok {
		return v, FromExample
	}
	if len(candidates(s)) > 0 {
		return synth(s, 0), FromSchemaNotExample
	}
	return synth(s, 0), FromSchema
}

// given returns the first value the spec gives for s (example, examples,
// default, first enum value) that s accepts, if any.
func given(s *openapi3.Schema) (any, bool) {
	for _, v := range candidates(s) {
		if fits(s, v) {
			return v, true
		}
	}
	return nil, false
}

// candidates lists the values the spec gives for s, in order of
// preference.
func candidates(s *openapi3.Schema) []any {
	if s == nil {
		return nil
	}
	var out []any
	if s.Example != nil {
		out = append(out, s.Example)
	}
	out = append(out, s.Examples...)
	if s.Default != nil {
		out = append(out, s.Default)
	}
	if len(s.Enum) > 0 {
		out = append(out, s.Enum[0])
	}
	return out
}

// fits reports whether kin-openapi's validation of v against s passes.
func fits(s *openapi3.Schema, v any) bool {
	return s == nil || s.VisitJSON(v) == nil
}

// synth builds a value of s, depth levels down.
func synth(s *openapi3.Schema, depth int) any {
	if s == nil || depth > 12 {
		return "fidelity"
	}
	if v, ok := given(s); ok {
		return v
	}
	if len(s.AllOf) > 0 {
		return synthAllOf(s, depth)
	}
	for _, alts := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf} {
		if len(alts) > 0 && alts[0] != nil {
			return synth(alts[0].Value, depth+1)
		}
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		return synthObject(s, depth)
	case s.Type.Is("array"):
		return synthArray(s, depth)
	case s.Type.Is("integer"), s.Type.Is("number"):
		return synthNumber(s)
	case s.Type.Is("boolean"):
		return true
	}
	return synthString(s)
}

// synthAllOf merges the objects built for each allOf member (and s's own
// properties); a member that is not an object wins as is.
func synthAllOf(s *openapi3.Schema, depth int) any {
	out := map[string]any{}
	if m, ok := synthObject(s, depth).(map[string]any); ok {
		out = m
	}
	for _, m := range s.AllOf {
		if m == nil {
			continue
		}
		v := synth(m.Value, depth+1)
		obj, ok := v.(map[string]any)
		if !ok {
			return v
		}
		for k, e := range obj {
			out[k] = e
		}
	}
	return out
}

// synthObject builds the required properties of s and those with an
// example, skipping readOnly ones (a request must not send them).
func synthObject(s *openapi3.Schema, depth int) any {
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := map[string]any{}
	for _, k := range keys {
		p := s.Properties[k]
		if p == nil || p.Value == nil || p.Value.ReadOnly {
			continue
		}
		if _, has := given(p.Value); required[k] || has {
			out[k] = synth(p.Value, depth+1)
		}
	}
	return out
}

// synthArray builds an array of max(1, minItems) items.
func synthArray(s *openapi3.Schema, depth int) any {
	var items *openapi3.Schema
	if s.Items != nil {
		items = s.Items.Value
	}
	n := int(s.MinItems)
	if n < 1 {
		n = 1
	}
	out := make([]any, n)
	for i := range out {
		out[i] = synth(items, depth+1)
	}
	return out
}

// synthNumber picks a number within s's bounds.
func synthNumber(s *openapi3.Schema) any {
	v := 1.0
	if s.Min != nil && v < *s.Min {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
	}
	return v
}

// synthString builds a string fitting s's format and length.
func synthString(s *openapi3.Schema) any {
	v, ok := map[string]string{
		"date-time": "2026-11-28T12:00:00Z",
		"date":      "2026-11-28",
		"time":      "12:00:00",
		"uuid":      "123e4567-e89b-12d3-a456-426614174000",
		"email":     "user@example.com",
		"uri":       "https://example.com/fidelity",
		"url":       "https://example.com/fidelity",
		"hostname":  "example.com",
		"ipv4":      "192.0.2.1",
		"ipv6":      "2001:db8::1",
		"byte":      "ZmlkZWxpdHk=",
	}[s.Format]
	if !ok {
		v = "fidelity"
	}
	if n := int(s.MinLength); len(v) < n {
		v += strings.Repeat("x", n-len(v))
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}
