package fidelity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Expected returns what a faithful client encodes back for value, an
// example of schema: value itself, less the properties of an object that
// the schema neither declares nor allows (additionalProperties absent or
// false, while properties are declared), which a typed struct has nowhere
// to keep. It also returns the JSON paths of the properties it left out.
// Below a oneOf or anyOf everything is kept: a union keeps its JSON.
func Expected(schema *openapi3.Schema, value any) (any, []string) {
	var dropped []string
	out := expected(schema, value, "$", &dropped, 0)
	return out, dropped
}

// expected is Expected at path, depth levels down.
func expected(s *openapi3.Schema, v any, path string, dropped *[]string, depth int) any {
	if s == nil || depth > 64 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return v
	}
	switch v := v.(type) {
	case map[string]any:
		props, extra, allowed := objectShape(s, 0)
		out := make(map[string]any, len(v))
		for k, e := range v {
			switch p, ok := props[k]; {
			case ok:
				out[k] = expected(p, e, path+"."+k, dropped, depth+1)
			case allowed || len(props) == 0:
				out[k] = expected(extra, e, path+"."+k, dropped, depth+1)
			default:
				*dropped = append(*dropped, path+"."+k)
			}
		}
		return out
	case []any:
		var items *openapi3.Schema
		if s.Items != nil {
			items = s.Items.Value
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = expected(items, e, fmt.Sprintf("%s[%d]", path, i), dropped, depth+1)
		}
		return out
	}
	return v
}

// objectShape collects the properties of s and of its allOf members, the
// additionalProperties schema, and whether additional properties are
// explicitly allowed.
func objectShape(s *openapi3.Schema, depth int) (map[string]*openapi3.Schema, *openapi3.Schema, bool) {
	props := map[string]*openapi3.Schema{}
	var extra *openapi3.Schema
	allowed := false
	if s == nil || depth > 32 {
		return props, nil, false
	}
	for k, p := range s.Properties {
		if p != nil {
			props[k] = p.Value
		}
	}
	ap := s.AdditionalProperties
	if ap.Schema != nil {
		extra, allowed = ap.Schema.Value, true
	} else if ap.Has != nil && *ap.Has {
		allowed = true
	}
	for _, m := range s.AllOf {
		if m == nil {
			continue
		}
		mp, me, ma := objectShape(m.Value, depth+1)
		for k, p := range mp {
			if _, ok := props[k]; !ok {
				props[k] = p
			}
		}
		if ma {
			allowed = true
			if extra == nil {
				extra = me
			}
		}
	}
	return props, extra, allowed
}

// Decode parses JSON keeping numbers exact.
func Decode(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Diff returns "" when a and b are the same JSON value (numbers compared
// by value, object keys in any order, date-times as instants), else every
// difference (up to maxDiffs), each as its path and what differs there,
// joined by "; ".
func Diff(a, b any) string {
	var out []string
	diff(a, b, "$", &out)
	if len(out) > maxDiffs {
		out = append(out[:maxDiffs], fmt.Sprintf("and %d more", len(out)-maxDiffs))
	}
	return strings.Join(out, "; ")
}

// maxDiffs is how many differences Diff spells.
const maxDiffs = 20

// diff appends the differences of a and b at path to out.
func diff(a, b any, path string, out *[]string) {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: object became %s", path, kind(b)))
			return
		}
		diffObjects(a, bm, path, out)
		return
	case []any:
		bs, ok := b.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: array became %s", path, kind(b)))
			return
		}
		if len(a) != len(bs) {
			*out = append(*out, fmt.Sprintf("%s: %d elements became %d", path, len(a), len(bs)))
			return
		}
		for i := range a {
			diff(a[i], bs[i], fmt.Sprintf("%s[%d]", path, i), out)
		}
		return
	case json.Number:
		if bn, ok := b.(json.Number); ok && sameNumber(a, bn) {
			return
		}
	case string:
		if bs, ok := b.(string); ok && (a == bs || sameTime(a, bs)) {
			return
		}
	default:
		if a == b {
			return
		}
	}
	*out = append(*out, fmt.Sprintf("%s: %s became %s", path, show(a), show(b)))
}

// diffObjects compares two objects key by key, in sorted key order.
func diffObjects(a, b map[string]any, path string, out *[]string) {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		av, inA := a[k]
		bv, inB := b[k]
		switch {
		case !inB:
			*out = append(*out, fmt.Sprintf("%s.%s: %s was left out", path, k, show(av)))
		case !inA:
			*out = append(*out, fmt.Sprintf("%s.%s: %s was added", path, k, show(bv)))
		default:
			diff(av, bv, path+"."+k, out)
		}
	}
}

// sameNumber compares two JSON numbers by value.
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, ok1 := new(big.Float).SetString(string(a))
	y, ok2 := new(big.Float).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// sameTime reports whether two strings are RFC 3339 date-times naming the
// same instant in the same offset ("09:42:41.000-08:00" and
// "09:42:41-08:00"): one value, two spellings.
func sameTime(a, b string) bool {
	x, err1 := time.Parse(time.RFC3339Nano, a)
	y, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil || !x.Equal(y) {
		return false
	}
	_, ox := x.Zone()
	_, oy := y.Zone()
	return ox == oy
}

// kind names the JSON kind of v.
func kind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// show spells v as short JSON.
func show(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return kind(v)
	}
	s := string(data)
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.ToValidUTF8(s, "?")
}
