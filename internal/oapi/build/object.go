package build

import (
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// object types an object schema: a struct when it has properties, a map
// when it only has additionalProperties, a map of raw JSON when free-form.
func (b *builder) object(s *openapi3.Schema, at site) model.TypeRef {
	if len(s.Properties) == 0 {
		return b.propertyless(s, at)
	}
	t := b.declare(at, model.KindStruct, s)
	b.fillStruct(t, []*openapi3.Schema{s}, at)
	return model.Named(t)
}

// propertyless types an object schema without properties.
func (b *builder) propertyless(s *openapi3.Schema, at site) model.TypeRef {
	ap := s.AdditionalProperties
	switch {
	case ap.Schema != nil:
		return model.MapOf(b.ref(ap.Schema, at.child("value", "additionalProperties")))
	case ap.Has != nil && !*ap.Has:
		return model.Named(b.declare(at, model.KindStruct, s))
	}
	return model.MapOf(model.Raw())
}

// allOf types an allOf schema: a single member (plus, at most, a
// description or nullable beside it) is that member's type; several are
// merged into one struct.
func (b *builder) allOf(s *openapi3.Schema, at site) model.TypeRef {
	if len(s.AllOf) == 1 && len(s.Properties) == 0 && ownUnion(s) == nil {
		return b.ref(s.AllOf[0], at)
	}
	parts := b.flattenAllOf(s, map[*openapi3.Schema]bool{})
	if !anyObject(parts) {
		b.warn(b.doc.Pos(s.Origin), "allOf of non-object schemas; typed as raw JSON")
		return model.Raw()
	}
	t := b.declare(at, model.KindStruct, s)
	b.fillStruct(t, parts, at)
	b.allOfUnion(t, s, at)
	return model.Named(t)
}

// allOfUnion records the oneOf/anyOf member of an allOf (nested allOfs
// included) as the struct's Union: the same JSON object is both the
// struct's properties and that union. Of several, the first is typed and
// the others stay in its raw JSON, with a warning.
func (b *builder) allOfUnion(t *model.Type, s *openapi3.Schema, at site) {
	members := unionMembers(s, map[*openapi3.Schema]bool{})
	if own := ownUnion(s); own != nil {
		members = append([]*openapi3.SchemaRef{own}, members...)
	}
	if len(members) == 0 {
		return
	}
	if len(members) > 1 {
		b.warn(b.doc.Pos(s.Origin), "allOf merges %d oneOf/anyOf unions; only the first is typed, the others stay in its raw JSON", len(members))
	}
	tr := b.ref(members[0], at.child("union", "allOf"))
	t.Union = &tr
}

// ownUnion returns the oneOf/anyOf written beside an allOf, as a schema of
// its own; nil when there is none.
func ownUnion(s *openapi3.Schema) *openapi3.SchemaRef {
	if len(realMembers(s.OneOf)) == 0 && len(realMembers(s.AnyOf)) == 0 {
		return nil
	}
	u := &openapi3.Schema{OneOf: s.OneOf, AnyOf: s.AnyOf, Discriminator: s.Discriminator, Origin: s.Origin}
	return &openapi3.SchemaRef{Value: u}
}

// unionMembers lists the members of s's allOf (nested allOfs included)
// that are oneOf/anyOf unions, in order.
func unionMembers(s *openapi3.Schema, seen map[*openapi3.Schema]bool) []*openapi3.SchemaRef {
	if s == nil || seen[s] {
		return nil
	}
	seen[s] = true
	var out []*openapi3.SchemaRef
	for _, m := range s.AllOf {
		switch {
		case m == nil || m.Value == nil:
		case hasVariants(m.Value):
			out = append(out, m)
		default:
			out = append(out, unionMembers(m.Value, seen)...)
		}
	}
	return out
}

// flattenAllOf lists the schemas whose properties an allOf merges, members
// of nested allOfs first, each schema once.
func (b *builder) flattenAllOf(s *openapi3.Schema, seen map[*openapi3.Schema]bool) []*openapi3.Schema {
	if s == nil || seen[s] {
		return nil
	}
	seen[s] = true
	var out []*openapi3.Schema
	for _, m := range s.AllOf {
		if m != nil && m.Value != nil {
			out = append(out, b.flattenAllOf(m.Value, seen)...)
		}
	}
	return append(out, s)
}

// anyObject reports whether any part can contribute object properties.
func anyObject(parts []*openapi3.Schema) bool {
	for _, p := range parts {
		if len(p.Properties) > 0 || (p.Type != nil && p.Type.Includes("object")) {
			return true
		}
	}
	return false
}

// declare returns the type a schema at s declares: the component being
// defined when s is a component's own schema, a new inline type otherwise.
func (b *builder) declare(at site, kind model.Kind, s *openapi3.Schema) *model.Type {
	t := at.self
	if t == nil {
		t = &model.Type{Pos: b.doc.Pos(s.Origin), Doc: docOf(s), Deprecated: s.Deprecated}
		b.claimType(t, tierInline, at.key, at.name)
	}
	t.Kind = kind
	return t
}

// fillStruct adds the fields of parts, in order, to the struct t.
func (b *builder) fillStruct(t *model.Type, parts []*openapi3.Schema, at site) {
	required := map[string]bool{}
	for _, p := range parts {
		for _, r := range p.Required {
			required[r] = true
		}
	}
	index := map[string]int{}
	for _, p := range parts {
		for _, prop := range propertyOrder(p) {
			f := b.field(p, prop, required[prop], at)
			if f == nil {
				continue
			}
			if i, ok := index[prop]; ok {
				t.Fields[i] = f
				continue
			}
			index[prop] = len(t.Fields)
			t.Fields = append(t.Fields, f)
		}
		b.extra(t, p, at)
	}
}

// extra records additionalProperties of a struct part.
func (b *builder) extra(t *model.Type, p *openapi3.Schema, at site) {
	ap := p.AdditionalProperties
	switch {
	case ap.Schema != nil:
		tr := b.ref(ap.Schema, at.child("value", "additionalProperties"))
		t.Extra = &tr
	case ap.Has != nil && *ap.Has:
		tr := model.Raw()
		t.Extra = &tr
	}
}

// field builds one struct field, or nil (with a warning) when the property
// name cannot be spelled in a JSON struct tag.
func (b *builder) field(p *openapi3.Schema, prop string, required bool, at site) *model.Field {
	sr := p.Properties[prop]
	pos := b.doc.Pos(p.Origin)
	if o := refOrigin(sr); o != nil {
		pos = b.doc.Pos(o)
	}
	if !validTagName(prop) {
		b.warn(pos, "property %q cannot be named in a Go struct tag; left out", prop)
		return nil
	}
	tr := b.ref(sr, at.child(prop, "properties/"+escapeKey(prop)))
	f := &model.Field{JSONName: prop, Type: tr, Required: required, Nullable: tr.Nullable, Pos: pos}
	if sr != nil && sr.Value != nil {
		f.Doc, f.ReadOnly, f.Deprecated = docOf(sr.Value), sr.Value.ReadOnly, sr.Value.Deprecated
	}
	return f
}

// propertyOrder lists a schema's properties in source order (by position,
// then name), which is the order a reader of the spec expects.
func propertyOrder(s *openapi3.Schema) []string {
	keys := sortedKeys(s.Properties)
	line := func(k string) int {
		if o := refOrigin(s.Properties[k]); o != nil && o.Key != nil {
			return o.Key.Line
		}
		return 0
	}
	sort.SliceStable(keys, func(i, j int) bool { return line(keys[i]) < line(keys[j]) })
	return keys
}

// refOrigin returns the origin of where a schema is written: the $ref
// object itself for a reference (not the schema it points to), the schema
// otherwise; nil when unknown.
func refOrigin(sr *openapi3.SchemaRef) *openapi3.Origin {
	switch {
	case sr == nil:
		return nil
	case sr.Ref != "" && sr.Origin != nil:
		return sr.Origin
	case sr.Value != nil:
		return sr.Value.Origin
	}
	return nil
}

// validTagName reports whether encoding/json accepts name in a struct tag:
// letters, digits and ASCII punctuation other than quotes, backslash and
// comma.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		default:
			return false
		}
	}
	return true
}

// escapeKey escapes a key for a JSON pointer ("~" as "~0", "/" as "~1").
// Most keys have neither and are returned as they are, with no
// replacer built.
func escapeKey(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}
