package gocode

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

// classMethod emits Class as one switch with a case per distinct class,
// listing every row that has it: a reader sees at a glance which rows share
// a class, and codebook.Class is four bytes the compiler keeps in
// registers, so Classify stays in nanoseconds.
func classMethod(p *model.Provider, b *bulk) []jen.Code {
	return []jen.Code{withDoc("Class returns the row's classification; the zero Entry is uncertain.",
		jen.Func().Params(jen.Id("e").Id("Entry")).Id("Class").Params().Qual(runtimePkg, "Class").Block(
			b.slot(classSwitchSize(p), func(l *lines) { classSwitch(l, p) })))}
}

// classSwitch is the body of Entry.Class: one case per distinct class.
//
//	switch e {
//	case TopupSuccess, TopupDone:
//		return codebook.Class{
//			Category: codebook.CategoryNone,
//			...
//		}
//	}
//	return codebook.Class{}
func classSwitch(l *lines, p *model.Provider) {
	l.WriteString("\tswitch e {\n")
	for _, c := range classOrder(p) {
		l.WriteString("\tcase ")
		first := true
		for e := range allEntries(p) {
			if e.Class != c {
				continue
			}
			if !first {
				l.WriteString(", ")
			}
			first = false
			l.WriteString(e.ConstName)
		}
		l.WriteString(":\n\t\treturn ")
		l.classLit(c)
	}
	l.WriteString("\t}\n\treturn codebook.Class{}\n")
}

// classOrder returns the distinct classes of p's rows in order of first
// appearance: the cases of classSwitch, each listing its rows in order.
func classOrder(p *model.Provider) []codebook.Class {
	seen := map[codebook.Class]bool{}
	var order []codebook.Class
	for e := range allEntries(p) {
		if !seen[e.Class] {
			seen[e.Class] = true
			order = append(order, e.Class)
		}
	}
	return order
}

// classLit appends the Go literal of c, keys in jennifer's (sorted)
// order and values aligned as gofmt aligns them, ending a case.
func (l *lines) classLit(c codebook.Class) {
	l.WriteString("codebook.Class{\n" +
		"\t\t\tCategory: codebook.Category" + exportedEnum(c.Category.String()) + ",\n" +
		"\t\t\tFault:    codebook.Fault" + exportedEnum(c.Fault.String()) + ",\n" +
		"\t\t\tOutcome:  codebook.Outcome" + exportedEnum(c.Outcome.String()) + ",\n" +
		"\t\t\tRetry:    codebook.Retry" + exportedEnum(c.Retry.String()) + ",\n" +
		"\t\t}\n")
}
