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
func classMethod(p *model.Provider) []jen.Code {
	return []jen.Code{withDoc("Class returns the row's classification; the zero Entry is uncertain.",
		jen.Func().Params(jen.Id("e").Id("Entry")).Id("Class").Params().Qual(runtimePkg, "Class").Block(
			jen.Switch(jen.Id("e")).BlockFunc(func(g *jen.Group) {
				for _, group := range byClass(p.Entries()) {
					names := make([]jen.Code, len(group))
					for i, e := range group {
						names[i] = jen.Id(e.ConstName)
					}
					g.Case(names...).Return(classLit(group[0].Class))
				}
			}),
			jen.Return(jen.Qual(runtimePkg, "Class").Values())))}
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

// classLit is the Go literal of c.
func classLit(c codebook.Class) jen.Code {
	return jen.Qual(runtimePkg, "Class").Values(jen.Dict{
		jen.Id("Outcome"):  jen.Qual(runtimePkg, "Outcome"+exportedEnum(c.Outcome.String())),
		jen.Id("Retry"):    jen.Qual(runtimePkg, "Retry"+exportedEnum(c.Retry.String())),
		jen.Id("Fault"):    jen.Qual(runtimePkg, "Fault"+exportedEnum(c.Fault.String())),
		jen.Id("Category"): jen.Qual(runtimePkg, "Category"+exportedEnum(c.Category.String())),
	})
}
