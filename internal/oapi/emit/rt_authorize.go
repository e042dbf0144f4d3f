package emit

import "github.com/dave/jennifer/jen"

// genAuthorize declares oapiAuth and Client.authorize.
func genAuthorize(f *jen.File) {
	decl(f, []string{"oapiAuth applies one credential to a request; c is the client, whose http.Client and base URL", "token fetches use."},
		jen.Type().Id("oapiAuth").Func().Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("c").Op("*").Id("Client"), jen.Id("req").Op("*").Qual(pkgHTTP, "Request")).Error())
	decl(f, []string{"authorize applies the credentials of the first security alternative of the operation", "whose schemes all have a credential configured; with none, the request goes out as it is."},
		clientMethod("authorize", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("req").Op("*").Qual(pkgHTTP, "Request"), jen.Id("alts").Index().Index().String()},
			[]jen.Code{jen.Error()},
			jen.For(jen.List(jen.Id("_"), jen.Id("alt")).Op(":=").Range().Id("alts")).Block(
				jen.If(jen.Len(jen.Id("alt")).Op("==").Lit(0).Op("||").Op("!").Id("c").Dot("configured").Call(jen.Id("alt"))).Block(jen.Continue()),
				jen.For(jen.List(jen.Id("_"), jen.Id("key")).Op(":=").Range().Id("alt")).Block(
					ifErrAssign(jen.Id("c").Dot("auth").Index(jen.Id("key")).Call(jen.Id("ctx"), jen.Id("c"), jen.Id("req")), jen.Err())),
				jen.Return(jen.Nil())),
			jen.Return(jen.Nil()),
		))
	decl(f, []string{"configured reports whether every scheme of alt has a credential."},
		clientMethod("configured", []jen.Code{jen.Id("alt").Index().String()}, []jen.Code{jen.Bool()},
			jen.For(jen.List(jen.Id("_"), jen.Id("key")).Op(":=").Range().Id("alt")).Block(
				jen.If(jen.Id("c").Dot("auth").Index(jen.Id("key")).Op("==").Nil()).Block(jen.Return(jen.False()))),
			jen.Return(jen.True()),
		))
}
