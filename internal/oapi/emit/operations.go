package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// operationsFile declares the methods (and parameter structs) of
// api.Operations[lo:hi].
func (e *emitter) operationsFile(f *jen.File, lo, hi int) {
	for _, op := range e.api.Operations[lo:hi] {
		if op.ParamsType != "" {
			genParamsStruct(f, op)
		}
		e.genMethod(f, op)
		if of := e.once(op); of != nil {
			e.genOnce(f, op, of)
		}
		if op.ErrorType != "" {
			e.genOpError(f, op)
		}
	}
}

// codebook reports whether op classifies its responses with a code table.
func (e *emitter) codebook(op *model.Operation) bool {
	return e.cfg.Codebook && op.Codebook != nil
}

// genParamsStruct declares the parameter struct of an operation.
//
//	type GetPetParams struct {
//		// ID is the path parameter "id", required.
//		ID int64
//	}
func genParamsStruct(f *jen.File, op *model.Operation) {
	fields := make([]jen.Code, 0, 2*len(op.Params))
	for _, p := range op.Params {
		fields = append(fields, comments(paramDoc(p))...)
		fields = append(fields, jen.Id(p.Field).Add(ptrExpr(p.Type, p.Pointer)))
	}
	decl(f, []string{fmt.Sprintf("%s holds the parameters of %s.", op.ParamsType, op.Name)},
		jen.Type().Id(op.ParamsType).Struct(fields...))
}

// paramDoc documents one parameter field.
func paramDoc(p *model.Param) []string {
	need := "optional: nil or empty leaves it out"
	if p.Required {
		need = "required"
	}
	lines := doc(fmt.Sprintf("%s is the %s parameter %s, %s.", p.Field, p.In, quoted(p.Name), need), p.Doc)
	if p.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this parameter as deprecated.")
	}
	return lines
}

// methodDoc documents an operation's method.
func (e *emitter) methodDoc(op *model.Operation) []string {
	lines := []string{sanitize(fmt.Sprintf("%s calls %s %s.", op.Name, op.Method, op.Path))}
	for _, text := range []string{op.Summary, op.Doc} {
		if d := docLines(text); len(d) > 0 {
			lines = append(append(lines, ""), d...)
		}
	}
	lines = append(lines, "")
	lines = append(lines, wrap(e.returnsDoc(op), wrapColumn)...)
	if op.Codebook != nil && op.Codebook.MoneyMoving {
		lines = append(lines, "", "The call moves money: it never follows redirects.")
	}
	if op.Server != "" {
		lines = append(lines, "")
		lines = append(lines, wrap(serverDoc(op), wrapColumn)...)
	}
	if op.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this operation as deprecated.")
	}
	return lines
}

// returnsDoc says what the method returns.
func (e *emitter) returnsDoc(op *model.Operation) string {
	if !e.codebook(op) {
		if op.ErrorType != "" {
			return "A status other than 2xx gives a " + errorTypeDoc(op) + ". It wraps the *APIError, whose Body keeps the start of any body."
		}
		return "A status other than 2xx gives an *APIError."
	}
	s := fmt.Sprintf("The response is classified with the code table %s; an outcome other than success or pending gives its *Error, with the Result.", op.Codebook.TableConst)
	if op.ErrorType != "" {
		s += " A status other than 2xx gives that *Error wrapped in a " + errorTypeDoc(op) + "."
	}
	if op.SuccessType != nil && !op.SuccessRaw {
		s += " A 2xx body is decoded whatever the outcome; one that does not decode makes the outcome uncertain."
	}
	return s + " A response that cannot be read in full (a timeout, a connection closed, a body too large) is uncertain too; a request that never left gives an error matching codebook.ErrNotSent."
}

// genMethod declares the Client method of an operation.
func (e *emitter) genMethod(f *jen.File, op *model.Operation) {
	body := e.requestStmts(op)
	body = append(body, e.responseStmts(op)...)
	decl(f, e.methodDoc(op), jen.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.Name).
		Params(methodParams(op)...).Params(e.results(op)...).Block(body...))
}

// methodParams lists the method's parameters: ctx, params, body and, for
// multipart bodies, their content type.
func methodParams(op *model.Operation) []jen.Code {
	out := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	if op.ParamsType != "" {
		out = append(out, jen.Id("params").Id(op.ParamsType))
	}
	if b := op.Body; b != nil {
		out = append(out, jen.Id("body").Add(bodyType(b)))
		if b.Multipart {
			out = append(out, jen.Id("contentType").String())
		}
	}
	return out
}

// bodyType is the Go type of the body parameter.
func bodyType(b *model.Body) *jen.Statement {
	if b.Kind == model.BodyReader {
		return jen.Qual(pkgIO, "Reader")
	}
	return ptrExpr(b.Type, bodyPointer(b))
}

// bodyPointer reports whether an optional body is passed by pointer.
func bodyPointer(b *model.Body) bool { return !b.Required && !b.Type.IsNil() }

