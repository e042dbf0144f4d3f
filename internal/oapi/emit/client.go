package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// pkgRT is the runtime every generated client imports: the code all
// clients share, written once as ordinary Go. A generated package declares
// only what differs per API.
const pkgRT = "github.com/codebookgen/codebook/apiclient"

// maxListedOps is how many operation names a doc comment lists.
const maxListedOps = 5

// Reserved returns the package-level identifiers the client emitter
// declares whatever the spec says; types must take other names. The names
// the code tables declare are claimed by the package model (pkgmodel), not
// listed here.
func Reserved() []string {
	return []string{
		"Client", "NewClient", "Option", "DefaultBaseURL", "DefaultMaxResponseBytes",
		"WithBaseURL", "WithHTTPClient", "WithUserAgent", "WithRequestHook", "WithResponseHook",
		"WithLogger", "WithMaxResponseBytes", "APIError", "Secret", "NewSecret", "ClientCredentials",
		"WithOperationBaseURL", "WithExtraFields", "TokenAuthMethod", "TokenAuthBasic", "TokenAuthPost",
		"Date", "DateOf", "ParseDate", "Nullable", "NullableOf", "NullableNull",
	}
}

// rt spells a name of the runtime package.
func rt(name string) *jen.Statement { return jen.Qual(pkgRT, name) }

// clientConfig says what a package's Client fixes: whether it classifies
// with code tables (and so sends through transport.SafeHTTPClient), and the
// operations whose spec names servers of their own, in the spec's order.
type clientConfig struct {
	codebook bool
	classify bool
	once     bool // some operation decodes its 2xx body once (see once)
	servers  []*model.Operation
}

// clientConfig finds what the package's Client fixes.
func (e *emitter) clientConfig() clientConfig {
	cc := clientConfig{codebook: e.cfg.Codebook}
	for _, op := range e.api.Operations {
		cc.classify = cc.classify || e.codebook(op)
		cc.once = cc.once || e.once(op) != nil
		if op.Server != "" {
			cc.servers = append(cc.servers, op)
		}
	}
	return cc
}

// clientFile declares the Client, NewClient and the general options, thin
// wrappers over package apiclient.
func (e *emitter) clientFile(f *jen.File) {
	if !e.cfg.Codebook {
		f.PackageComment(fmt.Sprintf("Package %s is a client for the API %s.", e.cfg.Package, quoted(e.api.Title)))
	}
	cc := e.clientConfig()
	genConstants(f, e.api.BaseURL, cc)
	decl(f, []string{"Client calls the operations of the API, one method each. It is safe for concurrent use."},
		jen.Type().Id("Client").Struct(jen.Id("rt").Op("*").Add(rt("Client"))))
	decl(f, []string{"Option configures a Client."}, jen.Type().Id("Option").Struct(jen.Id("apply").Add(rt("Option"))))
	genNewClient(f, cc)
	genOptions(f, cc)
}

