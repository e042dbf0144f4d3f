package emit

import "github.com/dave/jennifer/jen"

// maxErrorBody is how much of an error response an APIError keeps.
const maxErrorBody = 4 << 10

// errorsFile declares APIError.
func (e *emitter) errorsFile(f *jen.File) {
	decl(f, []string{"APIError is the error of a call the server answered with a status other than 2xx."},
		jen.Type().Id("APIError").Struct(
			jen.Comment("Operation is the Client method that made the call."),
			jen.Id("Operation").String(),
			jen.Comment("StatusCode is the HTTP status of the response."),
			jen.Id("StatusCode").Int(),
			jen.Comment("Body is the start of the response body, at most 4 KiB."),
			jen.Id("Body").Index().Byte(),
			jen.Comment("Model is the decoded body, a pointer to the type the spec documents for this"),
			jen.Comment("status; nil when none is documented or the body does not decode."),
			jen.Id("Model").Any(),
		))
	decl(f, []string{"Error names the operation and the status; the body stays out of it, as it may hold personal data."},
		jen.Func().Params(jen.Id("e").Op("*").Id("APIError")).Id("Error").Params().String().Block(
			jen.Return(jen.Qual(pkgFmt, "Sprintf").Call(jen.Lit("%s: unexpected HTTP status %d"), jen.Id("e").Dot("Operation"), jen.Id("e").Dot("StatusCode")))))
	decl(f, []string{"oapiNewAPIError builds the error of a non-2xx response."},
		jen.Func().Id("oapiNewAPIError").Params(jen.Id("call").Op("*").Id("oapiCall"), jen.Id("r").Op("*").Id("oapiResponse"), jen.Id("errModel").Func().Params(jen.Int()).Any()).Op("*").Id("APIError").Block(
			jen.Id("snippet").Op(":=").Id("r").Dot("body"),
			jen.If(jen.Len(jen.Id("snippet")).Op(">").Lit(maxErrorBody)).Block(jen.Id("snippet").Op("=").Id("snippet").Index(jen.Empty(), jen.Lit(maxErrorBody))),
			jen.Id("e").Op(":=").Op("&").Id("APIError").Values(jen.Dict{
				jen.Id("Operation"): jen.Id("call").Dot("op"), jen.Id("StatusCode"): jen.Id("r").Dot("status"),
				jen.Id("Body"): jen.Append(jen.Index().Byte().Call(jen.Nil()), jen.Id("snippet").Op("...")),
			}),
			jen.If(jen.Id("errModel").Op("==").Nil()).Block(jen.Return(jen.Id("e"))),
			jen.If(jen.Id("m").Op(":=").Id("errModel").Call(jen.Id("r").Dot("status")), jen.Id("m").Op("!=").Nil().Op("&&").Qual(pkgJSON, "Unmarshal").Call(jen.Id("r").Dot("body"), jen.Id("m")).Op("==").Nil()).Block(
				jen.Id("e").Dot("Model").Op("=").Id("m")),
			jen.Return(jen.Id("e")),
		))
}