// requestStmts spells the statements describing the request.
func (e *emitter) requestStmts(op *model.Operation) []jen.Code {
	out := []jen.Code{jen.Id("call").Op(":=").Qual(pkgRT, "NewCall").Call(jen.Lit(op.Name), jen.Lit(op.Method), jen.Lit(op.Path))}
	if p := pathExpr(op); p != nil {
		out = append(out, jen.Id("call").Dot("Path").Op("=").Add(p))
	}
	for _, p := range op.Params {
		if p.In != model.InPath {
			out = append(out, paramStmt(p))
		}
	}
	if op.Body != nil {
		out = append(out, bodyStmt(op.Body))
	}
	if len(op.Security) > 0 {
		out = append(out, jen.Id("call").Dot("Security").Op("=").Add(securityLit(op.Security)))
	}
	if op.Codebook != nil && op.Codebook.MoneyMoving {
		out = append(out, jen.Id("call").Dot("NoRedirect").Op("=").True())
	}
	return out
}

// securityLit spells the security alternatives as [][]string{...}.
func securityLit(alts [][]string) *jen.Statement {
	vals := make([]jen.Code, len(alts))
	for i, alt := range alts {
		keys := make([]jen.Code, len(alt))
		for j, k := range alt {
			keys[j] = jen.Lit(k)
		}
		vals[i] = jen.Values(keys...)
	}
	return jen.Index().Index().String().Values(vals...)
}

// paramStmt spells the statement writing one query, header or cookie parameter.
func paramStmt(p *model.Param) jen.Code {
	value := jen.Id("params").Dot(p.Field)
	spec := valueSpec{name: p.Name, value: value, tr: p.Type, pointer: p.Pointer, nilable: !p.Required && p.Type.IsNil(), json: p.JSON}
	switch p.In {
	case model.InQuery:
		spec.target, spec.explode = jen.Id("call").Dot("Query"), p.Explode
		return setValue(spec)
	case model.InHeader:
		spec.target = jen.Id("call").Dot("Header")
		return setValue(spec)
	}
	return cookieStmt(p, value)
}

// cookieStmt spells the statement adding a cookie parameter.
func cookieStmt(p *model.Param, value *jen.Statement) jen.Code {
	v := value.Clone()
	if p.Pointer {
		v = jen.Op("*").Add(v)
	}
	text := textExpr(p.Type, v)
	if p.JSON {
		text = jen.Id("call").Dot("JSONText").Call(v)
	}
	add := jen.Id("call").Dot("Cookies").Op("=").Append(jen.Id("call").Dot("Cookies"),
		jen.Op("&").Qual(pkgHTTP, "Cookie").Values(jen.Dict{jen.Id("Name"): jen.Lit(p.Name), jen.Id("Value"): text}))
	if p.Pointer || p.Type.IsNil() {
		return jen.If(value.Clone().Op("!=").Nil()).Block(add)
	}
	return add
}

// pathExpr spells the escaped path: literal parts escaped now, parameter
// values escaped at run time by call.seg. It returns nil for paths without
// parameters, which apiclient.NewCall already set.
func pathExpr(op *model.Operation) *jen.Statement {
	parts := splitTemplate(op.Path)
	if len(parts) == 1 && !parts[0].param {
		return escapedLiteralOrNil(op.Path, parts[0].text)
	}
	var expr *jen.Statement
	for _, part := range parts {
		piece := jen.Lit(escapeLiteral(part.text))
		if part.param {
			piece = segExpr(op, part.text)
		}
		if expr == nil {
			expr = piece
		} else {
			expr = expr.Op("+").Add(piece)
		}
	}
	return expr
}

// escapedLiteralOrNil returns the escaped literal path when escaping
// changes it, nil otherwise.
func escapedLiteralOrNil(path, text string) *jen.Statement {
	if esc := escapeLiteral(text); esc != path {
		return jen.Lit(esc)
	}
	return nil
}

// segExpr spells the escaped value of the path parameter name; a name the
// operation does not declare stays literal.
func segExpr(op *model.Operation, name string) *jen.Statement {
	for _, p := range op.Params {
		if p.In == model.InPath && p.Name == name {
			v := jen.Id("params").Dot(p.Field)
			if p.Pointer {
				v = jen.Op("*").Add(v)
			}
			text := textExpr(p.Type, v)
			if p.JSON {
				text = jen.Id("call").Dot("JSONText").Call(v)
			}
			return jen.Id("call").Dot("Seg").Call(jen.Lit(p.Name), text)
		}
	}
	return jen.Lit(escapeLiteral("{" + name + "}"))
}

// tmplPart is a literal piece of a path template or a parameter name.
type tmplPart struct {
	text  string
	param bool
}

// splitTemplate splits "/pets/{id}/toys" into literal and parameter parts.
func splitTemplate(path string) []tmplPart {
	var out []tmplPart
	for path != "" {
		open := strings.IndexByte(path, '{')
		closeAt := strings.IndexByte(path[max(open, 0):], '}') + max(open, 0)
		if open < 0 || closeAt < open {
			return append(out, tmplPart{text: path})
		}
		if open > 0 {
			out = append(out, tmplPart{text: path[:open]})
		}
		out = append(out, tmplPart{text: path[open+1 : closeAt], param: true})
		path = path[closeAt+1:]
	}
	return out
}
