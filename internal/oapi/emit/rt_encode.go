package emit

import "github.com/dave/jennifer/jen"

// genEncoding declares the helpers that write parameters and bodies.
func genEncoding(f *jen.File) {
	genPathSegment(f)
	genTextHelpers(f)
	genListHelpers(f)
	genBodyHelpers(f)
}

// genPathSegment declares oapiCall.seg and oapiPathSegment: path parameter
// values are escaped so that no value can change the path ("/", "?", "#",
// "." and ".." included), and an empty value fails the call.
func genPathSegment(f *jen.File) {
	decl(f, []string{"seg escapes a path parameter value; an empty value fails the call, since it would change the path."},
		callMethod("seg", []jen.Code{jen.List(jen.Id("name"), jen.Id("v")).String()}, []jen.Code{jen.String()},
			jen.If(jen.Id("v").Op("==").Lit("").Op("&&").Id("call").Dot("err").Op("==").Nil()).Block(
				jen.Id("call").Dot("err").Op("=").Qual(pkgFmt, "Errorf").Call(jen.Lit("path parameter %q is empty"), jen.Id("name"))),
			jen.Return(jen.Id("oapiPathSegment").Call(jen.Id("v"))),
		))
	decl(f, []string{"oapiPathSegment escapes v as one path segment; the dot segments are escaped too."},
		jen.Func().Id("oapiPathSegment").Params(jen.Id("v").String()).String().Block(
			jen.Switch(jen.Id("v")).Block(
				jen.Case(jen.Lit(".")).Block(jen.Return(jen.Lit("%2E"))),
				jen.Case(jen.Lit("..")).Block(jen.Return(jen.Lit("%2E%2E"))),
			),
			jen.Return(jen.Qual(pkgURL, "PathEscape").Call(jen.Id("v"))),
		))
}

// genTextHelpers declares the functions giving the text form of scalars.
func genTextHelpers(f *jen.File) {
	v := jen.Id("v")
	decl(f, []string{"oapiStr gives the text form of a string value."},
		jen.Func().Id("oapiStr").Types(jen.Id("T").Op("~").String()).Params(jen.Id("v").Id("T")).String().Block(
			jen.Return(jen.String().Call(v.Clone()))))
	decl(f, []string{"oapiInt gives the text form of an integer value."},
		jen.Func().Id("oapiInt").Types(jen.Id("T").Op("~").Int32().Op("|").Op("~").Int64()).Params(jen.Id("v").Id("T")).String().Block(
			jen.Return(jen.Qual(pkgStrconv, "FormatInt").Call(jen.Int64().Call(v.Clone()), jen.Lit(10)))))
	decl(f, []string{"oapiFloat gives the text form of a number value."},
		jen.Func().Id("oapiFloat").Types(jen.Id("T").Op("~").Float32().Op("|").Op("~").Float64()).Params(jen.Id("v").Id("T")).String().Block(
			jen.Return(jen.Qual(pkgStrconv, "FormatFloat").Call(jen.Float64().Call(v.Clone()), jen.LitByte('g'), jen.Lit(-1), jen.Lit(64)))))
	decl(f, []string{"oapiBool gives the text form of a boolean value."},
		jen.Func().Id("oapiBool").Types(jen.Id("T").Op("~").Bool()).Params(jen.Id("v").Id("T")).String().Block(
			jen.Return(jen.Qual(pkgStrconv, "FormatBool").Call(jen.Bool().Call(v.Clone())))))
	decl(f, []string{"oapiTime gives the RFC 3339 form of a time."},
		jen.Func().Id("oapiTime").Params(jen.Id("v").Qual(pkgTime, "Time")).String().Block(
			jen.Return(jen.Id("v").Dot("Format").Call(jen.Qual(pkgTime, "RFC3339Nano")))))
}

// genListHelpers declares the helpers writing array parameters.
func genListHelpers(f *jen.File) {
	decl(f, []string{"oapiJoin joins the text forms of vs with commas (style form or simple, explode false)."},
		jen.Func().Id("oapiJoin").Types(jen.Id("T").Any()).Params(jen.Id("vs").Index().Id("T"), jen.Id("text").Func().Params(jen.Id("T")).String()).String().Block(
			jen.Id("parts").Op(":=").Make(jen.Index().String(), jen.Len(jen.Id("vs"))),
			jen.For(jen.List(jen.Id("i"), jen.Id("v")).Op(":=").Range().Id("vs")).Block(
				jen.Id("parts").Index(jen.Id("i")).Op("=").Id("text").Call(jen.Id("v"))),
			jen.Return(jen.Qual(pkgStrings, "Join").Call(jen.Id("parts"), jen.Lit(","))),
		))
	decl(f, []string{"oapiAddEach adds one name=value pair per element of vs (style form, explode true)."},
		jen.Func().Id("oapiAddEach").Types(jen.Id("T").Any()).Params(jen.Id("q").Qual(pkgURL, "Values"), jen.Id("name").String(), jen.Id("vs").Index().Id("T"), jen.Id("text").Func().Params(jen.Id("T")).String()).Block(
			jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Id("vs")).Block(
				jen.Id("q").Dot("Add").Call(jen.Id("name"), jen.Id("text").Call(jen.Id("v")))),
		))
}

// genBodyHelpers declares the oapiCall methods that set bodies and JSON
// parameters.
func genBodyHelpers(f *jen.File) {
	decl(f, []string{"jsonText gives the JSON encoding of v as text; a failure fails the call."},
		callMethod("jsonText", []jen.Code{jen.Id("v").Any()}, []jen.Code{jen.String()},
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil().Op("&&").Id("call").Dot("err").Op("==").Nil()).Block(jen.Id("call").Dot("err").Op("=").Err()),
			jen.Return(jen.String().Call(jen.Id("data"))),
		))
	decl(f, []string{"paramText gives the text form of a value that has none of its own (a union, raw JSON, an object):", "its JSON encoding, with a JSON string unquoted so that a string variant is sent as it is."},
		callMethod("paramText", []jen.Code{jen.Id("v").Any()}, []jen.Code{jen.String()},
			jen.Id("text").Op(":=").Id("call").Dot("jsonText").Call(jen.Id("v")),
			jen.Var().Id("s").String(),
			jen.If(jen.Qual(pkgStrings, "HasPrefix").Call(jen.Id("text"), jen.Lit(`"`)).Op("&&").Qual(pkgJSON, "Unmarshal").Call(jen.Index().Byte().Call(jen.Id("text")), jen.Op("&").Id("s")).Op("==").Nil()).Block(
				jen.Return(jen.Id("s"))),
			jen.Return(jen.Id("text")),
		))
	decl(f, []string{"jsonBody sends the JSON encoding of v as the body."},
		callMethod("jsonBody", []jen.Code{jen.Id("v").Any(), jen.Id("ctype").String()}, nil,
			jen.Id("call").Dot("body").Op("=").Qual(pkgStrings, "NewReader").Call(jen.Id("call").Dot("jsonText").Call(jen.Id("v"))),
			jen.Id("call").Dot("ctype").Op("=").Id("ctype"),
		))
	decl(f, []string{"formBody sends form values as an application/x-www-form-urlencoded body."},
		callMethod("formBody", []jen.Code{jen.Id("v").Qual(pkgURL, "Values")}, nil,
			jen.Id("call").Dot("body").Op("=").Qual(pkgStrings, "NewReader").Call(jen.Id("v").Dot("Encode").Call()),
			jen.Id("call").Dot("ctype").Op("=").Lit("application/x-www-form-urlencoded"),
		))
}
