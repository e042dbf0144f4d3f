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
		set := jen.Id("call").Dot("JSONBody").Call(jen.Id("body"), jen.Lit(b.ContentType))
		return optionalBody(b, set)
	case model.BodyForm:
		v := jen.Id("body")
		if bodyPointer(b) {
			v = jen.Parens(jen.Op("*").Id("body"))
		}
		return optionalBody(b, jen.Id("call").Dot("FormBody").Call(v.Dot("oapiForm").Call(jen.Id("call"))))
	}
	ctype := jen.Lit(b.ContentType)
	if b.Multipart {
		ctype = jen.Id("contentType")
	}
	return jen.Id("call").Dot("Body").Call(body, ctype)
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
		out = append(out, jen.Id(e.api.Codes.Result))
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

// zeroResults spells the results of a failed call: no body, result (the
// Result of codebook mode, nil outside it) and err.
func (e *emitter) zeroResults(op *model.Operation, result jen.Code, err jen.Code) []jen.Code {
	var out []jen.Code
	if successExpr(op) != nil {
		out = append(out, jen.Nil())
	}
	if result != nil {
		out = append(out, result)
	}
	return append(out, err)
}

// responseStmts spells sending the call and handling its response.
func (e *emitter) responseStmts(op *model.Operation) []jen.Code {
	send := jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("c").Dot("rt").Dot("Send").Call(jen.Id("ctx"), jen.Id("call"))
	if !e.codebook(op) {
		return append([]jen.Code{send, ifErrReturn(e.zeroResults(op, nil, jen.Err())...)}, e.decodeStmts(op)...)
	}
	return append([]jen.Code{
		send,
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.List(jen.Id("rr"), jen.Err()).Op(":=").Qual(pkgRT, "NoResponse").Call(jen.Id(e.api.Codes.Result).Values(jen.Dict{jen.Id("Table"): jen.Id(op.Codebook.TableConst)}), jen.Id("r"), jen.Err()),
			jen.Return(e.zeroResults(op, jen.Id("rr"), jen.Err())...),
		),
	}, e.classifyStmts(op)...)
}

// classifyStmts spells the code-table classification of codebook mode: the
// Result of the response, and the typed body of any 2xx one, whatever its
// class; a 2xx body that does not decode (or is missing where the spec
// documents one) makes the outcome uncertain. An operation whose 2xx body
// is decoded once (see once) tries that first.
//
//	if out, rr, ok := oapiOnceTopUp(c.rt, r); ok { return out, rr, rr.Err() }
//	rr := ClassifyHTTP(TableTransact, r.Status, r.Header, r.Body, "code", "message")
//	if !apiclient.Success(r.Status) { return nil, rr, oapiNewTransactError(rr, r.Body) } // rr.Err() without an error type
//	var out Response
//	if err := apiclient.DecodeBody(call, r, &out, false); err != nil {
//		rr, err := apiclient.Uncertain(rr, err)
//		return nil, rr, err
//	}
//	return &out, rr, rr.Err()
func (e *emitter) classifyStmts(op *model.Operation) []jen.Code {
	cb, codes := op.Codebook, e.api.Codes
	rrErr := jen.Id("rr").Dot("Err").Call()
	failed := rrErr.Clone()
	if op.ErrorType != "" {
		failed = jen.Id(errorBuilder(op)).Call(jen.Id("rr"), jen.Id("r").Dot("Body"))
	}
	notOK := jen.Op("!").Qual(pkgRT, "Success").Call(jen.Id("r").Dot("Status"))
	var out []jen.Code
	if e.once(op) != nil {
		out = append(out, onceCall(op))
	}
	out = append(out,
		jen.Id("rr").Op(":=").Id(codes.ClassifyHTTP).Call(jen.Id(cb.TableConst), jen.Id("r").Dot("Status"), jen.Id("r").Dot("Header"), jen.Id("r").Dot("Body"), jen.Lit(cb.Code), jen.Lit(cb.Message)))
	out = append(out, bodyStatusStmts(cb)...)
	switch {
	case op.SuccessRaw:
		return append(out,
			jen.If(notOK).Block(jen.Return(jen.Nil(), jen.Id("rr"), failed)),
			jen.Return(jen.Id("r").Dot("Body"), jen.Id("rr"), rrErr))
	case op.SuccessType == nil && op.ErrorType != "":
		return append(out, jen.If(notOK).Block(jen.Return(jen.Id("rr"), failed)), jen.Return(jen.Id("rr"), rrErr))
	case op.SuccessType == nil:
		return append(out, jen.Return(jen.Id("rr"), rrErr))
	}
	value := jen.Id("out")
	if returnsPointer(*op.SuccessType) {
		value = jen.Op("&").Id("out")
	}
	return append(out,
		jen.If(notOK).Block(jen.Return(jen.Nil(), jen.Id("rr"), failed)),
		jen.Var().Id("out").Add(typeExpr(*op.SuccessType)),
		jen.If(jen.Err().Op(":=").Qual(pkgRT, "DecodeBody").Call(jen.Id("call"), jen.Id("r"), jen.Op("&").Id("out"), emptyOK(op)), jen.Err().Op("!=").Nil()).Block(
			jen.List(jen.Id("rr"), jen.Err()).Op(":=").Qual(pkgRT, "Uncertain").Call(jen.Id("rr"), jen.Err()),
			jen.Return(jen.Nil(), jen.Id("rr"), jen.Err()),
		),
		jen.Return(value, jen.Id("rr"), rrErr),
	)
}

// emptyOK spells whether a 2xx response may come without a body: true for
// the 2xx statuses the spec documents without content, false otherwise.
func emptyOK(op *model.Operation) jen.Code {
	var expr *jen.Statement
	for _, r := range op.Responses {
		if r.Code/100 != 2 || r.Type != nil || r.ContentType != "" {
			continue
		}
		test := jen.Id("r").Dot("Status").Op("==").Lit(r.Code)
		if expr == nil {
			expr = test
		} else {
			expr = expr.Op("||").Add(test)
		}
	}
	if expr == nil {
		return jen.False()
	}
	return expr
}

// decodeStmts spells decoding the response and returning, outside
// codebook mode.
func (e *emitter) decodeStmts(op *model.Operation) []jen.Code {
	errModel := errorBuilderExpr(op)
	switch {
	case op.SuccessRaw:
		return []jen.Code{
			jen.If(jen.Op("!").Qual(pkgRT, "Success").Call(jen.Id("r").Dot("Status"))).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgRT, "NewAPIError").Call(jen.Id("call"), jen.Id("r"), errModel))),
			jen.Return(jen.Id("r").Dot("Body"), jen.Nil()),
		}
	case op.SuccessType == nil:
		return []jen.Code{jen.Return(jen.Qual(pkgRT, "Decode").Call(jen.Id("call"), jen.Id("r"), jen.Nil(), errModel))}
	}
	out := jen.Id("out")
	if returnsPointer(*op.SuccessType) {
		out = jen.Op("&").Id("out")
	}
	return []jen.Code{
		jen.Var().Id("out").Add(typeExpr(*op.SuccessType)),
		ifErrAssign(jen.Qual(pkgRT, "Decode").Call(jen.Id("call"), jen.Id("r"), jen.Op("&").Id("out"), errModel), jen.Nil(), jen.Err()),
		jen.Return(out, jen.Nil()),
	}
}

// orderedErrors lists the typed non-2xx responses: exact codes first, then
// classes, then default.
func orderedErrors(rs []*model.Response) []*model.Response {
	var out []*model.Response
	for _, r := range errorResponses(rs) {
		if r.Type != nil {
			out = append(out, r)
		}
	}
	return out
}
