package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// The error type of an operation documenting typed non-2xx bodies holds one
// pointer field per such response, set when the response's status is that
// one and its body decodes. Outside codebook mode it embeds the *APIError
// (Error, StatusCode, Body) and unwraps to it; in codebook mode it holds
// the classified *Error in Err and unwraps to it, so that errors.Is still
// matches the row, the category and the outcome.

// errorField is the name of the error type's field holding the body of r:
// Status404, Status4XX, Default.
func errorField(r *model.Response) string {
	if r.Code == 0 && r.Class == 0 {
		return "Default"
	}
	return "Status" + strings.ToUpper(r.Status)
}

// errorBuilder is the name of the function building op's error.
func errorBuilder(op *model.Operation) string { return "oapiNew" + op.ErrorType }

// errorBuilderExpr spells the error builder of op, nil when it has none.
func errorBuilderExpr(op *model.Operation) *jen.Statement {
	if op.ErrorType == "" {
		return jen.Nil()
	}
	return jen.Id(errorBuilder(op))
}

// genOpError declares op's error type, its Error and Unwrap methods (in
// codebook mode) and its builder.
func (e *emitter) genOpError(f *jen.File, op *model.Operation) {
	fields := []jen.Code{}
	if e.codebook(op) {
		fields = append(fields, jen.Comment("Err is the classified error: errors.Is matches its row, category and outcome through it."),
			jen.Id("Err").Op("*").Id(e.api.Codes.Error))
	} else {
		fields = append(fields, jen.Op("*").Qual(pkgRT, "APIError"))
	}
	for _, r := range orderedErrors(op.Responses) {
		fields = append(fields, comments(fieldDoc(r))...)
		fields = append(fields, jen.Id(errorField(r)).Op("*").Add(typeExpr(*r.Type)))
	}
	decl(f, opErrorDoc(op), jen.Type().Id(op.ErrorType).Struct(fields...))
	if e.codebook(op) {
		genCodebookErrorMethods(f, op)
		genCodebookErrorBuilder(f, op, e.api.Codes)
		return
	}
	decl(f, []string{"Unwrap returns the *APIError."},
		jen.Func().Params(jen.Id("e").Op("*").Id(op.ErrorType)).Id("Unwrap").Params().Error().Block(jen.Return(jen.Id("e").Dot("APIError"))))
	genErrorBuilder(f, op)
}

// genCodebookErrorMethods declares Error and Unwrap of op's error type in
// codebook mode, both passing to the classified *Error.
func genCodebookErrorMethods(f *jen.File, op *model.Operation) {
	recv := jen.Id("e").Op("*").Id(op.ErrorType)
	decl(f, []string{"Error describes the classified error."},
		jen.Func().Params(recv.Clone()).Id("Error").Params().String().Block(jen.Return(jen.Id("e").Dot("Err").Dot("Error").Call())))
	decl(f, []string{"Unwrap returns the classified *Error."},
		jen.Func().Params(recv).Id("Unwrap").Params().Error().Block(jen.Return(jen.Id("e").Dot("Err"))))
}

// opErrorDoc documents op's error type.
func opErrorDoc(op *model.Operation) []string {
	s := fmt.Sprintf("%s is the error of %s for every response with a status other than 2xx. The field of the status the spec documents holds the decoded body; all are nil for a status it does not document or a body that does not decode.", op.ErrorType, op.Name)
	return wrap(s, wrapColumn)
}

// fieldDoc documents the field of the error type holding r's body.
func fieldDoc(r *model.Response) []string {
	var s string
	switch {
	case r.Code != 0:
		s = fmt.Sprintf("%s is the body of a %d response.", errorField(r), r.Code)
	case r.Class != 0:
		s = fmt.Sprintf("%s is the body of a %dxx response whose exact status the spec does not list.", errorField(r), r.Class)
	default:
		s = "Default is the body of a response whose status the spec does not list."
	}
	lines := wrap(sanitize(s), wrapColumn)
	if d := docLines(r.Doc); len(d) > 0 {
		lines = append(append(lines, ""), d...)
	}
	return lines
}

