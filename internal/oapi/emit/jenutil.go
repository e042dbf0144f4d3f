package emit

import "github.com/dave/jennifer/jen"

// ifErrReturn spells `if err != nil { return vals... }`.
func ifErrReturn(vals ...jen.Code) *jen.Statement {
	return jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(vals...))
}

// ifErrAssign spells `if err := call; err != nil { return vals... }`.
func ifErrAssign(call jen.Code, vals ...jen.Code) *jen.Statement {
	return jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(jen.Return(vals...))
}
