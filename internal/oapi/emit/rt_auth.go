package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// redacted is what a Secret prints as, whatever the verb.
const redacted = "REDACTED"

// authFile declares Secret, one option per security scheme and the
// credential helpers those options use.
func (e *emitter) authFile(f *jen.File) {
	genSecret(f)
	kinds := map[model.SchemeKind]bool{}
	cc := false
	for _, s := range e.api.Security {
		genSchemeOptions(f, s)
		kinds[s.Kind] = true
		cc = cc || s.ClientCredentials != ""
	}
	if kinds[model.SchemeAPIKey] {
		genAPIKeyAuth(f)
	}
	if kinds[model.SchemeBearer] || kinds[model.SchemeOAuth2] {
		genBearerAuth(f)
	}
	if kinds[model.SchemeBasic] {
		genBasicAuth(f)
	}
	if cc {
		genClientCredentials(f)
	}
}

// genSecret declares Secret, a string that never prints.
func genSecret(f *jen.File) {
	recv := jen.Id("Secret")
	decl(f, []string{"Secret holds a credential. It prints, logs and encodes as " + redacted + ";", "convert it with string(s) where the value itself is needed."},
		jen.Type().Id("Secret").String())
	decl(f, []string{"String returns " + redacted + "."},
		jen.Func().Params(recv.Clone()).Id("String").Params().String().Block(jen.Return(jen.Lit(redacted))))
	decl(f, []string{"GoString returns " + redacted + ", for %#v."},
		jen.Func().Params(recv.Clone()).Id("GoString").Params().String().Block(jen.Return(jen.Lit(redacted))))
	decl(f, []string{"Format writes " + redacted + " for every verb, so that no fmt verb prints the value."},
		jen.Func().Params(recv.Clone()).Id("Format").Params(jen.Id("s").Qual(pkgFmt, "State"), jen.Id("_").Rune()).Block(
			jen.List(jen.Id("_"), jen.Id("_")).Op("=").Qual(pkgIO, "WriteString").Call(jen.Id("s"), jen.Lit(redacted))))
	decl(f, []string{"LogValue returns " + redacted + ", for log/slog."},
		jen.Func().Params(recv.Clone()).Id("LogValue").Params().Qual(pkgSlog, "Value").Block(
			jen.Return(jen.Qual(pkgSlog, "StringValue").Call(jen.Lit(redacted)))))
	decl(f, []string{"MarshalJSON returns \"" + redacted + "\"."},
		jen.Func().Params(recv.Clone()).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Index().Byte().Call(jen.Lit(`"`+redacted+`"`)), jen.Nil())))
	decl(f, []string{"MarshalText returns " + redacted + "."},
		jen.Func().Params(recv.Clone()).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Return(jen.Index().Byte().Call(jen.Lit(redacted)), jen.Nil())))
}

