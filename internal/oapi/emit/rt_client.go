package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Reserved returns the package-level identifiers the emitter declares
// whatever the spec says; types must take other names. In codebook mode
// the identifiers the codebook generator declares are added.
func Reserved(codebook bool) []string {
	out := []string{
		"Client", "NewClient", "Option", "DefaultBaseURL", "DefaultMaxResponseBytes",
		"WithBaseURL", "WithHTTPClient", "WithUserAgent", "WithRequestHook", "WithResponseHook",
		"WithLogger", "WithMaxResponseBytes", "APIError", "Secret", "NewSecret", "ClientCredentials",
		"WithOperationBaseURL", "TokenAuthMethod", "TokenAuthBasic", "TokenAuthPost",
		"Date", "DateOf", "ParseDate", "Nullable", "NullableOf", "NullableNull",
	}
	if codebook {
		out = append(out, "Result", "Error", "ClassifyHTTP", "Table")
	}
	return out
}

// clientFile declares the Client, its options and the request machinery.
func (e *emitter) clientFile(f *jen.File) {
	if !e.cfg.Codebook {
		f.PackageComment(fmt.Sprintf("Package %s is a client for the API %s.", e.cfg.Package, quoted(e.api.Title)))
	}
	rt := e.needs()
	genConstants(f, e.api.BaseURL, rt)
	genClientType(f, rt)
	genNewClient(f, rt)
	genOptions(f, rt)
	genCallType(f)
	genSend(f, rt)
	genEncoding(f)
	genDecoding(f, rt)
	if e.hasVariantChecks() {
		genVariantChecks(f)
	}
	genAuthorize(f)
	if rt.classify {
		genCodebookResults(f)
	}
}

// needs says which parts of the client runtime a package needs.
type needs struct {
	// codebook: the package is generated in codebook mode, next to the
	// code tables, and may use package codebook.
	codebook bool
	// classify: some operation classifies its response with a code table.
	classify bool
	// decodeBody: some such operation decodes a typed 2xx body.
	decodeBody bool
	// tokens: some security scheme gets OAuth2 tokens with the
	// client-credentials flow, cached by the client.
	tokens bool
	// servers lists the operations whose spec names servers of their own,
	// in the order of the spec.
	servers []*model.Operation
}

// needs finds what the package's runtime needs.
func (e *emitter) needs() needs {
	rt := needs{codebook: e.cfg.Codebook}
	for _, s := range e.api.Security {
		rt.tokens = rt.tokens || s.ClientCredentials != ""
	}
	for _, op := range e.api.Operations {
		if e.codebook(op) {
			rt.classify = true
			rt.decodeBody = rt.decodeBody || (op.SuccessType != nil && !op.SuccessRaw)
		}
		if op.Server != "" {
			rt.servers = append(rt.servers, op)
		}
	}
	return rt
}

// genConstants declares DefaultBaseURL and DefaultMaxResponseBytes. A
// client in codebook mode calls a payment or airtime API whose documented
// answers are small JSON objects (a code, a message, a few dozen fields:
// under 4 KiB), so its limit, 64 KiB, leaves sixteen times that and bounds
// what a hostile or broken answer (a gzip body that inflates to gigabytes)
// costs: 200 such calls at once hold about 13 MiB of body. A generic
// client knows nothing of its API's answers and keeps 32 MiB.
func genConstants(f *jen.File, baseURL string, rt needs) {
	decl(f, []string{"DefaultBaseURL is the first server URL of the spec; it may be empty or relative, in which case use WithBaseURL."},
		jen.Const().Id("DefaultBaseURL").Op("=").Lit(baseURL))
	limit, docLines := jen.Lit(32).Op("<<").Lit(20), []string{"DefaultMaxResponseBytes bounds the response bodies a Client reads unless WithMaxResponseBytes says otherwise."}
	if rt.codebook {
		limit = jen.Lit(64).Op("<<").Lit(10)
		docLines = []string{
			"DefaultMaxResponseBytes bounds the response bodies (after any decompression) a Client reads unless",
			"WithMaxResponseBytes says otherwise. The API's documented answers are small JSON objects, under",
			"4 KiB; 64 KiB leaves room for more and bounds what a hostile answer, such as a gzip body that",
			"inflates to gigabytes, costs each call. Raise it for calls that list much (a product catalogue).",
		}
	}
	decl(f, docLines, jen.Const().Id("DefaultMaxResponseBytes").Op("=").Add(limit))
}

