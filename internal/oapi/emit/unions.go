package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genUnion declares a oneOf/anyOf union: a struct keeping the raw JSON,
// its JSON methods, an As/From pair per variant and, with a
// discriminator, Discriminator and Value.
//
//	type Pet struct{ raw json.RawMessage }
//	func (u Pet) AsCat() (Cat, error)
//	func (u *Pet) FromCat(v Cat) error
func genUnion(f *jen.File, t *model.Type) {
	decl(f, typeDoc(t, unionWhat(t)), jen.Type().Id(t.Name).Struct(jen.Id("raw").Qual(pkgJSON, "RawMessage")))
	genUnionJSON(f, t)
	for _, v := range t.Variants {
		genAsVariant(f, t, v)
		genFromVariant(f, t, v)
	}
	if t.Discriminator != "" {
		genDiscriminator(f, t)
		genUnionValue(f, t)
	}
	if t.VariantsTold() {
		genWhich(f, t)
	}
}

// unionWhat describes a union for its doc comment.
func unionWhat(t *model.Type) string {
	labels := make([]string, len(t.Variants))
	for i, v := range t.Variants {
		labels[i] = v.Type.String()
	}
	kind := "exactly one"
	if t.AnyOf {
		kind = "at least one"
	}
	return fmt.Sprintf("JSON matching %s of %s; it keeps the JSON as received and decodes it on demand", kind, strings.Join(labels, ", "))
}

// genUnionJSON declares MarshalJSON and UnmarshalJSON of a union.
func genUnionJSON(f *jen.File, t *model.Type) {
	decl(f, []string{"MarshalJSON returns the JSON the union holds, null when it holds none."},
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Qual(pkgRT, "RawOrNull").Call(jen.Id("u").Dot("raw")), jen.Nil()),
		))
	decl(f, []string{"UnmarshalJSON keeps a copy of data."},
		jen.Func().Params(jen.Id("u").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Id("u").Dot("raw").Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Call(jen.Nil()), jen.Id("data").Op("...")),
			jen.Return(jen.Nil()),
		))
}

// genAsVariant declares As<Label>, which checks the JSON first when the
// spec gives a way to tell the variant (see checkVariant).
func genAsVariant(f *jen.File, t *model.Type, v *model.Variant) {
	body := []jen.Code{jen.Var().Id("v").Add(typeExpr(v.Type))}
	if checks(t, v) {
		body = append(body, ifErrAssign(jen.Id("u").Dot("check"+v.Label).Call(), jen.Id("v"), jen.Err()))
	}
	body = append(body,
		jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Qual(pkgRT, "RawOrNull").Call(jen.Id("u").Dot("raw")), jen.Op("&").Id("v")),
		jen.Return(jen.Id("v"), jen.Err()))
	decl(f, asDoc(t, v), jen.Func().Params(jen.Id("u").Id(t.Name)).Id("As"+v.Label).Params().Params(typeExpr(v.Type), jen.Error()).Block(body...))
	if checks(t, v) {
		genCheckMethod(f, t, v)
	}
}

// genFromVariant declares From<Label>.
func genFromVariant(f *jen.File, t *model.Type, v *model.Variant) {
	decl(f, []string{fmt.Sprintf("From%s sets the union to the JSON encoding of v.", v.Label)},
		jen.Func().Params(jen.Id("u").Op("*").Id(t.Name)).Id("From"+v.Label).Params(jen.Id("v").Add(typeExpr(v.Type))).Error().Block(
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("==").Nil()).Block(jen.Id("u").Dot("raw").Op("=").Id("data")),
			jen.Return(jen.Err()),
		))
}

// genDiscriminator declares Discriminator.
func genDiscriminator(f *jen.File, t *model.Type) {
	decl(f, []string{fmt.Sprintf("Discriminator returns the value of the property %s, which names the variant.", quoted(t.Discriminator))},
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("Discriminator").Params().Params(jen.String(), jen.Error()).Block(
			jen.Return(jen.Qual(pkgRT, "Discriminator").Call(jen.Id("u").Dot("raw"), jen.Lit(t.Discriminator))),
		))
}

// genUnionValue declares Value, decoding by the discriminator.
//
//	func (u Pet) Value() (any, error) {
//		d, err := u.Discriminator()
//		...
//		switch d {
//		case "cat":
//			return u.AsCat()   // through a typed local
//		}
//		return nil, fmt.Errorf(...)
//	}
func genUnionValue(f *jen.File, t *model.Type) {
	cases := []jen.Code{}
	seen := map[string]bool{}
	for _, v := range t.Variants {
		var vals []jen.Code
		for _, tag := range v.Tags {
			if !seen[tag] {
				seen[tag] = true
				vals = append(vals, jen.Lit(tag))
			}
		}
		if len(vals) == 0 {
			continue
		}
		cases = append(cases, jen.Case(vals...).Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("u").Dot("As"+v.Label).Call(),
			jen.Return(jen.Id("v"), jen.Err()),
		))
	}
	decl(f, []string{"Value decodes the union into the variant its discriminator names."},
		jen.Func().Params(jen.Id("u").Id(t.Name)).Id("Value").Params().Params(jen.Any(), jen.Error()).Block(
			jen.List(jen.Id("d"), jen.Err()).Op(":=").Id("u").Dot("Discriminator").Call(),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Switch(jen.Id("d")).Block(cases...),
			jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(t.Name+": unknown discriminator %q"), jen.Id("d"))),
		))
}
