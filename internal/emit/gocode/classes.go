package gocode

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

// classMethod emits Class as a lookup in a constant string that holds four
// bytes per Entry (outcome, retry, fault, category), one commented line
// per row. A constant is no package state, the method is small enough to
// inline into Classify, and it has no branch to mispredict:
//
//	const classes = "" +
//		"\x00\x00\x00\x00" + // no row: uncertain/reconcile/unknown/unknown
//		"\x01\x01\x01\x01" + // TopupSuccess: success/never/none/none
//		""
func classMethod(p *model.Provider) []jen.Code {
	lines := []jen.Code{jen.Lit(""), jen.Op("+"), jen.Line(),
		classBytes(codebook.Unknown()).Op("+").Comment("no row: " + codebook.Unknown().String()), jen.Line()}
	for _, e := range p.Entries() {
		lines = append(lines, classBytes(e.Class).Op("+").Comment(e.ConstName+": "+e.Class.String()), jen.Line())
	}
	lines = append(lines, jen.Lit(""))
	at := func(k int) jen.Code {
		if k == 0 {
			return jen.Id("classes").Index(jen.Id("i"))
		}
		return jen.Id("classes").Index(jen.Id("i").Op("+").Lit(k))
	}
	return []jen.Code{
		withDoc("classes holds the class of every Entry, four bytes each: outcome, retry, fault and category, "+
			"as the codebook constants number them (guarded below).",
			jen.Const().Id("classes").Op("=").Add(lines...)),
		withDoc("Class returns the row's classification; the zero Entry is uncertain.",
			jen.Func().Params(jen.Id("e").Id("Entry")).Id("Class").Params().Qual(runtimePkg, "Class").Block(
				jen.Id("i").Op(":=").Int().Call(jen.Id("e")).Op("*").Lit(4),
				jen.If(jen.Id("i").Op("+").Lit(4).Op(">").Len(jen.Id("classes"))).Block(
					jen.Return(jen.Qual(runtimePkg, "Class").Values())),
				jen.Return(jen.Qual(runtimePkg, "Class").Values(jen.Dict{
					jen.Id("Outcome"):  jen.Qual(runtimePkg, "Outcome").Call(at(0)),
					jen.Id("Retry"):    jen.Qual(runtimePkg, "Retry").Call(at(1)),
					jen.Id("Fault"):    jen.Qual(runtimePkg, "Fault").Call(at(2)),
					jen.Id("Category"): jen.Qual(runtimePkg, "Category").Call(at(3)),
				})))),
	}
}

// classBytes is the four-byte encoding of c in the classes constant, as a
// string literal of hex escapes (only hex digits come from the model).
func classBytes(c codebook.Class) *jen.Statement {
	return jen.Op(fmt.Sprintf(`"\x%02x\x%02x\x%02x\x%02x"`, uint8(c.Outcome), uint8(c.Retry), uint8(c.Fault), uint8(c.Category)))
}

// enumGuards are the lines of the compile-time guard that fail when the
// codebook constants the classes string was encoded with change value.
func enumGuards(p *model.Provider) []jen.Code {
	seen := map[string]bool{}
	var out []jen.Code
	add := func(kind, name string, value uint8) {
		id := kind + exportedEnum(name)
		if !seen[id] {
			seen[id] = true
			out = append(out, jen.Id("_").Op("=").Id("x").Index(jen.Qual(runtimePkg, id).Op("-").Lit(int(value))))
		}
	}
	for _, c := range append([]codebook.Class{codebook.Unknown()}, classes(p)...) {
		add("Outcome", c.Outcome.String(), uint8(c.Outcome))
		add("Retry", c.Retry.String(), uint8(c.Retry))
		add("Fault", c.Fault.String(), uint8(c.Fault))
		add("Category", c.Category.String(), uint8(c.Category))
	}
	return out
}

func classes(p *model.Provider) []codebook.Class {
	var out []codebook.Class
	for _, e := range p.Entries() {
		out = append(out, e.Class)
	}
	return out
}
