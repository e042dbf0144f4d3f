package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// bodyStmt spells the statement setting the request body.
func bodyStmt(b *model.Body) jen.Code {
	body := jen.Id("body")
	switch b.Kind {
	case model.BodyJSON:
		set := jen.Id("call").Dot("jsonBody").Call(jen.Id("body"), jen.Lit(b.ContentType))
		return optionalBody(b, set)
	case model.BodyForm:
		v := jen.Id("body")
		if bodyPointer(b) {
			v = jen.Parens(jen.Op("*").Id("body"))
		}
		return optionalBody(b, jen.Id("call").Dot("formBody").Call(v.Dot("oapiForm").Call(jen.Id("call"))))
	}
	ctype := jen.Lit(b.ContentType)
	if b.Multipart {
		ctype = jen.Id("contentType")
	}
	return jen.List(jen.Id("call").Dot("body"), jen.Id("call").Dot("ctype")).Op("=").List(body, ctype)
}

// optionalBody guards the setting of an optional body by a nil check.
func optionalBody(b *model.Body, set *jen.Statement) jen.Code {
	if b.Required {
		return set
	}
	return jen.If(jen.Id("body").Op("!=").Nil()).Block(set)
}

// results lists the method's results: the 2xx body (when documented), the
// code-table Result in codebook mode, and the error.
func (e *emitter) results(op *model.Operation) []jen.Code {
	var out []jen.Code
	if t := successExpr(op); t != nil {
		out = append(out, t)
	}
	if e.codebook(op) {
		out = append(out, jen.Id("Result"))
	}
	return append(out, jen.Error())
}

// successExpr is the Go type of the returned 2xx body, nil when the method
// returns none.
func successExpr(op *model.Operation) *jen.Statement {
	switch {
	case op.SuccessRaw:
		return jen.Index().Byte()
	case op.SuccessType == nil:
		return nil
	}
	return ptrExpr(*op.SuccessType, returnsPointer(*op.SuccessType))
}

// zeroResults spells the results of a failed call, ending with err.
func (e *emitter) zeroResults(op *model.Operation, result jen.Code, err jen.Code) []jen.Code {
	var out []jen.Code
	if successExpr(op) != nil {
		out = append(out, jen.Nil())
	}
	if e.codebook(op) {
		out = append(out, result)
	}
	return append(out, err)
}

// responseStmts spells sending the call and handling its response.
func (e *emitter) responseStmts(op *model.Operation) []jen.Code {
	out := []jen.Code{
		jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("c").Dot("send").Call(jen.Id("ctx"), jen.Id("call")),
		ifErrReturn(e.zeroResults(op, jen.Id("Result").Values(), jen.Err())...),
	}
	rr := jen.Code(nil)
	if e.codebook(op) {
		out = append(out, classifyStmts(op, e.zeroResults(op, jen.Id("rr"), jen.Err()))...)
		rr = jen.Id("rr")
	}
	return append(out, e.decodeStmts(op, rr)...)
}

// classifyStmts spells the code-table classification of codebook mode:
//
//	rr := ClassifyHTTP(TableTransact, r.status, r.header, r.body, "code", "message")
//	if err := rr.Err(); err != nil { return nil, rr, err }
//	if !oapiSuccess(r.status) { return nil, rr, nil }
func classifyStmts(op *model.Operation, fail []jen.Code) []jen.Code {
	cb := op.Codebook
	pending := append([]jen.Code(nil), fail...)
	pending[len(pending)-1] = jen.Nil()
	return []jen.Code{
		jen.Id("rr").Op(":=").Id("ClassifyHTTP").Call(jen.Id(cb.TableConst), jen.Id("r").Dot("status"), jen.Id("r").Dot("header"), jen.Id("r").Dot("body"), jen.Lit(cb.Code), jen.Lit(cb.Message)),
		ifErrAssign(jen.Id("rr").Dot("Err").Call(), fail...),
		jen.If(jen.Op("!").Id("oapiSuccess").Call(jen.Id("r").Dot("status"))).Block(jen.Return(pending...)),
	}
}

// decodeStmts spells decoding the response and returning.
func (e *emitter) decodeStmts(op *model.Operation, rr jen.Code) []jen.Code {
	withRR := func(vals ...jen.Code) []jen.Code {
		if rr == nil {
			return vals
		}
		last := vals[len(vals)-1]
		return append(append(vals[:len(vals)-1:len(vals)-1], rr), last)
	}
	errModel := errModelExpr(op)
	switch {
	case op.SuccessRaw:
		return []jen.Code{
			jen.If(jen.Op("!").Id("oapiSuccess").Call(jen.Id("r").Dot("status"))).Block(
				jen.Return(withRR(jen.Nil(), jen.Id("oapiNewAPIError").Call(jen.Id("call"), jen.Id("r"), errModel))...)),
			jen.Return(withRR(jen.Id("r").Dot("body"), jen.Nil())...),
		}
	case op.SuccessType == nil:
		return []jen.Code{jen.Return(withRR(jen.Id("oapiDecode").Call(jen.Id("call"), jen.Id("r"), jen.Nil(), errModel))...)}
	}
	out := jen.Id("out")
	if returnsPointer(*op.SuccessType) {
		out = jen.Op("&").Id("out")
	}
	return []jen.Code{
		jen.Var().Id("out").Add(typeExpr(*op.SuccessType)),
		ifErrAssign(jen.Id("oapiDecode").Call(jen.Id("call"), jen.Id("r"), jen.Op("&").Id("out"), errModel), withRR(jen.Nil(), jen.Err())...),
		jen.Return(withRR(out, jen.Nil())...),
	}
}

// errModelExpr spells the function choosing the documented error model
// for a status, or nil when the operation documents none.
//
//	func(status int) any {
//		switch {
//		case status == 404:
//			return new(Error)
//		case status/100 == 5:
//			return new(Error)
//		}
//		return new(Error) // default
//	}
func errModelExpr(op *model.Operation) jen.Code {
	var cases []jen.Code
	var def jen.Code
	for _, r := range orderedErrors(op.Responses) {
		model := jen.New(typeExpr(*r.Type))
		switch {
		case r.Code != 0:
			cases = append(cases, jen.Case(jen.Id("status").Op("==").Lit(r.Code)).Block(jen.Return(model)))
		case r.Class != 0:
			cases = append(cases, jen.Case(jen.Id("status").Op("/").Lit(100).Op("==").Lit(r.Class)).Block(jen.Return(model)))
		default:
			def = model
		}
	}
	if len(cases) == 0 && def == nil {
		return jen.Nil()
	}
	if def == nil {
		def = jen.Nil()
	}
	body := []jen.Code{}
	if len(cases) > 0 {
		body = append(body, jen.Switch().Block(cases...))
	}
	body = append(body, jen.Return(def))
	return jen.Func().Params(jen.Id("status").Int()).Any().Block(body...)
}

// orderedErrors lists the typed non-2xx responses: exact codes first, then
// classes, then default (so that exact codes win in the switch).
func orderedErrors(rs []*model.Response) []*model.Response {
	var exact, class, def []*model.Response
	for _, r := range rs {
		if r.Type == nil || r.IsSuccess() {
			continue
		}
		switch {
		case r.Code != 0:
			exact = append(exact, r)
		case r.Class != 0:
			class = append(class, r)
		default:
			def = append(def, r)
		}
	}
	return append(append(exact, class...), def...)
}
