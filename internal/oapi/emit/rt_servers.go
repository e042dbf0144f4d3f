package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// maxListedOps is how many operation names a doc comment lists.
const maxListedOps = 5

// redirectFunc spells func(*http.Request, []*http.Request) error.
func redirectFunc() *jen.Statement {
	return jen.Func().Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Index().Op("*").Qual(pkgHTTP, "Request")).Error()
}

// genSameOrigin declares oapiSameOrigin, the CheckRedirect of the client:
// net/http strips only Authorization, WWW-Authenticate and Cookie from a
// redirect to another host, so an API key in a header of its own would
// travel to whatever host a redirect names.
func genSameOrigin(f *jen.File) {
	req, via := jen.Id("req"), jen.Id("via")
	first := jen.Id("via").Index(jen.Lit(0))
	decl(f, []string{
		"oapiSameOrigin returns the CheckRedirect of the client: a redirect to another scheme, host or",
		"port is not followed (the 3xx response is the call's), since net/http would send it every",
		"credential header but Authorization and Cookie; others are left to next, or, when next is nil,",
		"followed up to 10 times as net/http does.",
	},
		jen.Func().Id("oapiSameOrigin").Params(jen.Id("next").Add(redirectFunc())).Add(redirectFunc()).Block(
			jen.Return(jen.Func().Params(req.Clone().Op("*").Qual(pkgHTTP, "Request"), via.Clone().Index().Op("*").Qual(pkgHTTP, "Request")).Error().Block(
				jen.If(jen.Len(via.Clone()).Op(">").Lit(0).Op("&&").Parens(
					req.Clone().Dot("URL").Dot("Scheme").Op("!=").Add(first.Clone()).Dot("URL").Dot("Scheme").Op("||").
						Op("!").Qual(pkgStrings, "EqualFold").Call(req.Clone().Dot("URL").Dot("Host"), first.Clone().Dot("URL").Dot("Host")))).Block(
					jen.Return(jen.Qual(pkgHTTP, "ErrUseLastResponse"))),
				jen.If(jen.Id("next").Op("!=").Nil()).Block(jen.Return(jen.Id("next").Call(req.Clone(), via.Clone()))),
				jen.If(jen.Len(via.Clone()).Op(">=").Lit(10)).Block(
					jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("stopped after 10 redirects")))),
				jen.Return(jen.Nil()),
			)),
		))
}

// genOwnServers declares oapiOwnServers and oapiResolveServer.
func genOwnServers(f *jen.File, ops []*model.Operation) {
	servers := jen.Dict{}
	for _, op := range ops {
		servers[jen.Lit(op.Name)] = jen.Lit(op.Server)
	}
	decl(f, []string{
		"oapiOwnServers holds, by Client method, the URL of the first server of each operation whose",
		"spec names servers of its own (variables at their defaults); the call goes there, not to the",
		"base URL.",
	}, jen.Var().Id("oapiOwnServers").Op("=").Map(jen.String()).String().Values(servers))
	decl(f, []string{
		"oapiResolveServer resolves an operation's server URL against the base URL (a relative one is",
		"relative to it); nil when that gives no absolute http or https URL.",
	}, jen.Func().Id("oapiResolveServer").Params(jen.Id("base").Op("*").Qual(pkgURL, "URL"), jen.Id("raw").String()).Op("*").Qual(pkgURL, "URL").Block(
		jen.List(jen.Id("ref"), jen.Err()).Op(":=").Qual(pkgURL, "Parse").Call(jen.Id("raw")),
		ifErrReturn(jen.Nil()),
		jen.If(jen.Id("base").Op("!=").Nil()).Block(jen.Id("ref").Op("=").Id("base").Dot("ResolveReference").Call(jen.Id("ref"))),
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Id("oapiParseBase").Call(jen.Id("ref").Dot("String").Call()),
		ifErrReturn(jen.Nil()),
		jen.Return(jen.Id("u")),
	))
}

// genOperationBaseURL declares WithOperationBaseURL.
func genOperationBaseURL(f *jen.File, ops []*model.Operation) {
	text := fmt.Sprintf("WithOperationBaseURL sets the URL the path of operation (a Client method name, such as %q) is appended to, in place of the server its spec names. Only the operations with servers of their own take one: %s. WithBaseURL does not change them, but for a relative server URL, which is resolved against the base URL.", ops[0].Name, opNames(ops))
	decl(f, wrap(sanitize(text), wrapColumn), optionFunc("WithOperationBaseURL", []jen.Code{jen.List(jen.Id("operation"), jen.Id("raw")).String()},
		jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("oapiOwnServers").Index(jen.Id("operation")), jen.Op("!").Id("ok")).Block(
			jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("operation %q has no server of its own: use WithBaseURL"), jen.Id("operation")))),
		jen.List(jen.Id("u"), jen.Err()).Op(":=").Id("oapiParseBase").Call(jen.Id("raw")),
		ifErrReturn(jen.Err()),
		jen.Id("c").Dot("servers").Index(jen.Id("operation")).Op("=").Id("u"),
	))
}

// baseStmts spells choosing the URL the call's path is appended to: the
// operation's own server when it has one, else the client's base URL.
func baseStmts(rt needs) []jen.Code {
	noBase := jen.If(jen.Id("base").Op("==").Nil()).Block(
		jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("no base URL: use WithBaseURL"))))
	if len(rt.servers) == 0 {
		return []jen.Code{jen.Id("base").Op(":=").Id("c").Dot("baseURL"), noBase}
	}
	return []jen.Code{
		jen.Id("base").Op(":=").Id("c").Dot("baseURL"),
		jen.If(jen.List(jen.Id("u"), jen.Id("own")).Op(":=").Id("c").Dot("servers").Index(jen.Id("call").Dot("op")), jen.Id("own")).Block(
			jen.If(jen.Id("u").Op("==").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("the operation's server URL is no absolute http or https URL: use WithOperationBaseURL")))),
			jen.Id("base").Op("=").Id("u"),
		),
		noBase,
	}
}

// opNames lists the method names of ops for a doc comment, at most
// maxListedOps of them.
func opNames(ops []*model.Operation) string {
	var names []string
	for i, op := range ops {
		if i == maxListedOps {
			names = append(names, fmt.Sprintf("and %d more", len(ops)-i))
			break
		}
		names = append(names, op.Name)
	}
	return strings.Join(names, ", ")
}

// serverDoc says where the call of an operation with its own server goes.
func serverDoc(op *model.Operation) string {
	where := "not to the client's base URL"
	if !strings.Contains(op.Server, "://") {
		where = "resolved against the client's base URL"
	}
	return sanitize(fmt.Sprintf("The call goes to the operation's own server, %s, %s; WithOperationBaseURL changes it.", quoted(op.Server), where))
}
