package emit

import "github.com/dave/jennifer/jen"

// genCodebookResults declares the helpers that turn a call without a
// classifiable response into its Result and error, in codebook mode.
func genCodebookResults(f *jen.File) {
	decl(f, []string{
		"oapiNoResponse returns the Result and the error of a call of table t that got no complete",
		"response; r is what arrived of it. When r is nil the request did not leave, as far as the client",
		"can tell: the error matches codebook.ErrNotSent, a hint (the engine decides from its wire probe,",
		"which send fed with codebook.NoteUnsent where it knew). Any other failure (a timeout, a connection",
		"closed before or during the response, a body cut short or too large) is uncertain: the request may",
		"have been processed.",
	},
		jen.Func().Id("oapiNoResponse").Params(jen.Id("t").Id("Table"), jen.Id("r").Op("*").Id("oapiResponse"), jen.Err().Error()).Params(jen.Id("Result"), jen.Error()).Block(
			jen.If(jen.Id("r").Op("==").Nil()).Block(
				jen.Return(jen.Id("Result").Values(jen.Dict{jen.Id("Table"): jen.Id("t")}), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%w: %w"), jen.Qual(pkgCodebook, "ErrNotSent"), jen.Err()))),
			jen.Return(jen.Id("oapiUncertain").Call(jen.Id("Result").Values(jen.Dict{
				jen.Id("Table"):      jen.Id("t"),
				jen.Id("Status"):     jen.Id("r").Dot("status"),
				jen.Id("RequestID"):  jen.Qual(pkgCodebook, "RequestID").Call(jen.Id("r").Dot("header")),
				jen.Id("Snippet"):    jen.Qual(pkgCodebook, "Snippet").Call(jen.Id("r").Dot("body")),
				jen.Id("RetryAfter"): jen.Qual(pkgCodebook, "RetryAfter").Call(jen.Id("r").Dot("header"), jen.Lit(0), jen.Qual(pkgTime, "Now").Call()),
			}), jen.Err())),
		))
	decl(f, []string{
		"oapiUncertain makes rr uncertain, cause being why (the response could not be read, or its 2xx",
		"body did not decode), and returns it with its *Error.",
	},
		jen.Func().Id("oapiUncertain").Params(jen.Id("rr").Id("Result"), jen.Id("cause").Error()).Params(jen.Id("Result"), jen.Error()).Block(
			jen.Id("e").Op(":=").Qual(pkgCodebook, "Uncertain").Call(jen.Id("rr"), jen.Id("cause")),
			jen.Return(jen.Id("e").Dot("Result"), jen.Id("e")),
		))
}
