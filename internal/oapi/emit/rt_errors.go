package emit

import "github.com/dave/jennifer/jen"

// maxErrorBody is how much of an error response an APIError keeps.
const maxErrorBody = 4 << 10

// errorsFile declares APIError and the helpers building the errors of
// non-2xx responses.
func (e *emitter) errorsFile(f *jen.File) {
	decl(f, []string{
		"APIError is the error of a call the server answered with a status other than 2xx. An operation",
		"documenting typed error bodies returns its own error type (named in the method's doc), which holds",
		"the decoded body and wraps the *APIError: errors.As finds either.",
	},
		jen.Type().Id("APIError").Struct(
			jen.Comment("Operation is the Client method that made the call."),
			jen.Id("Operation").String(),
			jen.Comment("StatusCode is the HTTP status of the response."),
			jen.Id("StatusCode").Int(),
			jen.Comment("Body is the start of the response body, at most 4 KiB."),
			jen.Id("Body").Index().Byte(),
			jen.Comment("Model is the decoded body, the same pointer as the field of the operation's error type"),
			jen.Comment("for this status; nil when none is documented or the body does not decode."),
			jen.Id("Model").Any(),
		))
	decl(f, []string{"Error names the operation and the status; the body stays out of it, as it may hold personal data."},
		jen.Func().Params(jen.Id("e").Op("*").Id("APIError")).Id("Error").Params().String().Block(
			jen.Return(jen.Qual(pkgFmt, "Sprintf").Call(jen.Lit("%s: unexpected HTTP status %d"), jen.Id("e").Dot("Operation"), jen.Id("e").Dot("StatusCode")))))
	genNewAPIError(f)
	if e.typedErrors() {
		genErrorBody(f)
	}
}

// typedErrors reports whether some operation has an error type.
func (e *emitter) typedErrors() bool {
	for _, op := range e.api.Operations {
		if op.ErrorType != "" {
			return true
		}
	}
	return false
}

// genNewAPIError declares oapiNewAPIError, which builds the *APIError of a
// non-2xx response and hands it, with the whole body, to the operation's
// error builder when it has one.
func genNewAPIError(f *jen.File) {
	decl(f, []string{
		"oapiNewAPIError builds the error of a non-2xx response: an *APIError, or what opErr (the",
		"operation's error builder, nil when it documents no typed error body) makes of it and the body.",
	},
		jen.Func().Id("oapiNewAPIError").Params(jen.Id("call").Op("*").Id("oapiCall"), jen.Id("r").Op("*").Id("oapiResponse"), jen.Id("opErr").Func().Params(jen.Op("*").Id("APIError"), jen.Index().Byte()).Error()).Error().Block(
			jen.Id("snippet").Op(":=").Id("r").Dot("body"),
			jen.If(jen.Len(jen.Id("snippet")).Op(">").Lit(maxErrorBody)).Block(jen.Id("snippet").Op("=").Id("snippet").Index(jen.Empty(), jen.Lit(maxErrorBody))),
			jen.Id("e").Op(":=").Op("&").Id("APIError").Values(jen.Dict{
				jen.Id("Operation"): jen.Id("call").Dot("op"), jen.Id("StatusCode"): jen.Id("r").Dot("status"),
				jen.Id("Body"): jen.Append(jen.Index().Byte().Call(jen.Nil()), jen.Id("snippet").Op("...")),
			}),
			jen.If(jen.Id("opErr").Op("==").Nil()).Block(jen.Return(jen.Id("e"))),
			jen.Return(jen.Id("opErr").Call(jen.Id("e"), jen.Id("r").Dot("body"))),
		))
}

// genErrorBody declares oapiErrorBody, which decodes a documented error
// body into its type.
func genErrorBody(f *jen.File) {
	decl(f, []string{
		"oapiErrorBody decodes body into a new T, nil when it does not decode; model, when not nil,",
		"gets the same pointer.",
	},
		jen.Func().Id("oapiErrorBody").Types(jen.Id("T").Any()).Params(jen.Id("body").Index().Byte(), jen.Id("model").Op("*").Any()).Op("*").Id("T").Block(
			jen.Id("v").Op(":=").New(jen.Id("T")),
			jen.If(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("body"), jen.Id("v")).Op("!=").Nil()).Block(jen.Return(jen.Nil())),
			jen.If(jen.Id("model").Op("!=").Nil()).Block(jen.Op("*").Id("model").Op("=").Id("v")),
			jen.Return(jen.Id("v")),
		))
}
