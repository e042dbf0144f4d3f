package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// redacted is what a Secret prints as, whatever the verb.
const redacted = "REDACTED"

// authFile declares Secret (outside codebook mode, where codebook.Secret
// serves), one option per security scheme and the credential helpers
// those options use.
func (e *emitter) authFile(f *jen.File) {
	cb := e.cfg.Codebook
	if !cb {
		genSecret(f)
	}
	kinds := map[model.SchemeKind]bool{}
	cc := false
	for _, s := range e.api.Security {
		genSchemeOptions(f, s, cb)
		kinds[s.Kind] = true
		cc = cc || s.ClientCredentials != ""
	}
	if kinds[model.SchemeAPIKey] {
		genAPIKeyAuth(f, cb)
	}
	if kinds[model.SchemeBearer] || kinds[model.SchemeOAuth2] {
		genBearerAuth(f, cb)
	}
	if kinds[model.SchemeBasic] {
		genBasicAuth(f, cb)
	}
	if cc {
		genClientCredentials(f, cb)
	}
}

// secretType spells the type of every credential: codebook.Secret in
// codebook mode, the package's own Secret, of the same shape, otherwise
// (a generic client does not import codebook).
func secretType(cb bool) *jen.Statement {
	if cb {
		return jen.Qual(pkgCodebook, "Secret")
	}
	return jen.Id("Secret")
}

// newSecret spells the Secret holding v.
func newSecret(cb bool, v jen.Code) *jen.Statement {
	if cb {
		return jen.Qual(pkgCodebook, "NewSecret").Call(v)
	}
	return jen.Id("NewSecret").Call(v)
}

// reveal spells the value of the secret x.
func reveal(x *jen.Statement) *jen.Statement { return x.Dot("Reveal").Call() }

// genSecret declares Secret, a credential that never prints: the shape of
// codebook.Secret, a struct holding a pointer, so that even fmt printing
// an unexported field (where it cannot call methods) shows an address.
func genSecret(f *jen.File) {
	recv := jen.Id("Secret")
	decl(f, []string{
		"Secret holds a credential: an API key, a token, a password. Every way Go has of printing,",
		"logging or encoding it gives " + redacted + ": fmt with any verb, log/slog, encoding/json and",
		"encoding text. The value sits behind a pointer, so that even fmt printing a struct that holds a",
		"Secret in an unexported field, where it cannot call Format, shows an address and not the",
		"credential. Reveal returns the value, for the request. The zero Secret is empty.",
	}, jen.Type().Id("Secret").Struct(jen.Id("v").Op("*").String()))
	decl(f, []string{"NewSecret returns a Secret holding v."},
		jen.Func().Id("NewSecret").Params(jen.Id("v").String()).Id("Secret").Block(
			jen.If(jen.Id("v").Op("==").Lit("")).Block(jen.Return(jen.Id("Secret").Values())),
			jen.Return(jen.Id("Secret").Values(jen.Dict{jen.Id("v"): jen.Op("&").Id("v")}))))
	decl(f, []string{"Reveal returns the credential itself."},
		jen.Func().Params(jen.Id("s").Id("Secret")).Id("Reveal").Params().String().Block(
			jen.If(jen.Id("s").Dot("v").Op("==").Nil()).Block(jen.Return(jen.Lit(""))),
			jen.Return(jen.Op("*").Id("s").Dot("v"))))
	decl(f, []string{"IsZero reports whether the secret is empty."},
		jen.Func().Params(jen.Id("s").Id("Secret")).Id("IsZero").Params().Bool().Block(
			jen.Return(jen.Id("s").Dot("v").Op("==").Nil().Op("||").Op("*").Id("s").Dot("v").Op("==").Lit(""))))
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
	decl(f, []string{"UnmarshalText sets the secret to text, so that configuration files decode into a Secret."},
		jen.Func().Params(jen.Id("s").Op("*").Id("Secret")).Id("UnmarshalText").Params(jen.Id("text").Index().Byte()).Error().Block(
			jen.Op("*").Id("s").Op("=").Id("NewSecret").Call(jen.String().Call(jen.Id("text"))),
			jen.Return(jen.Nil())))
}

