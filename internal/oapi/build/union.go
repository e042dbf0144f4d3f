package build

import (
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// hasVariants reports whether a schema is a oneOf/anyOf union. Members that
// only constrain (a bare "required" list, as GitHub writes them) do not
// count, and neither does a union beside properties: the properties win.
func hasVariants(s *openapi3.Schema) bool {
	if len(s.Properties) > 0 {
		return false
	}
	return len(realMembers(s.OneOf)) > 0 || len(realMembers(s.AnyOf)) > 0
}

// realMembers drops members that carry no type of their own.
func realMembers(refs openapi3.SchemaRefs) openapi3.SchemaRefs {
	var out openapi3.SchemaRefs
	for _, r := range refs {
		if r == nil || r.Value == nil {
			continue
		}
		if r.Ref != "" || !constraintOnly(r.Value) {
			out = append(out, r)
		}
	}
	return out
}

// constraintOnly reports whether a schema only constrains its parent.
func constraintOnly(s *openapi3.Schema) bool {
	return s.Type == nil && len(s.Properties) == 0 && s.Items == nil && len(s.Enum) == 0 &&
		len(s.AllOf) == 0 && len(s.OneOf) == 0 && len(s.AnyOf) == 0 && s.AdditionalProperties.Schema == nil
}

// union types a oneOf/anyOf schema. Null members make the result nullable;
// a single remaining member is just that member's type.
func (b *builder) union(s *openapi3.Schema, at site) model.TypeRef {
	members, anyOf := realMembers(s.OneOf), false
	if len(members) == 0 {
		members, anyOf = realMembers(s.AnyOf), true
	}
	members, null := dropNull(members)
	if len(members) == 1 {
		tr := b.ref(members[0], at)
		tr.Nullable = tr.Nullable || null
		return tr
	}
	t := b.declare(at, model.KindUnion, s)
	t.AnyOf = anyOf
	for i, m := range members {
		v := &model.Variant{Type: b.ref(m, at.child(variantPart(m, i), fmt.Sprintf("oneOf/%d", i)))}
		t.Variants = append(t.Variants, v)
	}
	b.discriminate(t, s, members)
	checkVariants(t, members)
	tr := model.Named(t)
	tr.Nullable = null
	return tr
}

// variantPart names an inline member: its title, else its position.
func variantPart(m *openapi3.SchemaRef, i int) string {
	if m.Value.Title != "" {
		return m.Value.Title
	}
	return fmt.Sprintf("variant%d", i+1)
}

// dropNull removes members of type null and reports whether there were any.
func dropNull(members openapi3.SchemaRefs) (openapi3.SchemaRefs, bool) {
	var out openapi3.SchemaRefs
	null := false
	for _, m := range members {
		if m.Value.Type != nil && m.Value.Type.Is("null") {
			null = true
			continue
		}
		out = append(out, m)
	}
	return out, null
}

// discriminate records the discriminator property and each variant's tags:
// the mapping values pointing at it, or its component name when the
// mapping does not mention it.
func (b *builder) discriminate(t *model.Type, s *openapi3.Schema, members openapi3.SchemaRefs) {
	d := s.Discriminator
	if d == nil || d.PropertyName == "" {
		return
	}
	t.Discriminator = d.PropertyName
	for i, m := range members {
		t.Variants[i].Tags = tagsFor(d, m.Ref)
	}
}

// tagsFor returns the sorted discriminator values selecting ref.
func tagsFor(d *openapi3.Discriminator, ref string) []string {
	if ref == "" {
		return nil
	}
	var tags []string
	for value, target := range d.Mapping {
		if normalizeRef(target.Ref) == ref {
			tags = append(tags, value)
		}
	}
	if len(tags) == 0 {
		tags = []string{ref[strings.LastIndex(ref, "/")+1:]}
	}
	sort.Strings(tags)
	return tags
}

// normalizeRef turns a bare schema name of a discriminator mapping into a
// component reference.
func normalizeRef(ref string) string {
	if strings.Contains(ref, "#") || strings.Contains(ref, "/") {
		return ref
	}
	return componentPrefix + ref
}
