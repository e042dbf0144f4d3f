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
	for _, group := range byClass(p.Entries()) {
		l.WriteString("\tcase ")
		for i, e := range group {
			if i > 0 {
				l.WriteString(", ")
			}
			l.WriteString(e.ConstName)
		}
		l.WriteString(":\n\t\treturn ")
		l.classLit(group[0].Class)
	}
	l.WriteString("\t}\n\treturn codebook.Class{}\n")
}

// byClass groups entries by class, groups in order of first appearance.
func byClass(entries []*model.Entry) [][]*model.Entry {
	index := map[codebook.Class]int{}
	var groups [][]*model.Entry
	for _, e := range entries {
		i, ok := index[e.Class]
		if !ok {
			i = len(groups)
			index[e.Class] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], e)
	}
	return groups
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
