package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// A struct with a Union is an allOf of object schemas and a oneOf/anyOf:
// the same JSON object decodes into the named fields and into the union
// field, and encodes as the fields' properties plus those of the union the
// fields do not already hold.

// unionStructField spells the field holding the union side of an allOf.
func unionStructField(t *model.Type) []jen.Code {
	return []jen.Code{
		jen.Comment(t.UnionField + " is the oneOf/anyOf side of the allOf, decoded from the same JSON object."),
		jen.Id(t.UnionField).Add(typeExpr(*t.Union)).Tag(map[string]string{"json": "-"}),
	}
}

// genAllOfMethods declares UnmarshalJSON and MarshalJSON for a struct with
// a union side (and, when it has them, additional properties).
//
//	func (v *ErrorDetail) UnmarshalJSON(data []byte) error {
//		type plain ErrorDetail
//		if err := json.Unmarshal(data, (*plain)(v)); err != nil { return err }
//		return json.Unmarshal(data, &v.Reason)
//	}
//	func (v ErrorDetail) MarshalJSON() ([]byte, error) {
//		type plain ErrorDetail
//		data, err := json.Marshal(plain(v))
//		if err != nil { return nil, err }
//		return apiclient.MergeObject(data, v.Reason)
//	}
func genAllOfMethods(f *jen.File, t *model.Type) {
	decode := []jen.Code{
		jen.Type().Id("plain").Id(t.Name),
		ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err()),
	}
	encode := jen.Qual(pkgJSON, "Marshal").Call(jen.Id("plain").Call(jen.Id("v")))
	if t.Extra != nil {
		known := []jen.Code{jen.Id("data"), jen.Op("&").Id("v").Dot(t.ExtraField)}
		for _, fl := range t.Fields {
			known = append(known, jen.Lit(fl.JSONName))
		}
		decode = append(decode, ifErrAssign(jen.Qual(pkgRT, "ExtraFields").Call(known...), jen.Err()))
		encode = jen.Qual(pkgRT, "MergeExtra").Call(jen.Id("plain").Call(jen.Id("v")), jen.Id("v").Dot(t.ExtraField))
	}
	decode = append(decode, jen.Return(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("v").Dot(t.UnionField))))
	decl(f, []string{"UnmarshalJSON decodes the named properties into their fields and the whole object into " + t.UnionField + "."},
		jen.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(decode...))
	decl(f, []string{"MarshalJSON encodes the fields, then the properties of " + t.UnionField + " they do not hold."},
		jen.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Type().Id("plain").Id(t.Name),
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Add(encode),
			ifErrReturn(jen.Nil(), jen.Err()),
			jen.Return(jen.Qual(pkgRT, "MergeObject").Call(jen.Id("data"), jen.Id("v").Dot(t.UnionField))),
		))
}
