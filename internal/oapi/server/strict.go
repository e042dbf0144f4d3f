package server

import (
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// maxNesting bounds how deep the strict key check follows a request body:
// deeper bodies are refused rather than walked.
const maxNesting = 100

// knownProps lists, sorted and once each, the JSON property names of every
// struct type reachable from tr: the names encoding/json would also match
// in another case.
func knownProps(tr model.TypeRef) []string {
	var out []string
	seen := map[*model.Type]bool{}
	var walk func(model.TypeRef)
	walk = func(tr model.TypeRef) {
		if tr.Elem != nil {
			walk(*tr.Elem)
		}
		t := tr.Named
		if tr.Kind != model.RefNamed || t == nil || seen[t] {
			return
		}
		seen[t] = true
		for _, f := range t.Fields {
			out = append(out, f.JSONName)
			walk(f.Type)
		}
		for _, next := range []*model.TypeRef{t.Extra, t.Elem} {
			if next != nil {
				walk(*next)
			}
		}
		for _, v := range t.Variants {
			walk(v.Type)
		}
	}
	walk(tr)
	slices.Sort(out)
	return slices.Compact(out)
}

// genStrict declares srvStrictKeys, srvKeysIn and srvMediaOK.
func genStrict(f *jen.File) {
	emit.Decl(f, []string{
		"srvStrictKeys walks the JSON value data and returns why it is refused: an object with a key twice",
		"(after unescaping), or a key that equals one of known only when case is ignored (encoding/json",
		"would decode it into that property, the last one winning), or nesting deeper than the bound.",
		"It returns \"\" for an acceptable value, and for malformed JSON, which decoding reports. The",
		"reason never quotes the body.",
	}, jen.Func().Id("srvStrictKeys").Params(jen.Id("data").Index().Byte(), jen.Id("known").Index().String()).String().Block(
		jen.Id("dec").Op(":=").Qual(pkgJSON, "NewDecoder").Call(jen.Qual(pkgBytes, "NewReader").Call(jen.Id("data"))),
		jen.Id("dec").Dot("UseNumber").Call(),
		ret(jen.Id("srvKeysIn").Call(jen.Id("dec"), jen.Id("known"), jen.Lit(0))),
	))
	emit.Decl(f, []string{
		"srvKeysIn checks the next value of dec for srvStrictKeys, depth levels down.",
	}, jen.Func().Id("srvKeysIn").Params(jen.Id("dec").Op("*").Qual(pkgJSON, "Decoder"), jen.Id("known").Index().String(), jen.Id("depth").Int()).String().Block(
		jen.If(jen.Id("depth").Op(">").Lit(maxNesting)).Block(ret(jen.Lit("request body nests deeper than "+strconv.Itoa(maxNesting)+" levels"))),
		jen.List(jen.Id("tok"), jen.Err()).Op(":=").Id("dec").Dot("Token").Call(),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Parens(delim("tok", "!=", '{').Op("&&").Add(delim("tok", "!=", '[')))).Block(
			ret(jen.Lit("")).Comment("a scalar, or malformed")),
		jen.Id("object").Op(":=").Add(delim("tok", "==", '{')),
		jen.Id("seen").Op(":=").Map(jen.String()).Bool().Values(),
		jen.For(jen.Id("dec").Dot("More").Call()).Block(
			jen.If(jen.Id("object")).Block(
				jen.If(jen.Id("p").Op(":=").Id("srvKey").Call(jen.Id("dec"), jen.Id("known"), jen.Id("seen")), jen.Id("p").Op("!=").Lit("")).Block(ret(jen.Id("p"))),
			),
			jen.If(jen.Id("p").Op(":=").Id("srvKeysIn").Call(jen.Id("dec"), jen.Id("known"), jen.Id("depth").Op("+").Lit(1)), jen.Id("p").Op("!=").Lit("")).Block(ret(jen.Id("p"))),
		),
		jen.List(jen.Id("_"), jen.Id("_")).Op("=").Id("dec").Dot("Token").Call().Comment("the closing delimiter"),
		ret(jen.Lit("")),
	))
	emit.Decl(f, []string{
		"srvKey reads the next key of an object and returns why it is refused: seen already (seen records",
		"it), or equal to a name of known only when case is ignored. A malformed key is left to decoding.",
	}, jen.Func().Id("srvKey").Params(jen.Id("dec").Op("*").Qual(pkgJSON, "Decoder"), jen.Id("known").Index().String(), jen.Id("seen").Map(jen.String()).Bool()).String().Block(
		jen.List(jen.Id("tok"), jen.Id("_")).Op(":=").Id("dec").Dot("Token").Call(),
		jen.List(jen.Id("key"), jen.Id("ok")).Op(":=").Id("tok").Assert(jen.String()),
		jen.Switch().Block(
			jen.Case(jen.Op("!").Id("ok")).Block(ret(jen.Lit(""))),
			jen.Case(jen.Id("seen").Index(jen.Id("key"))).Block(ret(jen.Lit("request body has a property twice in one object"))),
		),
		jen.Id("seen").Index(jen.Id("key")).Op("=").True(),
		jen.For(jen.List(jen.Id("_"), jen.Id("k")).Op(":=").Range().Id("known")).Block(
			jen.If(jen.Id("k").Op("!=").Id("key").Op("&&").Qual(pkgStrings, "EqualFold").Call(jen.Id("k"), jen.Id("key"))).Block(
				ret(jen.Lit("request body has a property that differs from ").Op("+").Qual(pkgStrconv, "Quote").Call(jen.Id("k")).Op("+").Lit(" only in case")))),
		ret(jen.Lit("")),
	))
	emit.Decl(f, []string{
		"srvMediaOK reports whether header, a Content-Type, names the media type want, with no charset",
		"but UTF-8 (the only one JSON allows); other parameters are accepted.",
	}, jen.Func().Id("srvMediaOK").Params(jen.List(jen.Id("header"), jen.Id("want")).String()).Bool().Block(
		jen.List(jen.Id("mt"), jen.Id("params"), jen.Err()).Op(":=").Qual(pkgMime, "ParseMediaType").Call(jen.Id("header")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Id("mt").Op("!=").Id("want")).Block(ret(jen.False())),
		jen.List(jen.Id("cs"), jen.Id("ok")).Op(":=").Id("params").Index(jen.Lit("charset")),
		ret(jen.Op("!").Id("ok").Op("||").Qual(pkgStrings, "EqualFold").Call(jen.Id("cs"), jen.Lit("utf-8"))),
	))
}

// delim spells `name op json.Delim('c')`.
func delim(name, op string, c rune) *jen.Statement {
	return jen.Id(name).Op(op).Qual(pkgJSON, "Delim").Call(jen.LitRune(c))
}
