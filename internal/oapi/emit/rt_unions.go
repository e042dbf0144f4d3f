package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// hasVariantChecks reports whether some union of the API checks a variant,
// so the package needs genVariantChecks' helpers.
func (e *emitter) hasVariantChecks() bool {
	for _, t := range e.api.Types {
		if t.Kind != model.KindUnion {
			continue
		}
		for _, v := range t.Variants {
			if checks(t, v) {
				return true
			}
		}
	}
	return false
}

// checks reports whether As<v.Label> of union t checks the JSON before
// decoding it.
func checks(t *model.Type, v *model.Variant) bool {
	return !v.Check.Empty() || (t.Discriminator != "" && len(v.Tags) > 0)
}

// genVariantChecks declares oapiVariant and the functions that test JSON
// against one.
func genVariantChecks(f *jen.File) {
	genVariantTypes(f)
	genJSONKind(f)
	genCheckVariant(f)
	genCheckTag(f)
	genCheckConst(f)
	genShort(f)
}

// genVariantTypes declares oapiVariant and oapiConst.
func genVariantTypes(f *jen.File) {
	decl(f, []string{"oapiVariant is what the JSON of one variant of a union must show; an empty field tests nothing."},
		jen.Type().Id("oapiVariant").Struct(
			jen.List(jen.Id("union"), jen.Id("name")).String().Comment("the Go names of the union and of the variant"),
			jen.Id("json").String().Comment(`the JSON kind: "object", "array", "string", "number" or "boolean"`),
			jen.Id("tagProp").String().Comment("the discriminator property"),
			jen.Id("tags").Index().String().Comment("the discriminator values selecting the variant"),
			jen.Id("others").Index().String().Comment("the discriminator values selecting the other variants"),
			jen.Id("required").Index().String().Comment("properties the variant requires and some other lacks"),
			jen.Id("consts").Index().Id("oapiConst").Comment("properties holding one value"),
		))
	decl(f, []string{"oapiConst is a property that holds one value, encoded as JSON."},
		jen.Type().Id("oapiConst").Struct(
			jen.List(jen.Id("prop"), jen.Id("value")).String(),
			jen.Id("required").Bool(),
		))
}

// genJSONKind declares oapiJSONKind.
func genJSONKind(f *jen.File) {
	decl(f, []string{`oapiJSONKind names the kind of a JSON value by its first byte; empty JSON is "null".`},
		jen.Func().Id("oapiJSONKind").Params(jen.Id("raw").Qual(pkgJSON, "RawMessage")).String().Block(
			jen.Id("raw").Op("=").Qual(pkgBytes, "TrimSpace").Call(jen.Id("raw")),
			jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0)).Block(jen.Return(jen.Lit("null"))),
			jen.Switch(jen.Id("raw").Index(jen.Lit(0))).Block(
				jen.Case(jen.LitRune('{')).Return(jen.Lit("object")),
				jen.Case(jen.LitRune('[')).Return(jen.Lit("array")),
				jen.Case(jen.LitRune('"')).Return(jen.Lit("string")),
				jen.Case(jen.LitRune('t'), jen.LitRune('f')).Return(jen.Lit("boolean")),
				jen.Case(jen.LitRune('n')).Return(jen.Lit("null")),
			),
			jen.Return(jen.Lit("number")),
		))
}

// genCheckVariant declares oapiCheckVariant.
func genCheckVariant(f *jen.File) {
	notV := func(format string, args ...jen.Code) jen.Code {
		return jen.Qual(pkgFmt, "Errorf").Call(append([]jen.Code{jen.Lit("%s: not %s: " + format), jen.Id("v").Dot("union"), jen.Id("v").Dot("name")}, args...)...)
	}
	decl(f, []string{
		"oapiCheckVariant returns an error naming the variant and what the JSON holds instead when raw is",
		"not variant v. Null passes: the union holds no value, and decoding gives the zero value.",
	},
		jen.Func().Id("oapiCheckVariant").Params(jen.Id("raw").Qual(pkgJSON, "RawMessage"), jen.Id("v").Id("oapiVariant")).Error().Block(
			jen.Id("kind").Op(":=").Id("oapiJSONKind").Call(jen.Id("raw")),
			jen.If(jen.Id("kind").Op("==").Lit("null")).Block(jen.Return(jen.Nil())),
			jen.If(jen.Id("v").Dot("json").Op("!=").Lit("").Op("&&").Id("kind").Op("!=").Id("v").Dot("json")).Block(
				jen.Return(notV("want a JSON %s, found a JSON %s", jen.Id("v").Dot("json"), jen.Id("kind")))),
			jen.If(jen.Id("kind").Op("!=").Lit("object").Op("||").Id("v").Dot("tagProp").Op("==").Lit("").Op("&&").
				Len(jen.Id("v").Dot("required")).Op("==").Lit(0).Op("&&").Len(jen.Id("v").Dot("consts")).Op("==").Lit(0)).Block(
				jen.Return(jen.Nil())),
			jen.Var().Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("obj")), notV("%w", jen.Err())),
			jen.If(jen.Id("v").Dot("tagProp").Op("!=").Lit("")).Block(
				ifErrAssign(jen.Id("oapiCheckTag").Call(jen.Id("obj"), jen.Id("v")), jen.Err())),
			jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("v").Dot("required")).Block(
				jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("obj").Index(jen.Id("p")), jen.Op("!").Id("ok")).Block(
					jen.Return(notV("the JSON has no %q, which %s requires", jen.Id("p"), jen.Id("v").Dot("name"))))),
			jen.For(jen.List(jen.Id("_"), jen.Id("c")).Op(":=").Range().Id("v").Dot("consts")).Block(
				ifErrAssign(jen.Id("oapiCheckConst").Call(jen.Id("obj"), jen.Id("v"), jen.Id("c")), jen.Err())),
			jen.Return(jen.Nil()),
		))
}