// genSchemeOptions declares the options of one security scheme.
func genSchemeOptions(f *jen.File, s *model.SecurityScheme) {
	key := jen.Id("c").Dot("auth").Index(jen.Lit(s.Key))
	switch s.Kind {
	case model.SchemeAPIKey:
		decl(f, doc(apiKeyDoc(s), s.Doc), optionFunc(s.Option, []jen.Code{jen.Id("key").Id("Secret")},
			key.Op("=").Id("oapiAPIKey").Call(jen.Lit(string(s.In)), jen.Lit(s.Param), jen.Id("key"))))
	case model.SchemeBasic:
		decl(f, doc(fmt.Sprintf("%s sets the user and password of the HTTP basic security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			optionFunc(s.Option, []jen.Code{jen.Id("user").String(), jen.Id("password").Id("Secret")},
				key.Op("=").Id("oapiBasic").Call(jen.Id("user"), jen.Id("password"))))
	default:
		decl(f, doc(fmt.Sprintf("%s sets the bearer token of the security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			optionFunc(s.Option, []jen.Code{jen.Id("token").Id("Secret")},
				key.Op("=").Id("oapiBearer").Call(jen.Id("token"))))
	}
	if s.ClientCredentials != "" {
		genClientCredentialsOption(f, s)
	}
}

// apiKeyDoc is the summary of an API key option; keys in the query string
// come with a warning.
func apiKeyDoc(s *model.SecurityScheme) string {
	line := fmt.Sprintf("%s sets the API key of the security scheme %s, sent in the %s %s.", s.Option, quoted(s.Key), s.In, quoted(s.Param))
	if s.In == model.InQuery {
		line += " The spec puts the key in the query string, where proxies and server logs may record it; prefer another scheme when the API offers one."
	}
	return line
}

// genClientCredentialsOption declares the client-credentials option.
func genClientCredentialsOption(f *jen.File, s *model.SecurityScheme) {
	summary := fmt.Sprintf("%s makes the client get bearer tokens for the security scheme %s with the OAuth2 client-credentials flow, from cc.TokenURL or, when empty, %s. Tokens are cached and renewed shortly before they expire.",
		s.ClientCredentials, quoted(s.Key), quoted(s.TokenURL))
	decl(f, []string{summary}, optionFunc(s.ClientCredentials, []jen.Code{jen.Id("cc").Id("ClientCredentials")},
		jen.If(jen.Id("cc").Dot("TokenURL").Op("==").Lit("")).Block(jen.Id("cc").Dot("TokenURL").Op("=").Lit(s.TokenURL)),
		jen.Id("ts").Op(":=").Op("&").Id("oapiTokenSource").Values(jen.Dict{jen.Id("cfg"): jen.Id("cc"), jen.Id("now"): jen.Qual(pkgTime, "Now")}),
		jen.Id("c").Dot("auth").Index(jen.Lit(s.Key)).Op("=").Id("ts").Dot("apply")))
}

// authFunc spells func(ctx context.Context, hc *http.Client, req *http.Request) error { body }.
func authFunc(body ...jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("_").Qual(pkgContext, "Context"), jen.Id("_").Op("*").Qual(pkgHTTP, "Client"), jen.Id("req").Op("*").Qual(pkgHTTP, "Request")).Error().Block(
		append(body, jen.Return(jen.Nil()))...)
}

// genAPIKeyAuth declares oapiAPIKey.
func genAPIKeyAuth(f *jen.File) {
	decl(f, []string{"oapiAPIKey sends key as the header, query parameter or cookie name."},
		jen.Func().Id("oapiAPIKey").Params(jen.List(jen.Id("in"), jen.Id("name")).String(), jen.Id("key").Id("Secret")).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Switch(jen.Id("in")).Block(
				jen.Case(jen.Lit("header")).Block(jen.Id("req").Dot("Header").Dot("Set").Call(jen.Id("name"), jen.String().Call(jen.Id("key")))),
				jen.Case(jen.Lit("query")).Block(
					jen.Id("q").Op(":=").Id("req").Dot("URL").Dot("Query").Call(),
					jen.Id("q").Dot("Set").Call(jen.Id("name"), jen.String().Call(jen.Id("key"))),
					jen.Id("req").Dot("URL").Dot("RawQuery").Op("=").Id("q").Dot("Encode").Call()),
				jen.Case(jen.Lit("cookie")).Block(jen.Id("req").Dot("AddCookie").Call(
					jen.Op("&").Qual(pkgHTTP, "Cookie").Values(jen.Dict{jen.Id("Name"): jen.Id("name"), jen.Id("Value"): jen.String().Call(jen.Id("key"))}))),
			)))))
}

// genBearerAuth declares oapiBearer.
func genBearerAuth(f *jen.File) {
	decl(f, []string{"oapiBearer sends token in an Authorization: Bearer header."},
		jen.Func().Id("oapiBearer").Params(jen.Id("token").Id("Secret")).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Authorization"), jen.Lit("Bearer ").Op("+").String().Call(jen.Id("token")))))))
}

// genBasicAuth declares oapiBasic.
func genBasicAuth(f *jen.File) {
	decl(f, []string{"oapiBasic sends user and password with HTTP basic authentication."},
		jen.Func().Id("oapiBasic").Params(jen.Id("user").String(), jen.Id("password").Id("Secret")).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Id("req").Dot("SetBasicAuth").Call(jen.Id("user"), jen.String().Call(jen.Id("password")))))))
}
