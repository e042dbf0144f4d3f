package build

import (
	"encoding/json"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// maxShapeDepth bounds the allOf chains shapeOf follows (specs may loop).
const maxShapeDepth = 8

// shape is what a member schema says of its JSON: its kind, its properties
// and which of them it requires, allOf parts merged in; open when it lets
// objects hold other properties by an additionalProperties schema.
type shape struct {
	kind     string
	props    map[string]*openapi3.Schema
	required map[string]bool
	open     bool
}

// checkVariants gives each variant of the union t the check its schema
// allows: its JSON kind, the required properties no other variant
// declares, and its single-valued properties that some other variant
// holds otherwise or lacks.
func checkVariants(t *model.Type, members openapi3.SchemaRefs) {
	shapes := make([]shape, len(members))
	for i, m := range members {
		shapes[i] = shapeOf(m.Value, 0)
	}
	for i, v := range t.Variants {
		c := &model.VariantCheck{
			JSON:     shapes[i].kind,
			Required: markers(shapes, i),
			Props:    closedProps(shapes[i]),
			Consts:   consts(shapes, i),
		}
		if !c.Empty() {
			v.Check = c
		}
	}
}

// shapeOf reads the kind, properties and required list of s and of its
// allOf parts.
func shapeOf(s *openapi3.Schema, depth int) shape {
	sh := shape{props: map[string]*openapi3.Schema{}, required: map[string]bool{}}
	if s == nil || depth > maxShapeDepth {
		return sh
	}
	sh.kind = kindOf(s, depth)
	sh.open = s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has)
	for name, p := range s.Properties {
		if p != nil && p.Value != nil {
			sh.props[name] = p.Value
		}
	}
	for _, r := range s.Required {
		sh.required[r] = true
	}
	for _, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		sub := shapeOf(part.Value, depth+1)
		if sh.kind == "" {
			sh.kind = sub.kind
		}
		for name, p := range sub.props {
			if _, ok := sh.props[name]; !ok {
				sh.props[name] = p
			}
		}
		for r := range sub.required {
			sh.required[r] = true
		}
		sh.open = sh.open || sub.open
	}
	return sh
}

// kindOf returns the JSON kind s allows, "" when it allows several or
// does not say. Integer is a number.
func kindOf(s *openapi3.Schema, depth int) string {
	if depth > maxShapeDepth {
		return ""
	}
	if s.Type != nil {
		var kinds []string
		for _, t := range s.Type.Slice() {
			if t != "null" {
				kinds = append(kinds, t)
			}
		}
		if len(kinds) == 1 {
			return jsonKind(kinds[0])
		}
		if len(kinds) > 1 {
			return ""
		}
	}
	if k, ok := commonKind(depth+1, s.OneOf, s.AnyOf); ok {
		return k
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
		return model.JSONObject
	case s.Items != nil:
		return model.JSONArray
	}
	return ""
}

// jsonKind maps a schema type to the JSON kind a check tests.
func jsonKind(t string) string {
	switch t {
	case "object", "array", "string", "boolean", "number":
		return t
	case "integer":
		return model.JSONNumber
	}
	return ""
}

// markers returns the properties shapes[i] declares and requires that
// some other object shape, closed to other properties, does not declare,
// sorted: their absence tells that the JSON is not shapes[i].
func markers(shapes []shape, i int) []string {
	if shapes[i].kind != model.JSONObject {
		return nil
	}
	var out []string
	for p := range shapes[i].required {
		if _, ok := shapes[i].props[p]; ok && missingElsewhere(shapes, i, p) {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// missingElsewhere reports whether some object shape other than shapes[i]
// that says what its objects hold neither declares nor requires p.
func missingElsewhere(shapes []shape, i int, p string) bool {
	for j, s := range shapes {
		if j == i || closedProps(s) == nil {
			continue
		}
		if _, ok := s.props[p]; !ok && !s.required[p] {
			return true
		}
	}
	return false
}

// closedProps lists the properties of an object shape, sorted, when it
// declares some and lets no schema of additional properties in; nil
// otherwise.
func closedProps(s shape) []string {
	if s.kind != model.JSONObject || s.open || len(s.props) == 0 {
		return nil
	}
	out := make([]string, 0, len(s.props))
	for p := range s.props {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// consts returns the single-valued properties of shapes[i] that tell it
// from some other shape: one holding another value, or (when shapes[i]
// requires it) one that does not declare it.
func consts(shapes []shape, i int) []model.Const {
	if shapes[i].kind != model.JSONObject {
		return nil
	}
	var out []model.Const
	for p, ps := range shapes[i].props {
		val, ok := constJSON(ps)
		if !ok || !constTells(shapes, i, p, val) {
			continue
		}
		out = append(out, model.Const{Property: p, JSON: val, Required: shapes[i].required[p]})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Property < out[b].Property })
	return out
}

// constTells reports whether property p holding val tells shapes[i] from
// at least one other shape.
func constTells(shapes []shape, i int, p, val string) bool {
	for j, s := range shapes {
		if j == i {
			continue
		}
		other, declared := s.props[p]
		if !declared {
			if shapes[i].required[p] {
				return true
			}
			continue
		}
		if v, ok := constJSON(other); ok && v != val {
			return true
		}
	}
	return false
}

// constJSON returns the one value s allows (const, or an enum of one
// string, number or boolean) as JSON.
func constJSON(s *openapi3.Schema) (string, bool) {
	var v any
	switch {
	case s.Const != nil:
		v = s.Const
	case len(s.Enum) == 1:
		v = s.Enum[0]
	default:
		return "", false
	}
	switch v.(type) {
	case string, bool, float64, float32, int, int64, int32, uint64:
	default:
		return "", false
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(data), true
}

// commonKind returns the JSON kind every member of a nested union shares,
// null members aside; ok is false when there are none or they differ.
func commonKind(depth int, lists ...openapi3.SchemaRefs) (string, bool) {
	kind := ""
	for _, list := range lists {
		for _, m := range list {
			if m == nil || m.Value == nil || (m.Value.Type != nil && m.Value.Type.Is("null")) {
				continue
			}
			k := shapeOf(m.Value, depth).kind
			if k == "" || (kind != "" && k != kind) {
				return "", false
			}
			kind = k
		}
	}
	return kind, kind != ""
}
