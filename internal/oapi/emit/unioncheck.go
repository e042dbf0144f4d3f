package emit

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// asDoc documents As<Label>: what it checks, and which variants the spec
// gives no way to tell from this one.
func asDoc(t *model.Type, v *model.Variant) []string {
	text := fmt.Sprintf("As%s decodes the union as %s.", v.Label, v.Type.String())
	if checks(t, v) {
		text += fmt.Sprintf(" It fails, naming %s and what the JSON holds instead, unless the JSON is %s.", v.Type.String(), checkDesc(t, v))
	}
	if others := untold(t, v); len(others) > 0 {
		text += fmt.Sprintf(" The spec gives no way to tell %s from %s: their JSON may decode as %s too.",
			v.Type.String(), strings.Join(others, ", "), v.Type.String())
	}
	text += " JSON null gives the zero value."
	return wrap(text, wrapColumn)
}

// untold lists the variants whose JSON the checks of v do not refuse.
func untold(t *model.Type, v *model.Variant) []string {
	var out []string
	for _, o := range t.Variants {
		if o != v && !t.Tells(v, o) {
			out = append(out, o.Type.String())
		}
	}
	return out
}

// checkDesc describes in words what As<Label> checks.
func checkDesc(t *model.Type, v *model.Variant) string {
	c := v.Check
	if c == nil {
		c = &model.VariantCheck{}
	}
	kind := c.JSON
	if kind == "" {
		kind = "value"
	}
	parts := []string{"a JSON " + kind}
	if t.Discriminator != "" && len(v.Tags) > 0 {
		parts = append(parts, fmt.Sprintf("whose %s is %s (or a value the spec does not list)", quoted(t.Discriminator), quotedList(v.Tags)))
	}
	for _, k := range c.Consts {
		parts = append(parts, fmt.Sprintf("whose %s is %s", quoted(k.Property), sanitize(k.JSON)))
	}
	if len(c.Required) > 0 {
		parts = append(parts, "holding "+quotedList(c.Required))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return parts[0] + " " + strings.Join(parts[1:], ", ")
}

// quotedList spells values as "a", "b" or "c".
func quotedList(vals []string) string {
	q := make([]string, len(vals))
	for i, s := range vals {
		q[i] = quoted(s)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// genCheckMethod declares check<Label>, which tests the union's JSON
// against what the spec says of the variant.
func genCheckMethod(f *jen.File, t *model.Type, v *model.Variant) {
	decl(f, []string{fmt.Sprintf("check%s returns an error when the JSON is not %s.", v.Label, v.Type.String())},
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("check"+v.Label).Params().Error().Block(
			jen.Return(jen.Qual(pkgRT, "CheckVariant").Call(jen.Id("u").Dot("raw"), variantLit(t, v))),
		))
}

// variantLit spells the apiclient.Variant of v, with only the fields it sets.
func variantLit(t *model.Type, v *model.Variant) jen.Code {
	fields := jen.Dict{
		jen.Id("Union"): jen.Lit(t.Name),
		jen.Id("Name"):  jen.Lit(v.Type.String()),
	}
	if t.Discriminator != "" && len(v.Tags) > 0 {
		fields[jen.Id("TagProp")] = jen.Lit(t.Discriminator)
		fields[jen.Id("Tags")] = stringsLit(v.Tags)
		if others := otherTags(t, v); len(others) > 0 {
			fields[jen.Id("Others")] = stringsLit(others)
		}
	}
	if c := v.Check; c != nil {
		if c.JSON != "" {
			fields[jen.Id("JSON")] = jen.Lit(c.JSON)
		}
		if len(c.Required) > 0 {
			fields[jen.Id("Required")] = stringsLit(c.Required)
		}
		if len(c.Consts) > 0 {
			var ks []jen.Code
			for _, k := range c.Consts {
				kv := jen.Dict{jen.Id("Prop"): jen.Lit(k.Property), jen.Id("Value"): jen.Lit(k.JSON)}
				if k.Required {
					kv[jen.Id("Required")] = jen.True()
				}
				ks = append(ks, jen.Values(kv))
			}
			fields[jen.Id("Consts")] = jen.Index().Qual(pkgRT, "Const").Values(ks...)
		}
	}
	return jen.Qual(pkgRT, "Variant").Values(fields)
}

// otherTags returns the discriminator values of t's variants other than
// v that do not also select v, sorted.
func otherTags(t *model.Type, v *model.Variant) []string {
	seen := map[string]bool{}
	for _, tag := range v.Tags {
		seen[tag] = true
	}
	var out []string
	for _, o := range t.Variants {
		for _, tag := range o.Tags {
			if !seen[tag] {
				seen[tag] = true
				out = append(out, tag)
			}
		}
	}
	sort.Strings(out)
	return out
}

// stringsLit spells []string{...}.
func stringsLit(vals []string) jen.Code {
	lits := make([]jen.Code, len(vals))
	for i, s := range vals {
		lits[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(lits...)
}

// genWhich declares Which, for unions whose variants the spec tells apart.
//
//	func (u Pet) Which() string {
//		if apiclient.JSONKind(u.raw) == "null" {
//			return ""
//		}
//		var fits []string
//		if u.checkCat() == nil {
//			fits = append(fits, "Cat")
//		}
//		...
//		if len(fits) != 1 {
//			return ""
//		}
//		return fits[0]
//	}
func genWhich(f *jen.File, t *model.Type) {
	body := []jen.Code{
		jen.If(jen.Qual(pkgRT, "JSONKind").Call(jen.Id("u").Dot("raw")).Op("==").Lit("null")).Block(jen.Return(jen.Lit(""))),
		jen.Var().Id("fits").Index().String(),
	}
	labels := make([]string, len(t.Variants))
	for i, v := range t.Variants {
		labels[i] = v.Label
		body = append(body, jen.If(jen.Id("u").Dot("check"+v.Label).Call().Op("==").Nil()).Block(
			jen.Id("fits").Op("=").Append(jen.Id("fits"), jen.Lit(v.Label))))
	}
	body = append(body,
		jen.If(jen.Len(jen.Id("fits")).Op("!=").Lit(1)).Block(jen.Return(jen.Lit(""))),
		jen.Return(jen.Id("fits").Index(jen.Lit(0))))
	text := fmt.Sprintf("Which returns the variant the JSON is, by the word after As: %s; \"\" when it is null, or when "+
		"not exactly one variant fits (JSON the spec does not describe, such as a discriminator value it does not list). "+
		"The As method of the variant named may still fail to decode the JSON.", quotedList(labels))
	decl(f, wrap(text, wrapColumn),
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("Which").Params().String().Block(body...))
}

// checks reports whether As<v.Label> of union t checks the JSON before
// decoding it.
func checks(t *model.Type, v *model.Variant) bool {
	return !v.Check.Empty() || (t.Discriminator != "" && len(v.Tags) > 0)
}