// genClientType declares Client and Option.
func genClientType(f *jen.File, rt needs) {
	fields := []jen.Code{
		jen.Id("baseURL").Op("*").Qual(pkgURL, "URL"),
		jen.Id("hc").Op("*").Qual(pkgHTTP, "Client"),
		jen.Id("noRedirect").Op("*").Qual(pkgHTTP, "Client"),
		jen.Id("userAgent").String(),
		jen.Id("logger").Op("*").Qual(pkgSlog, "Logger"),
		jen.Id("reqHooks").Index().Func().Params(jen.Op("*").Qual(pkgHTTP, "Request")).Error(),
		jen.Id("respHooks").Index().Func().Params(jen.Op("*").Qual(pkgHTTP, "Response")).Error(),
		jen.Id("maxBody").Int64(),
		jen.Id("auth").Map(jen.String()).Id("oapiAuth"),
	}
	if rt.tokens {
		fields = append(fields, jen.Id("tokens").Index().Op("*").Id("oapiTokenSource"))
	}
	if len(rt.servers) > 0 {
		fields = append(fields, jen.Id("servers").Map(jen.String()).Op("*").Qual(pkgURL, "URL"))
	}
	decl(f, []string{"Client calls the operations of the API, one method each. It is safe for concurrent use."},
		jen.Type().Id("Client").Struct(fields...))
	decl(f, []string{"Option configures a Client."},
		jen.Type().Id("Option").Func().Params(jen.Op("*").Id("Client")).Error())
}

// genNewClient declares NewClient.
func genNewClient(f *jen.File, rt needs) {
	hc, hcDoc := jen.Qual(pkgHTTP, "DefaultClient"), "http.DefaultClient"
	if rt.classify {
		// Code-table clients move money: a timeout, TLS 1.2 at least, no
		// Idempotency-Key header the provider does not honour.
		hc, hcDoc = jen.Qual(pkgCodebook, "SafeHTTPClient").Call(jen.Lit(0)), "codebook.SafeHTTPClient(0) (a 30 s timeout, TLS 1.2 at least)"
	}
	values := jen.Dict{
		jen.Id("hc"):      hc,
		jen.Id("maxBody"): jen.Id("DefaultMaxResponseBytes"),
		jen.Id("auth"):    jen.Map(jen.String()).Id("oapiAuth").Values(),
	}
	docLines := []string{
		"NewClient returns a Client calling DefaultBaseURL through " + hcDoc + ", as changed by opts.",
		"Calls of operations that move money never follow redirects; other calls follow only those to",
		"the same scheme and host, so that no credential reaches another host: a redirect elsewhere is",
		"the response of the call.",
	}
	if len(rt.servers) > 0 {
		values[jen.Id("servers")] = jen.Map(jen.String()).Op("*").Qual(pkgURL, "URL").Values()
		docLines = append(docLines, "Operations whose spec names a server of their own call it (see WithOperationBaseURL).")
	}
	body := []jen.Code{
		jen.Id("c").Op(":=").Op("&").Id("Client").Values(values),
		jen.List(jen.Id("c").Dot("baseURL"), jen.Id("_")).Op("=").Id("oapiParseBase").Call(jen.Id("DefaultBaseURL")),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("opts")).Block(
			ifErrAssign(jen.Id("opt").Call(jen.Id("c")), jen.Nil(), jen.Err()),
		),
		jen.Id("hc").Op(":=").Op("*").Id("c").Dot("hc"),
		jen.Id("hc").Dot("CheckRedirect").Op("=").Id("oapiSameOrigin").Call(jen.Id("c").Dot("hc").Dot("CheckRedirect")),
		jen.Id("c").Dot("hc").Op("=").Op("&").Id("hc"),
		jen.Id("nr").Op(":=").Id("hc"),
		jen.Id("nr").Dot("CheckRedirect").Op("=").Func().Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Index().Op("*").Qual(pkgHTTP, "Request")).Error().Block(
			jen.Return(jen.Qual(pkgHTTP, "ErrUseLastResponse")),
		),
		jen.Id("c").Dot("noRedirect").Op("=").Op("&").Id("nr"),
	}
	if len(rt.servers) > 0 {
		body = append(body, jen.For(jen.List(jen.Id("op"), jen.Id("raw")).Op(":=").Range().Id("oapiOwnServers")).Block(
			jen.If(jen.List(jen.Id("_"), jen.Id("set")).Op(":=").Id("c").Dot("servers").Index(jen.Id("op")), jen.Op("!").Id("set")).Block(
				jen.Id("c").Dot("servers").Index(jen.Id("op")).Op("=").Id("oapiResolveServer").Call(jen.Id("c").Dot("baseURL"), jen.Id("raw")),
			),
		))
	}
	body = append(body, jen.Return(jen.Id("c"), jen.Nil()))
	decl(f, docLines, jen.Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(body...))
	decl(f, []string{"oapiParseBase checks that raw is an absolute http or https URL and drops its query and fragment."},
		jen.Func().Id("oapiParseBase").Params(jen.Id("raw").String()).Params(jen.Op("*").Qual(pkgURL, "URL"), jen.Error()).Block(
			jen.List(jen.Id("u"), jen.Err()).Op(":=").Qual(pkgURL, "Parse").Call(jen.Id("raw")),
			jen.If(jen.Err().Op("!=").Nil().Op("||").Parens(jen.Id("u").Dot("Scheme").Op("!=").Lit("http").Op("&&").Id("u").Dot("Scheme").Op("!=").Lit("https")).Op("||").Id("u").Dot("Host").Op("==").Lit("")).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("base URL must be an absolute http or https URL"))),
			),
			jen.List(jen.Id("u").Dot("RawQuery"), jen.Id("u").Dot("Fragment")).Op("=").List(jen.Lit(""), jen.Lit("")),
			jen.Return(jen.Id("u"), jen.Nil()),
		))
	genSameOrigin(f)
	if len(rt.servers) > 0 {
		genOwnServers(f, rt.servers)
	}
}

