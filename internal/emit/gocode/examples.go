package gocode

import (
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/internal/model"
)

// buildExamples emits example_test.go, in the package itself so that it
// needs no import path: Example functions, run by go test,
// whose expected output the generator computes from the model. They show
// Classify on a documented row and errors.Is/As on a classified failure.
func buildExamples(f *jen.File, p *model.Provider, _ *bulk) {
	if e := firstEntry(p, func(e *model.Entry) bool { return e.HasCode }); e != nil {
		f.Add(exampleClassify(p, e))
		f.Line()
	}
	if e := firstEntry(p, isCategorisedFailure); e != nil {
		f.Add(exampleError(p, e))
	}
}

// firstEntry returns the first row written in place that keep accepts.
func firstEntry(p *model.Provider, keep func(*model.Entry) bool) *model.Entry {
	for e := range allEntries(p) {
		if e.Origin == nil && keep(e) {
			return e
		}
	}
	return nil
}

func isCategorisedFailure(e *model.Entry) bool {
	c := e.Class.Category
	return e.HasCode && e.Class.Outcome == codebook.OutcomeFailed && c != codebook.CategoryUnknown && c != codebook.CategoryNone
}

// exampleStatus is the HTTP status an example response comes with.
func exampleStatus(e *model.Entry) int {
	if e.HTTP != 0 {
		return e.HTTP
	}
	return 200
}

func exampleClassify(p *model.Provider, e *model.Entry) jen.Code {
	status := exampleStatus(e)
	class := codebookimpl.Settle(e.Class, status)
	return withDoc("ExampleClassify finds the row of a response by its code and prints the row and its class.", jen.Func().Id("ExampleClassify").Params().Block(
		jen.List(jen.Id("entry"), jen.Id("class")).Op(":=").Id("Classify").Call(
			jen.Id(e.Table.ConstName),
			jen.Id("Response").Values(jen.Dict{
				jen.Id("Status"):  jen.Lit(status),
				jen.Id("Code"):    codeLit(p, e.Code),
				jen.Id("HasCode"): jen.True(),
			})),
		jen.Qual("fmt", "Println").Call(jen.Id("entry").Dot("String").Call(), jen.Id("class")),
		jen.Comment("Output: "+e.ConstName+" "+class.String()),
	))
}

func exampleError(p *model.Provider, e *model.Entry) jen.Code {
	category := "Err" + exportedEnum(e.Class.Category.String())
	return withDoc("ExampleError classifies a whole HTTP response and matches its error by category, by row and by type.", jen.Func().Id("ExampleError").Params().Block(
		jen.Id("body").Op(":=").Index().Byte().Call(jen.Lit(`{"code": `+wireCode(p, e.Code)+`}`)),
		jen.Id("result").Op(":=").Id("ClassifyHTTP").Call(jen.Id(e.Table.ConstName),
			jen.Lit(exampleStatus(e)), jen.Nil(), jen.Id("body"), jen.Lit("code"), jen.Lit("message")),
		jen.Id("err").Op(":=").Id("result").Dot("Err").Call(),
		jen.Qual("fmt", "Println").Call(jen.Qual("errors", "Is").Call(jen.Id("err"), jen.Qual(runtimePkg, category))),
		jen.Qual("fmt", "Println").Call(jen.Qual("errors", "Is").Call(jen.Id("err"), jen.Id(e.ConstName))),
		jen.Var().Id("perr").Op("*").Id("Error"),
		jen.If(jen.Qual("errors", "As").Call(jen.Id("err"), jen.Op("&").Id("perr"))).Block(
			jen.Qual("fmt", "Println").Call(jen.Id("perr").Dot("Status"), jen.Id("perr").Dot("Class").Dot("Retry"))),
		jen.Comment("Output:").Line().Comment("true").Line().Comment("true").Line().
			Comment(strconv.Itoa(exampleStatus(e))+" "+e.Class.Retry.String()),
	))
}

// wireCode returns a code as it appears in a JSON body.
func wireCode(p *model.Provider, code string) string {
	if p.CodeKind == model.CodeInteger {
		return code
	}
	return strconv.Quote(code)
}
