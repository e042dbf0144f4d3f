package build

import (
	"fmt"
	"math"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// enumValues returns the non-null values of enum, or const (3.1) as a
// single value.
func enumValues(s *openapi3.Schema) []any {
	vals := s.Enum
	if len(vals) == 0 && s.Const != nil {
		vals = []any{s.Const}
	}
	var out []any
	for _, v := range vals {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// enum types an enum schema as an open named type with one constant per
// value. Booleans and values that do not fit the schema's type give the
// plain type, with a warning for the latter.
func (b *builder) enum(s *openapi3.Schema, at site) model.TypeRef {
	base := b.byType(s, site{name: at.name, key: at.key})
	if base.Kind != model.RefBuiltin || base.Builtin == "bool" {
		if base.Kind == model.RefRaw {
			base = enumBase(enumValues(s))
		}
		if base.Kind != model.RefBuiltin || base.Builtin == "bool" {
			return base
		}
	}
	values, ok := convertAll(enumValues(s), base.Builtin)
	if !ok {
		b.warn(b.doc.Pos(s.Origin), "enum values do not all fit type %s; typed without constants", base.Builtin)
		return base
	}
	t := b.declare(at, model.KindEnum, s)
	t.Enum = &model.Enum{Base: base}
	for _, v := range values {
		t.Enum.Values = append(t.Enum.Values, &model.EnumValue{Value: v})
	}
	return model.Named(t)
}

// enumBase guesses the type of an enum without a type keyword from its values.
func enumBase(vals []any) model.TypeRef {
	if _, ok := convertAll(vals, "string"); ok {
		return model.Builtin("string")
	}
	if _, ok := convertAll(vals, "int64"); ok {
		return model.Builtin("int64")
	}
	return model.Raw()
}

// convertAll converts enum values to the Go representation of base
// (string, int64 for integer types, float64), dropping duplicates.
func convertAll(vals []any, base string) ([]any, bool) {
	seen := map[string]bool{}
	var out []any
	for _, v := range vals {
		c, ok := convert(v, base)
		if !ok {
			return nil, false
		}
		key := fmt.Sprintf("%T:%v", c, c)
		if !seen[key] {
			seen[key] = true
			out = append(out, c)
		}
	}
	return out, true
}

// convert converts one decoded JSON/YAML value to base.
func convert(v any, base string) (any, bool) {
	switch base {
	case "string":
		s, ok := v.(string)
		return s, ok
	case "int32", "int64":
		return toInt(v, base)
	case "float32", "float64":
		return toFloat(v)
	}
	return nil, false
}

// maxExactInt bounds the integers a float64 surely holds exactly (2^53 may
// stand for 2^53+1). Spec numbers are decoded as float64, so an enum value
// at or beyond it may already have lost digits; such values get no constant.
const maxExactInt = 1 << 53

// toInt converts a whole number to int64, within the range of base and of
// the integers a float64 holds exactly.
func toInt(v any, base string) (any, bool) {
	f, ok := toFloat(v)
	if !ok {
		return nil, false
	}
	x := f.(float64)
	limit := float64(maxExactInt)
	if base == "int32" {
		limit = math.MaxInt32 + 1
	}
	if x != math.Trunc(x) || math.Abs(x) >= limit {
		return nil, false
	}
	return int64(x), true
}

// toFloat converts any decoded number to float64.
func toFloat(v any) (any, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return nil, false
}
