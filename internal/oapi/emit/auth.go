package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// authFile declares one option per security scheme, each setting the
// scheme's credential with a constructor of package apiclient, and the
// names those options take: outside codebook mode Secret and NewSecret
// (aliases of codebook's), and ClientCredentials with its auth methods
// when a scheme gets OAuth2 tokens.
func (e *emitter) authFile(f *jen.File) {
	cb := e.cfg.Codebook
	if !cb {
		genSecretNames(f)
	}
	tokens := false
	for _, s := range e.api.Security {
		genSchemeOptions(f, s, cb)
		tokens = tokens || s.ClientCredentials != ""
	}
	if tokens {
		genClientCredentialsNames(f)
	}
}

// secretType spells the type of every credential: codebook.Secret in
// codebook mode, the package's alias of it otherwise.
func secretType(cb bool) *jen.Statement {
	if cb {
		return jen.Qual(pkgCodebook, "Secret")
	}
	return jen.Id("Secret")
}

// genSecretNames declares Secret and NewSecret for a client outside
// codebook mode, whose users name no codebook package of their own.
func genSecretNames(f *jen.File) {
	decl(f, []string{
		"Secret holds a credential: an API key, a token, a password. It prints, logs and encodes as",
		"REDACTED whatever the verb or encoder; Reveal returns the value, for the request.",
	}, jen.Type().Id("Secret").Op("=").Qual(pkgCodebook, "Secret"))
	decl(f, []string{"NewSecret returns a Secret holding v."},
		jen.Func().Id("NewSecret").Params(jen.Id("v").String()).Id("Secret").Block(
			jen.Return(jen.Qual(pkgCodebook, "NewSecret").Call(jen.Id("v")))))
}

// genClientCredentialsNames declares ClientCredentials and the values of
// its AuthMethod, aliases of package apiclient's (apiclient.TokenAuthMethod
// is their type: nothing here takes or returns it).
func genClientCredentialsNames(f *jen.File) {
	decl(f, []string{"ClientCredentials configures the OAuth2 client-credentials flow (see apiclient.ClientCredentials)."},
		jen.Type().Id("ClientCredentials").Op("=").Add(rt("ClientCredentials")))
	decl(f, []string{"The token endpoint authentication methods (RFC 6749, section 2.3.1)."}, jen.Const().Defs(
		jen.Comment("TokenAuthBasic sends the client id and secret with HTTP basic authentication (client_secret_basic)."),
		jen.Id("TokenAuthBasic").Op("=").Add(rt("TokenAuthBasic")),
		jen.Comment("TokenAuthPost sends them as the form fields client_id and client_secret (client_secret_post)."),
		jen.Id("TokenAuthPost").Op("=").Add(rt("TokenAuthPost")),
	))
}

// genSchemeOptions declares the options of one security scheme.
func genSchemeOptions(f *jen.File, s *model.SecurityScheme, cb bool) {
	set := func(a jen.Code) jen.Code { return rt("WithAuth").Call(jen.Lit(s.Key), a) }
	switch s.Kind {
	case model.SchemeAPIKey:
		decl(f, doc(apiKeyDoc(s), s.Doc), option(s.Option, []jen.Code{jen.Id("key").Add(secretType(cb))},
			set(rt("APIKey").Call(jen.Lit(string(s.In)), jen.Lit(s.Param), jen.Id("key")))))
	case model.SchemeBasic:
		decl(f, doc(fmt.Sprintf("%s sets the user and password of the HTTP basic security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			option(s.Option, []jen.Code{jen.Id("user").String(), jen.Id("password").Add(secretType(cb))},
				set(rt("Basic").Call(jen.Id("user"), jen.Id("password")))))
	default:
		decl(f, doc(fmt.Sprintf("%s sets the bearer token of the security scheme %s.", s.Option, quoted(s.Key)), s.Doc),
			option(s.Option, []jen.Code{jen.Id("token").Add(secretType(cb))}, set(rt("Bearer").Call(jen.Id("token")))))
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
	decl(f, []string{summary}, option(s.ClientCredentials, []jen.Code{jen.Id("cc").Id("ClientCredentials")},
		rt("WithClientCredentials").Call(jen.Lit(s.Key), jen.Id("cc"), jen.Lit(s.TokenURL), rt(method))))
}
