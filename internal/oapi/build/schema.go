package build

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

const componentPrefix = "#/components/schemas/"

// site says where a schema sits: the candidate name of a type declared
// there, the spec path ordering name claims, and, for a component's own
// schema, the type to fill instead of declaring a new one.
type site struct {
	name string
	key  string
	self *model.Type
}

// child returns the site of a part of the schema at s.
func (s site) child(part, keyPart string) site {
	return site{name: naming.Inline(s.name, part), key: s.key + "/" + keyPart}
}

// component returns the type of a component schema, declaring it on first use.
func (b *builder) component(key string) *model.Type {
	ref := componentPrefix + key
	if t, ok := b.comps[ref]; ok {
		return t
	}
	sr := b.doc.T.Components.Schemas[key]
	t := &model.Type{Ref: ref, Pos: b.doc.FilePos()}
	b.comps[ref] = t
	b.claimType(t, tierComponent, key, naming.Type(key, "Schema"))
	if sr == nil || sr.Value == nil {
		t.Kind = model.KindRaw
		return t
	}
	t.Pos, t.Doc, t.Deprecated = b.doc.Pos(sr.Value.Origin), docOf(sr.Value), sr.Value.Deprecated
	t.Kind = model.KindRaw // until the schema declares t as something else
	tr := b.ref(sr, site{name: b.naming[t].cand, key: ref, self: t})
	b.wrap(t, tr)
	return t
}

// wrap makes t, a component whose schema declared nothing itself, a slice,
// map or alias of tr. A schema defined only by itself (allOf: [$ref to
// itself]) stays raw JSON, with a warning.
func (b *builder) wrap(t *model.Type, tr model.TypeRef) {
	switch {
	case tr.Kind == model.RefNamed && tr.Named == t:
		if t.Kind == model.KindRaw {
			b.warn(t.Pos, "schema is defined only by itself; typed as raw JSON")
		}
	case tr.Kind == model.RefSlice:
		t.Kind, t.Elem = model.KindSlice, tr.Elem
	case tr.Kind == model.RefMap:
		t.Kind, t.Elem = model.KindMap, tr.Elem
	default:
		tr.Nullable = false
		t.Kind, t.Elem = model.KindAlias, &tr
	}
}

// ref converts a schema reference into a type expression.
func (b *builder) ref(sr *openapi3.SchemaRef, at site) model.TypeRef {
	if sr == nil || sr.Value == nil {
		return model.Raw()
	}
	if sr.Ref == "" {
		return b.schema(sr.Value, at)
	}
	if key, ok := strings.CutPrefix(sr.Ref, componentPrefix); ok && b.isComponent(key) {
		tr := model.Named(b.component(key))
		tr.Nullable = nullable(sr.Value)
		return tr
	}
	return b.foreignRef(sr)
}

// isComponent reports whether key names a component schema.
func (b *builder) isComponent(key string) bool {
	c := b.doc.T.Components
	return c != nil && c.Schemas[key] != nil
}

// foreignRef types a $ref that points somewhere other than a component
// schema (into another schema, a response, $defs), once per target.
func (b *builder) foreignRef(sr *openapi3.SchemaRef) model.TypeRef {
	if tr, ok := b.refs[sr.Ref]; ok {
		return tr
	}
	b.refs[sr.Ref] = model.Raw() // a reference cycle through such targets stays raw
	last := sr.Ref[strings.LastIndex(sr.Ref, "/")+1:]
	tr := b.schema(sr.Value, site{name: naming.Type(last, "Schema"), key: sr.Ref})
	b.refs[sr.Ref] = tr
	return tr
}

// schema types an inline schema.
func (b *builder) schema(s *openapi3.Schema, at site) model.TypeRef {
	if tr, ok := b.inline[s]; ok && at.self == nil {
		return tr
	}
	if b.visiting[s] {
		b.warn(b.doc.Pos(s.Origin), "schema refers to itself without a component $ref; typed as raw JSON")
		return model.Raw()
	}
	b.visiting[s] = true
	defer delete(b.visiting, s)
	tr := b.dispatch(s, at)
	tr.Nullable = tr.Nullable || nullable(s)
	if tr.Kind == model.RefNamed && at.self == nil {
		b.inline[s] = tr
	}
	return tr
}

// dispatch chooses how to type a schema by the keywords it has.
func (b *builder) dispatch(s *openapi3.Schema, at site) model.TypeRef {
	switch {
	case len(s.AllOf) > 0:
		return b.allOf(s, at)
	case hasVariants(s):
		return b.union(s, at)
	case len(enumValues(s)) > 0:
		return b.enum(s, at)
	}
	return b.byType(s, at)
}

// byType types a schema by its type keyword.
func (b *builder) byType(s *openapi3.Schema, at site) model.TypeRef {
	types := nonNullTypes(s)
	if len(types) > 1 {
		b.warn(b.doc.Pos(s.Origin), "schema allows several types %v; typed as raw JSON", types)
		return model.Raw()
	}
	typ := ""
	if len(types) == 1 {
		typ = types[0]
	}
	switch typ {
	case "string", "integer", "number", "boolean":
		return scalar(typ, s.Format)
	case "array":
		return b.array(s, at)
	case "object":
		return b.object(s, at)
	case "":
		return b.untyped(s, at)
	}
	return model.Raw()
}

// untyped types a schema without a type keyword by what else it holds.
func (b *builder) untyped(s *openapi3.Schema, at site) model.TypeRef {
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
		return b.object(s, at)
	case s.Items != nil:
		return b.array(s, at)
	}
	return model.Raw()
}

// array types an array schema as a slice of its items.
func (b *builder) array(s *openapi3.Schema, at site) model.TypeRef {
	if s.Items == nil {
		return model.SliceOf(model.Raw())
	}
	return model.SliceOf(b.ref(s.Items, at.child("item", "items")))
}

// scalar maps a primitive type and format to a Go type.
func scalar(typ, format string) model.TypeRef {
	switch typ {
	case "string":
		return stringType(format)
	case "integer":
		if format == "int32" {
			return model.Builtin("int32")
		}
		return model.Builtin("int64")
	case "number":
		return numberType(format)
	}
	return model.Builtin("bool")
}

// stringType maps a string format to a Go type.
func stringType(format string) model.TypeRef {
	switch format {
	case "date-time":
		return model.TypeRef{Kind: model.RefTime}
	case "date":
		return model.TypeRef{Kind: model.RefDate}
	case "byte":
		return model.TypeRef{Kind: model.RefBytes}
	}
	return model.Builtin("string")
}

// numberType maps a number format to a Go type.
func numberType(format string) model.TypeRef {
	switch format {
	case "float":
		return model.Builtin("float32")
	case "int32":
		return model.Builtin("int32")
	case "int64":
		return model.Builtin("int64")
	}
	return model.Builtin("float64")
}

// nullable reports whether the schema admits null: nullable (3.0) or
// "null" among its types (3.1).
func nullable(s *openapi3.Schema) bool {
	return s.Nullable || (s.Type != nil && s.Type.Includes("null"))
}

// nonNullTypes returns the schema's types other than "null".
func nonNullTypes(s *openapi3.Schema) []string {
	if s.Type == nil {
		return nil
	}
	var out []string
	for _, t := range *s.Type {
		if t != "null" {
			out = append(out, t)
		}
	}
	return out
}

// docOf returns the documentation text of a schema: its description, or
// its title when it has none.
func docOf(s *openapi3.Schema) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Title
}