// genConstants declares DefaultBaseURL and DefaultMaxResponseBytes. A
// client in codebook mode calls a payment or airtime API whose documented
// answers are small JSON objects (a code, a message, a few dozen fields:
// under 4 KiB), so its limit, 64 KiB, leaves sixteen times that and bounds
// what a hostile or broken answer (a gzip body that inflates to gigabytes)
// costs: 200 such calls at once hold about 13 MiB of body. A generic
// client knows nothing of its API's answers and keeps 32 MiB.
func genConstants(f *jen.File, baseURL string, cc clientConfig) {
	decl(f, []string{"DefaultBaseURL is the first server URL of the spec; it may be empty or relative, in which case use WithBaseURL."},
		jen.Const().Id("DefaultBaseURL").Op("=").Lit(baseURL))
	limit, docLines := jen.Lit(32).Op("<<").Lit(20), []string{"DefaultMaxResponseBytes bounds the response bodies a Client reads unless WithMaxResponseBytes says otherwise."}
	if cc.codebook {
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

// genNewClient declares NewClient: the runtime client configured with the
// spec's defaults, then the options.
func genNewClient(f *jen.File, cc clientConfig) {
	hcDoc := "http.DefaultClient"
	cfg := jen.Dict{
		jen.Id("BaseURL"):          jen.Id("DefaultBaseURL"),
		jen.Id("MaxResponseBytes"): jen.Id("DefaultMaxResponseBytes"),
	}
	if cc.classify {
		// Code-table clients move money: a timeout, TLS 1.2 at least, no
		// Idempotency-Key header the provider does not honour.
		cfg[jen.Id("HTTPClient")] = jen.Qual(pkgCodebook+"/transport", "SafeHTTPClient").Call(jen.Lit(0))
		hcDoc = "transport.SafeHTTPClient(0) (a 30 s timeout, TLS 1.2 at least)"
	}
	docLines := []string{
		"NewClient returns a Client calling DefaultBaseURL through " + hcDoc + ", as changed by opts.",
		"Calls of operations that move money never follow redirects; other calls follow only those to",
		"the same scheme and host, so that no credential reaches another host: a redirect elsewhere is",
		"the response of the call.",
	}
	if len(cc.servers) > 0 {
		servers := jen.Dict{}
		for _, op := range cc.servers {
			servers[jen.Lit(op.Name)] = jen.Lit(op.Server)
		}
		cfg[jen.Id("Servers")] = jen.Map(jen.String()).String().Values(servers)
		docLines = append(docLines, "Operations whose spec names a server of their own call it (see WithOperationBaseURL).")
	}
	decl(f, docLines, jen.Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Id("apply").Op(":=").Make(jen.Index().Add(rt("Option")), jen.Len(jen.Id("opts"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("o")).Op(":=").Range().Id("opts")).Block(
			jen.Id("apply").Index(jen.Id("i")).Op("=").Id("o").Dot("apply")),
		jen.List(jen.Id("c"), jen.Err()).Op(":=").Add(rt("New")).Call(rt("Config").Values(cfg), jen.Id("apply").Op("...")),
		ifErrReturn(jen.Nil(), jen.Err()),
		jen.Return(jen.Op("&").Id("Client").Values(jen.Dict{jen.Id("rt"): jen.Id("c")}), jen.Nil()),
	))
}

// option spells `func name(params) Option { return Option{value} }`.
func option(name string, params []jen.Code, value jen.Code) *jen.Statement {
	return jen.Func().Id(name).Params(params...).Id("Option").Block(jen.Return(jen.Id("Option").Values(value)))
}

// genOptions declares the general client options.
func genOptions(f *jen.File, cc clientConfig) {
	baseDoc := []string{"WithBaseURL sets the URL operation paths are appended to, such as \"https://api.example.com/v1\"."}
	if len(cc.servers) > 0 {
		baseDoc = append(baseDoc, "", sanitize(fmt.Sprintf("Operations whose spec names a server of their own (%s) call that server instead,", opNames(cc.servers))),
			"a relative one resolved against this URL; WithOperationBaseURL changes it.")
	}
	decl(f, baseDoc, option("WithBaseURL", []jen.Code{jen.Id("raw").String()}, rt("WithBaseURL").Call(jen.Id("raw"))))
	decl(f, []string{"WithHTTPClient sets the http.Client making the calls; see NewClient for the default."},
		option("WithHTTPClient", []jen.Code{jen.Id("hc").Op("*").Qual(pkgHTTP, "Client")}, rt("WithHTTPClient").Call(jen.Id("hc"))))
	decl(f, []string{"WithUserAgent sets the User-Agent header of every request."},
		option("WithUserAgent", []jen.Code{jen.Id("ua").String()}, rt("WithUserAgent").Call(jen.Id("ua"))))
	decl(f, []string{"WithRequestHook adds a function called with every request just before it is sent,", "after credentials are applied. An error from it stops the call."},
		option("WithRequestHook", []jen.Code{jen.Id("h").Func().Params(jen.Op("*").Qual(pkgHTTP, "Request")).Error()}, rt("WithRequestHook").Call(jen.Id("h"))))
	decl(f, []string{"WithResponseHook adds a function called with every response before its body is read.", "An error from it stops the call."},
		option("WithResponseHook", []jen.Code{jen.Id("h").Func().Params(jen.Op("*").Qual(pkgHTTP, "Response")).Error()}, rt("WithResponseHook").Call(jen.Id("h"))))
	decl(f, []string{"WithLogger makes the client log one debug record per call: operation, method, path template,", "status and duration. Credentials, query strings, headers and bodies are never logged."},
		option("WithLogger", []jen.Code{jen.Id("l").Op("*").Qual(pkgSlog, "Logger")}, rt("WithLogger").Call(jen.Id("l"))))
	maxDoc := []string{"WithMaxResponseBytes bounds the response bodies the client reads (after any decompression); a larger",
		"body fails the call, having cost at most n bytes and one."}
	if cc.classify {
		maxDoc = append(maxDoc, "The outcome of a call classified with a code table is then uncertain.")
	}
	decl(f, maxDoc, option("WithMaxResponseBytes", []jen.Code{jen.Id("n").Int64()}, rt("WithMaxResponseBytes").Call(jen.Id("n"))))
	if cc.once {
		decl(f, []string{"WithExtraFields makes every 2xx body of a call classified with a code table take the general",
			"path: the code table's ClassifyHTTP, then the model's full decode. Without it, a body whose",
			"properties its schema all names is decoded once, into the model; one holding others takes the",
			"general path anyway, which keeps them in the model's extra properties."},
			option("WithExtraFields", nil, rt("WithExtraFields").Call()))
	}
	if len(cc.servers) > 0 {
		ops := cc.servers
		text := fmt.Sprintf("WithOperationBaseURL sets the URL the path of operation (a Client method name, such as %q) is appended to, in place of the server its spec names. Only the operations with servers of their own take one: %s. WithBaseURL does not change them, but for a relative server URL, which is resolved against the base URL.", ops[0].Name, opNames(ops))
		decl(f, wrap(sanitize(text), wrapColumn), option("WithOperationBaseURL", []jen.Code{jen.List(jen.Id("operation"), jen.Id("raw")).String()},
			rt("WithOperationBaseURL").Call(jen.Id("operation"), jen.Id("raw"))))
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