// genErrorBuilder declares the function building op's error from its
// *APIError and the whole body.
//
//	func oapiNewGetPetError(e *apiclient.APIError, body []byte) error {
//		out := &GetPetError{APIError: e}
//		switch {
//		case e.StatusCode == 404:
//			out.Status404 = apiclient.ErrorBody[Error](body, &e.Model)
//		default:
//			out.Default = apiclient.ErrorBody[Error](body, &e.Model)
//		}
//		return out
//	}
func genErrorBuilder(f *jen.File, op *model.Operation) {
	model := jen.Op("&").Id("e").Dot("Model")
	decl(f, []string{fmt.Sprintf("%s builds the error of a non-2xx response to %s.", errorBuilder(op), op.Name)},
		jen.Func().Id(errorBuilder(op)).Params(jen.Id("e").Op("*").Qual(pkgRT, "APIError"), jen.Id("body").Index().Byte()).Error().Block(
			jen.Id("out").Op(":=").Op("&").Id(op.ErrorType).Values(jen.Dict{jen.Id("APIError"): jen.Id("e")}),
			statusSwitch(op, jen.Id("e").Dot("StatusCode"), model),
			jen.Return(jen.Id("out")),
		))
}

// genCodebookErrorBuilder declares the function building op's error from
// its Result, in codebook mode: the classified *Error, wrapped with the
// typed body.
//
//	func oapiNewTopUpError(rr Result, body []byte) error {
//		err := rr.Err()
//		ce, ok := err.(*Error)
//		if !ok {
//			return err
//		}
//		out := &TopUpError{Err: ce}
//		switch {
//		case rr.Status == 403:
//			out.Status403 = apiclient.ErrorBody[TopUpResponse](body, nil)
//		}
//		return out
//	}
func genCodebookErrorBuilder(f *jen.File, op *model.Operation, codes *model.CodeNames) {
	decl(f, []string{fmt.Sprintf("%s builds the error of a non-2xx response to %s from its classification.", errorBuilder(op), op.Name)},
		jen.Func().Id(errorBuilder(op)).Params(jen.Id("rr").Id(codes.Result), jen.Id("body").Index().Byte()).Error().Block(
			jen.Err().Op(":=").Id("rr").Dot("Err").Call(),
			jen.List(jen.Id("ce"), jen.Id("ok")).Op(":=").Err().Assert(jen.Op("*").Id(codes.Error)),
			jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Err())),
			jen.Id("out").Op(":=").Op("&").Id(op.ErrorType).Values(jen.Dict{jen.Id("Err"): jen.Id("ce")}),
			statusSwitch(op, jen.Id("rr").Dot("Status"), jen.Nil()),
			jen.Return(jen.Id("out")),
		))
}

// statusSwitch spells the switch setting the field of the response's
// status: exact codes first, then classes, then default. A status the
// spec documents without a body gets an empty case when a class or
// default could otherwise claim it.
func statusSwitch(op *model.Operation, status, model *jen.Statement) jen.Code {
	broad := false
	for _, r := range orderedErrors(op.Responses) {
		broad = broad || r.Code == 0
	}
	var cases []jen.Code
	for _, r := range errorResponses(op.Responses) {
		var body []jen.Code
		if r.Type != nil {
			body = []jen.Code{jen.Id("out").Dot(errorField(r)).Op("=").Qual(pkgRT, "ErrorBody").Types(typeExpr(*r.Type)).Call(jen.Id("body"), model.Clone())}
		} else if !broad {
			continue
		}
		switch {
		case r.Code != 0:
			cases = append(cases, jen.Case(status.Clone().Op("==").Lit(r.Code)).Block(body...))
		case r.Class != 0:
			cases = append(cases, jen.Case(status.Clone().Op("/").Lit(100).Op("==").Lit(r.Class)).Block(body...))
		case len(cases) == 0: // default alone: no switch
			return body[0]
		case r.Type != nil:
			cases = append(cases, jen.Default().Block(body...))
		}
	}
	return jen.Switch().Block(cases...)
}

// errorResponses lists the non-2xx responses, typed or not: exact codes
// first, then classes, then default.
func errorResponses(rs []*model.Response) []*model.Response {
	var exact, class, def []*model.Response
	for _, r := range rs {
		switch {
		case r.IsSuccess():
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

// errorTypeDoc names op's error type and its fields, for the method's doc.
func errorTypeDoc(op *model.Operation) string {
	typed := orderedErrors(op.Responses)
	parts := make([]string, len(typed))
	for i, r := range typed {
		parts[i] = fmt.Sprintf("%s (*%s)", errorField(r), r.Type.String())
	}
	return fmt.Sprintf("*%s, found with errors.As; the field of the status, %s, holds its documented body", op.ErrorType, orList(parts))
}

// orList joins items as "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}