// genOptions declares the general client options.
func genOptions(f *jen.File, rt needs) {
	baseDoc := []string{"WithBaseURL sets the URL operation paths are appended to, such as \"https://api.example.com/v1\"."}
	if len(rt.servers) > 0 {
		baseDoc = append(baseDoc, "", sanitize(fmt.Sprintf("Operations whose spec names a server of their own (%s) call that server instead,", opNames(rt.servers))),
			"a relative one resolved against this URL; WithOperationBaseURL changes it.")
	}
	decl(f, baseDoc,
		optionFunc("WithBaseURL", []jen.Code{jen.Id("raw").String()},
			jen.List(jen.Id("u"), jen.Err()).Op(":=").Id("oapiParseBase").Call(jen.Id("raw")),
			ifErrReturn(jen.Err()),
			jen.Id("c").Dot("baseURL").Op("=").Id("u")))
	decl(f, []string{"WithHTTPClient sets the http.Client making the calls; see NewClient for the default."},
		optionFunc("WithHTTPClient", []jen.Code{jen.Id("hc").Op("*").Qual(pkgHTTP, "Client")},
			jen.If(jen.Id("hc").Op("==").Nil()).Block(jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("nil http.Client")))),
			jen.Id("c").Dot("hc").Op("=").Id("hc")))
	decl(f, []string{"WithUserAgent sets the User-Agent header of every request."},
		optionFunc("WithUserAgent", []jen.Code{jen.Id("ua").String()}, jen.Id("c").Dot("userAgent").Op("=").Id("ua")))
	decl(f, []string{"WithRequestHook adds a function called with every request just before it is sent,", "after credentials are applied. An error from it stops the call."},
		optionFunc("WithRequestHook", []jen.Code{jen.Id("h").Func().Params(jen.Op("*").Qual(pkgHTTP, "Request")).Error()},
			jen.Id("c").Dot("reqHooks").Op("=").Append(jen.Id("c").Dot("reqHooks"), jen.Id("h"))))
	decl(f, []string{"WithResponseHook adds a function called with every response before its body is read.", "An error from it stops the call."},
		optionFunc("WithResponseHook", []jen.Code{jen.Id("h").Func().Params(jen.Op("*").Qual(pkgHTTP, "Response")).Error()},
			jen.Id("c").Dot("respHooks").Op("=").Append(jen.Id("c").Dot("respHooks"), jen.Id("h"))))
	decl(f, []string{"WithLogger makes the client log one debug record per call: operation, method, path template,", "status and duration. Credentials, query strings, headers and bodies are never logged."},
		optionFunc("WithLogger", []jen.Code{jen.Id("l").Op("*").Qual(pkgSlog, "Logger")}, jen.Id("c").Dot("logger").Op("=").Id("l")))
	maxDoc := []string{"WithMaxResponseBytes bounds the response bodies the client reads (after any decompression); a larger",
		"body fails the call, having cost at most n bytes and one."}
	if rt.classify {
		maxDoc = append(maxDoc, "The outcome of a call classified with a code table is then uncertain.")
	}
	decl(f, maxDoc,
		optionFunc("WithMaxResponseBytes", []jen.Code{jen.Id("n").Int64()},
			jen.If(jen.Id("n").Op("<=").Lit(0)).Block(jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("max response bytes must be positive")))),
			jen.Id("c").Dot("maxBody").Op("=").Id("n")))
	if len(rt.servers) > 0 {
		genOperationBaseURL(f, rt.servers)
	}
}