// genSchemeOptions declares the options of one security scheme.
func genSchemeOptions(f *jen.File, s *model.SecurityScheme, cb bool) {
	key := jen.Id("c").Dot("auth").Index(jen.Lit(s.Key))
	switch s.Kind {
	case model.SchemeAPIKey:
		decl(f, doc(apiKeyDoc(s), s.Doc), optionFunc(s.Option, []jen.Code{jen.Id("key").Add(secretType(cb))},
			key.Op("=").Id("oapiAPIKey").Call(jen.Lit(string(s.In)), jen.Lit(s.Param), jen.Id("key"))))
	case model.SchemeBasic:
		decl(f, doc(fmt.Sprintf("%s sets the user and password of the HTTP basic security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			optionFunc(s.Option, []jen.Code{jen.Id("user").String(), jen.Id("password").Add(secretType(cb))},
				key.Op("=").Id("oapiBasic").Call(jen.Id("user"), jen.Id("password"))))
	default:
		decl(f, doc(fmt.Sprintf("%s sets the bearer token of the security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			optionFunc(s.Option, []jen.Code{jen.Id("token").Add(secretType(cb))},
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
	method := "TokenAuthBasic"
	if s.TokenAuth == model.TokenAuthPost {
		method = "TokenAuthPost"
	}
	summary := fmt.Sprintf("%s makes the client get bearer tokens for the security scheme %s with the OAuth2 client-credentials flow, from cc.TokenURL or, when empty, %s (a relative URL is resolved against the base URL). The client authenticates with cc.AuthMethod or, when empty, %s. Tokens are cached and renewed shortly before they expire; a token the API refuses with 401 is dropped at once, so that the next call fetches a new one (a GET or HEAD that moves no money is sent once more with it; any other call returns its 401).",
		s.ClientCredentials, quoted(s.Key), quoted(s.TokenURL), method)
	am := jen.Id("cc").Dot("AuthMethod")
	decl(f, []string{summary}, optionFunc(s.ClientCredentials, []jen.Code{jen.Id("cc").Id("ClientCredentials")},
		jen.If(jen.Id("cc").Dot("TokenURL").Op("==").Lit("")).Block(jen.Id("cc").Dot("TokenURL").Op("=").Lit(s.TokenURL)),
		jen.Switch(am.Clone()).Block(
			jen.Case(jen.Lit("")).Block(am.Clone().Op("=").Id(method)),
			jen.Case(jen.Id("TokenAuthBasic"), jen.Id("TokenAuthPost")).Block(),
			jen.Default().Block(jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("unknown ClientCredentials.AuthMethod %q: use TokenAuthBasic or TokenAuthPost"), am.Clone()))),
		),
		jen.Id("ts").Op(":=").Op("&").Id("oapiTokenSource").Values(jen.Dict{jen.Id("cfg"): jen.Id("cc"), jen.Id("now"): jen.Qual(pkgTime, "Now")}),
		jen.Id("c").Dot("auth").Index(jen.Lit(s.Key)).Op("=").Id("ts").Dot("apply"),
		jen.Id("c").Dot("tokens").Op("=").Append(jen.Id("c").Dot("tokens"), jen.Id("ts"))))
}

// authFunc spells func(ctx context.Context, c *Client, req *http.Request) error { body }.
func authFunc(body ...jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("_").Qual(pkgContext, "Context"), jen.Id("_").Op("*").Id("Client"), jen.Id("req").Op("*").Qual(pkgHTTP, "Request")).Error().Block(
		append(body, jen.Return(jen.Nil()))...)
}

// genAPIKeyAuth declares oapiAPIKey.
func genAPIKeyAuth(f *jen.File, cb bool) {
	decl(f, []string{"oapiAPIKey sends key as the header, query parameter or cookie name."},
		jen.Func().Id("oapiAPIKey").Params(jen.List(jen.Id("in"), jen.Id("name")).String(), jen.Id("key").Add(secretType(cb))).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Switch(jen.Id("in")).Block(
				jen.Case(jen.Lit("header")).Block(jen.Id("req").Dot("Header").Dot("Set").Call(jen.Id("name"), reveal(jen.Id("key")))),
				jen.Case(jen.Lit("query")).Block(
					jen.Id("q").Op(":=").Id("req").Dot("URL").Dot("Query").Call(),
					jen.Id("q").Dot("Set").Call(jen.Id("name"), reveal(jen.Id("key"))),
					jen.Id("req").Dot("URL").Dot("RawQuery").Op("=").Id("q").Dot("Encode").Call()),
				jen.Case(jen.Lit("cookie")).Block(jen.Id("req").Dot("AddCookie").Call(
					jen.Op("&").Qual(pkgHTTP, "Cookie").Values(jen.Dict{jen.Id("Name"): jen.Id("name"), jen.Id("Value"): reveal(jen.Id("key"))}))),
			)))))
}

// genBearerAuth declares oapiBearer.
func genBearerAuth(f *jen.File, cb bool) {
	decl(f, []string{"oapiBearer sends token in an Authorization: Bearer header."},
		jen.Func().Id("oapiBearer").Params(jen.Id("token").Add(secretType(cb))).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Authorization"), jen.Lit("Bearer ").Op("+").Add(reveal(jen.Id("token"))))))))
}

// genBasicAuth declares oapiBasic.
func genBasicAuth(f *jen.File, cb bool) {
	decl(f, []string{"oapiBasic sends user and password with HTTP basic authentication."},
		jen.Func().Id("oapiBasic").Params(jen.Id("user").String(), jen.Id("password").Add(secretType(cb))).Id("oapiAuth").Block(
			jen.Return(authFunc(jen.Id("req").Dot("SetBasicAuth").Call(jen.Id("user"), reveal(jen.Id("password")))))))
}