// genCheckTag declares oapiCheckTag.
func genCheckTag(f *jen.File) {
	decl(f, []string{
		"oapiCheckTag fails when obj has no discriminator, or one selecting another variant than v. A value",
		"the spec does not list passes: it does not show that the JSON is another variant.",
	},
		jen.Func().Id("oapiCheckTag").Params(jen.Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"), jen.Id("v").Id("oapiVariant")).Error().Block(
			jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("obj").Index(jen.Id("v").Dot("tagProp")),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Qual(pkgFmt, "Errorf").Call(
				jen.Lit("%s: not %s: the JSON has no %q, which names the variant (want one of %q)"),
				jen.Id("v").Dot("union"), jen.Id("v").Dot("name"), jen.Id("v").Dot("tagProp"), jen.Id("v").Dot("tags")))),
			jen.Var().Id("tag").String(),
			jen.If(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("tag")).Op("!=").Nil()).Block(
				jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: not %s: %q is %s, not a string"),
					jen.Id("v").Dot("union"), jen.Id("v").Dot("name"), jen.Id("v").Dot("tagProp"), jen.Id("oapiShort").Call(jen.Id("raw"))))),
			jen.For(jen.List(jen.Id("_"), jen.Id("other")).Op(":=").Range().Id("v").Dot("others")).Block(
				jen.If(jen.Id("tag").Op("==").Id("other")).Block(
					jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: not %s: %q is %s, which names another variant; want one of %q"),
						jen.Id("v").Dot("union"), jen.Id("v").Dot("name"), jen.Id("v").Dot("tagProp"), jen.Id("oapiShort").Call(jen.Id("raw")), jen.Id("v").Dot("tags"))))),
			jen.Return(jen.Nil()),
		))
}

// genCheckConst declares oapiCheckConst.
func genCheckConst(f *jen.File) {
	decl(f, []string{"oapiCheckConst checks that obj holds the one value of property c.prop, when present or required."},
		jen.Func().Id("oapiCheckConst").Params(jen.Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"), jen.Id("v").Id("oapiVariant"), jen.Id("c").Id("oapiConst")).Error().Block(
			jen.List(jen.Id("raw"), jen.Id("ok")).Op(":=").Id("obj").Index(jen.Id("c").Dot("prop")),
			jen.If(jen.Op("!").Id("ok").Op("&&").Id("c").Dot("required")).Block(jen.Return(jen.Qual(pkgFmt, "Errorf").Call(
				jen.Lit("%s: not %s: the JSON has no %q, which must be %s"),
				jen.Id("v").Dot("union"), jen.Id("v").Dot("name"), jen.Id("c").Dot("prop"), jen.Id("c").Dot("value")))),
			jen.If(jen.Op("!").Id("ok").Op("||").String().Call(jen.Id("raw")).Op("==").Id("c").Dot("value")).Block(jen.Return(jen.Nil())),
			jen.Var().Id("x").Any(),
			jen.If(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("x")).Op("==").Nil()).Block(
				jen.If(jen.List(jen.Id("got"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("x")),
					jen.Err().Op("==").Nil().Op("&&").String().Call(jen.Id("got")).Op("==").Id("c").Dot("value")).Block(jen.Return(jen.Nil()))),
			jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: not %s: %q is %s, want %s"),
				jen.Id("v").Dot("union"), jen.Id("v").Dot("name"), jen.Id("c").Dot("prop"), jen.Id("oapiShort").Call(jen.Id("raw")), jen.Id("c").Dot("value"))),
		))
}

// genShort declares oapiShort, which keeps error messages short whatever
// the JSON holds.
func genShort(f *jen.File) {
	decl(f, []string{"oapiShort returns raw as text, cut to 40 bytes."},
		jen.Func().Id("oapiShort").Params(jen.Id("raw").Qual(pkgJSON, "RawMessage")).String().Block(
			jen.If(jen.Len(jen.Id("raw")).Op(">").Lit(40)).Block(jen.Return(jen.String().Call(jen.Id("raw").Index(jen.Empty(), jen.Lit(40))).Op("+").Lit("..."))),
			jen.Return(jen.String().Call(jen.Id("raw"))),
		))
}
