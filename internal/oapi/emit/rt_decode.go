package emit

import "github.com/dave/jennifer/jen"

// genDecoding declares the helpers that read responses and JSON.
func genDecoding(f *jen.File, rt needs) {
	genDecode(f)
	if rt.decodeBody {
		genDecodeBody(f)
	}
	genRawHelpers(f)
	genExtraHelpers(f)
}

// genDecodeBody declares oapiDecodeBody, which decodes the 2xx body of an
// operation classified with a code table: there, a body that is missing or
// does not decode makes the outcome uncertain, so it is an error.
func genDecodeBody(f *jen.File) {
	decl(f, []string{
		"oapiDecodeBody decodes the 2xx body of r into out. A body that does not decode is an error, and",
		"so is an empty one unless emptyOK (the spec documents no body for the status).",
	},
		jen.Func().Id("oapiDecodeBody").Params(jen.Id("call").Op("*").Id("oapiCall"), jen.Id("r").Op("*").Id("oapiResponse"), jen.Id("out").Any(), jen.Id("emptyOK").Bool()).Error().Block(
			jen.If(jen.Len(jen.Qual(pkgBytes, "TrimSpace").Call(jen.Id("r").Dot("body"))).Op("==").Lit(0)).Block(
				jen.If(jen.Id("emptyOK")).Block(jen.Return(jen.Nil())),
				jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: HTTP %d response has no body"), jen.Id("call").Dot("op"), jen.Id("r").Dot("status")))),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("r").Dot("body"), jen.Id("out")),
				jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: decode HTTP %d response: %w"), jen.Id("call").Dot("op"), jen.Id("r").Dot("status"), jen.Err())),
			jen.Return(jen.Nil()),
		))
}

// genDecode declares oapiSuccess, oapiDecode and oapiRaw.
func genDecode(f *jen.File) {
	decl(f, []string{"oapiSuccess reports whether status is 2xx."},
		jen.Func().Id("oapiSuccess").Params(jen.Id("status").Int()).Bool().Block(
			jen.Return(jen.Id("status").Op(">=").Lit(200).Op("&&").Id("status").Op("<=").Lit(299))))
	decl(f, []string{"oapiDecode decodes a 2xx body into out (when both exist); any other status gives the", "error oapiNewAPIError builds with the operation's error builder opErr."},
		jen.Func().Id("oapiDecode").Params(jen.Id("call").Op("*").Id("oapiCall"), jen.Id("r").Op("*").Id("oapiResponse"), jen.Id("out").Any(), jen.Id("opErr").Func().Params(jen.Op("*").Id("APIError"), jen.Index().Byte()).Error()).Error().Block(
			jen.If(jen.Op("!").Id("oapiSuccess").Call(jen.Id("r").Dot("status"))).Block(
				jen.Return(jen.Id("oapiNewAPIError").Call(jen.Id("call"), jen.Id("r"), jen.Id("opErr")))),
			jen.If(jen.Id("out").Op("==").Nil().Op("||").Len(jen.Qual(pkgBytes, "TrimSpace").Call(jen.Id("r").Dot("body"))).Op("==").Lit(0)).Block(
				jen.Return(jen.Nil())),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("r").Dot("body"), jen.Id("out")),
				jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: decode HTTP %d response: %w"), jen.Id("call").Dot("op"), jen.Id("r").Dot("status"), jen.Err())),
			jen.Return(jen.Nil()),
		))
}

// genRawHelpers declares the helpers of unions.
func genRawHelpers(f *jen.File) {
	decl(f, []string{"oapiRawOrNull returns raw, or the JSON null when raw is empty."},
		jen.Func().Id("oapiRawOrNull").Params(jen.Id("raw").Qual(pkgJSON, "RawMessage")).Qual(pkgJSON, "RawMessage").Block(
			jen.If(jen.Len(jen.Id("raw")).Op("==").Lit(0)).Block(jen.Return(jen.Qual(pkgJSON, "RawMessage").Call(jen.Lit("null")))),
			jen.Return(jen.Id("raw"))))
	decl(f, []string{"oapiDiscriminator reads the string property prop of a JSON object."},
		jen.Func().Id("oapiDiscriminator").Params(jen.Id("raw").Qual(pkgJSON, "RawMessage"), jen.Id("prop").String()).Params(jen.String(), jen.Error()).Block(
			jen.Var().Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("oapiRawOrNull").Call(jen.Id("raw")), jen.Op("&").Id("obj")), jen.Lit(""), jen.Err()),
			jen.Var().Id("v").String(),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("oapiRawOrNull").Call(jen.Id("obj").Index(jen.Id("prop"))), jen.Op("&").Id("v")), jen.Lit(""), jen.Err()),
			jen.Return(jen.Id("v"), jen.Nil())))
}

// genExtraHelpers declares the helpers of structs keeping additional
// properties.
func genExtraHelpers(f *jen.File) {
	decl(f, []string{"oapiExtraFields decodes the properties of data not named in known into *dst."},
		jen.Func().Id("oapiExtraFields").Types(jen.Id("T").Any()).Params(jen.Id("data").Index().Byte(), jen.Id("dst").Op("*").Map(jen.String()).Id("T"), jen.Id("known").Op("...").String()).Error().Block(
			jen.Var().Id("all").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("all")), jen.Err()),
			jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("known")).Block(jen.Delete(jen.Id("all"), jen.Id("k"))),
			jen.If(jen.Len(jen.Id("all")).Op("==").Lit(0)).Block(jen.Op("*").Id("dst").Op("=").Nil(), jen.Return(jen.Nil())),
			jen.Op("*").Id("dst").Op("=").Make(jen.Map(jen.String()).Id("T"), jen.Len(jen.Id("all"))),
			jen.For(jen.List(jen.Id("k"), jen.Id("raw")).Op(":=").Range().Id("all")).Block(
				jen.Var().Id("v").Id("T"),
				ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("v")), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("property %q: %w"), jen.Id("k"), jen.Err())),
				jen.Parens(jen.Op("*").Id("dst")).Index(jen.Id("k")).Op("=").Id("v")),
			jen.Return(jen.Nil())))
	decl(f, []string{"oapiMergeExtra encodes v and adds the properties of extra it does not already have."},
		jen.Func().Id("oapiMergeExtra").Types(jen.Id("T").Any()).Params(jen.Id("v").Any(), jen.Id("extra").Map(jen.String()).Id("T")).Params(jen.Index().Byte(), jen.Error()).Block(
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("extra")).Op("==").Lit(0)).Block(jen.Return(jen.Id("data"), jen.Err())),
			jen.Var().Id("all").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
			ifErrAssign(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("all")), jen.Nil(), jen.Err()),
			jen.For(jen.List(jen.Id("k"), jen.Id("x")).Op(":=").Range().Id("extra")).Block(
				jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("all").Index(jen.Id("k")), jen.Id("ok")).Block(jen.Continue()),
				jen.List(jen.Id("raw"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("x")),
				ifErrReturn(jen.Nil(), jen.Err()),
				jen.Id("all").Index(jen.Id("k")).Op("=").Id("raw")),
			jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("all")))))
}
