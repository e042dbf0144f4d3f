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

// wrapErr spells fmt.Errorf("%s: <what>: %w", call.op, err) without a what
// when what is empty.
func wrapErr(what string) *jen.Statement {
	format := "%s: %w"
	if what != "" {
		format = "%s: " + what + ": %w"
	}
	return jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(format), jen.Id("call").Dot("op"), jen.Err())
}

// optionFunc spells `func Name(params) Option { return func(c *Client) error { body; return nil } }`.
func optionFunc(name string, params []jen.Code, body ...jen.Code) *jen.Statement {
	body = append(body, jen.Return(jen.Nil()))
	return jen.Func().Id(name).Params(params...).Id("Option").Block(
		jen.Return(jen.Func().Params(jen.Id("c").Op("*").Id("Client")).Error().Block(body...)),
	)
}

// clientMethod spells `func (c *Client) name(params) results { body }`.
func clientMethod(name string, params []jen.Code, results []jen.Code, body ...jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(name).Params(params...).Params(results...).Block(body...)
}

// callMethod spells `func (call *oapiCall) name(params) results { body }`.
func callMethod(name string, params []jen.Code, results []jen.Code, body ...jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("call").Op("*").Id("oapiCall")).Id(name).Params(params...).Params(results...).Block(body...)
}
