package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genClientCredentials declares ClientCredentials and the caching token
// source of the OAuth2 client-credentials flow.
func genClientCredentials(f *jen.File, cb bool) {
	genClientCredentialsType(f, cb)
	genTokenSource(f, cb)
	genTokenApply(f)
	genTokenReject(f, cb)
	genBareContext(f)
	genFetchToken(f, cb)
	genTokenRequest(f)
}

// genClientCredentialsType declares ClientCredentials and TokenAuthMethod.
func genClientCredentialsType(f *jen.File, cb bool) {
	decl(f, []string{"ClientCredentials configures the OAuth2 client-credentials flow."},
		jen.Type().Id("ClientCredentials").Struct(
			jen.Comment("TokenURL is the token endpoint; empty means the one the spec names. A relative URL"),
			jen.Comment("(\"/v1/oauth2/token\") is resolved against the client's base URL (WithBaseURL), as"),
			jen.Comment("RFC 3986, section 5, resolves a reference."),
			jen.Id("TokenURL").String(),
			jen.Comment("ClientID identifies the client."),
			jen.Id("ClientID").String(),
			jen.Comment("ClientSecret authenticates the client."),
			jen.Id("ClientSecret").Add(secretType(cb)),
			jen.Comment("Scopes are requested with every token; none means the server's default."),
			jen.Id("Scopes").Index().String(),
			jen.Comment("AuthMethod is how the client authenticates to the token endpoint; empty means the"),
			jen.Comment("method the spec names (x-codebook-token-auth), else TokenAuthBasic, the one RFC 6749"),
			jen.Comment("(section 2.3.1) requires every server to support. The secret is never logged either way."),
			jen.Id("AuthMethod").Id("TokenAuthMethod"),
		))
	decl(f, []string{"TokenAuthMethod is how the client authenticates to the OAuth2 token endpoint, named as in", "RFC 7591 (token_endpoint_auth_method)."},
		jen.Type().Id("TokenAuthMethod").String())
	f.Comment("The token endpoint authentication methods (RFC 6749, section 2.3.1).")
	f.Const().Defs(
		jen.Comment("TokenAuthBasic sends the client id and secret, each form-urlencoded first, with HTTP basic"),
		jen.Comment("authentication (client_secret_basic)."),
		jen.Id("TokenAuthBasic").Id("TokenAuthMethod").Op("=").Lit(model.TokenAuthBasic),
		jen.Comment("TokenAuthPost sends them as the form fields client_id and client_secret of the token"),
		jen.Comment("request (client_secret_post)."),
		jen.Id("TokenAuthPost").Id("TokenAuthMethod").Op("=").Lit(model.TokenAuthPost),
	)
	f.Line()
	decl(f, []string{"oapiTokenLeeway is how long before its expiry a cached token is renewed."},
		jen.Const().Id("oapiTokenLeeway").Op("=").Lit(10).Op("*").Qual(pkgTime, "Second"))
	decl(f, []string{"oapiDefaultTokenLifetime is assumed when the token response has no expires_in."},
		jen.Const().Id("oapiDefaultTokenLifetime").Op("=").Lit(5).Op("*").Qual(pkgTime, "Minute"))
}

// genTokenSource declares oapiTokenSource and its token method.
func genTokenSource(f *jen.File, cb bool) {
	decl(f, []string{"oapiTokenSource fetches client-credentials tokens and caches each until shortly before", "it expires. It is safe for concurrent use; one fetch at a time."},
		jen.Type().Id("oapiTokenSource").Struct(
			jen.Id("cfg").Id("ClientCredentials"),
			jen.Id("now").Func().Params().Qual(pkgTime, "Time"),
			jen.Id("mu").Qual(pkgSync, "Mutex"),
			jen.Id("cached").Add(secretType(cb)),
			jen.Id("expiry").Qual(pkgTime, "Time"),
		))
	ts := jen.Id("ts").Op("*").Id("oapiTokenSource")
	decl(f, []string{
		"token returns the cached token, fetching a new one when it is missing or about to expire, from",
		"the token URL resolved against base. The",
		"token request carries the deadline and cancellation of ctx but none of its values: a client",
		"trace or wire probe of the call it serves must not count it as the call.",
	},
		jen.Func().Params(ts).Id("token").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("hc").Op("*").Qual(pkgHTTP, "Client"), jen.Id("base").Op("*").Qual(pkgURL, "URL")).Params(secretType(cb), jen.Error()).Block(
			jen.Id("ts").Dot("mu").Dot("Lock").Call(),
			jen.Defer().Id("ts").Dot("mu").Dot("Unlock").Call(),
			jen.If(jen.Op("!").Id("ts").Dot("cached").Dot("IsZero").Call().Op("&&").Id("ts").Dot("now").Call().Dot("Add").Call(jen.Id("oapiTokenLeeway")).Dot("Before").Call(jen.Id("ts").Dot("expiry"))).Block(
				jen.Return(jen.Id("ts").Dot("cached"), jen.Nil())),
			jen.List(jen.Id("tok"), jen.Id("ttl"), jen.Err()).Op(":=").Id("oapiFetchToken").Call(jen.Id("oapiBareContext").Values(jen.Id("ctx")), jen.Id("hc"), jen.Id("ts").Dot("cfg"), jen.Id("base")),
			ifErrReturn(secretType(cb).Values(), jen.Err()),
			jen.List(jen.Id("ts").Dot("cached"), jen.Id("ts").Dot("expiry")).Op("=").List(jen.Id("tok"), jen.Id("ts").Dot("now").Call().Dot("Add").Call(jen.Id("ttl"))),
			jen.Return(jen.Id("tok"), jen.Nil()),
		))
}

// genTokenApply declares oapiTokenSource.apply, an oapiAuth.
func genTokenApply(f *jen.File) {
	decl(f, []string{"apply sends a current token in an Authorization: Bearer header, fetched with the client's", "http.Client from the token URL resolved against its base URL."},
		jen.Func().Params(jen.Id("ts").Op("*").Id("oapiTokenSource")).Id("apply").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("c").Op("*").Id("Client"), jen.Id("req").Op("*").Qual(pkgHTTP, "Request")).Error().Block(
			jen.List(jen.Id("tok"), jen.Err()).Op(":=").Id("ts").Dot("token").Call(jen.Id("ctx"), jen.Id("c").Dot("hc"), jen.Id("c").Dot("baseURL")),
			ifErrReturn(jen.Err()),
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Authorization"), jen.Lit("Bearer ").Op("+").Add(reveal(jen.Id("tok")))),
			jen.Return(jen.Nil()),
		))
}

// genTokenReject declares oapiTokenSource.reject.
func genTokenReject(f *jen.File, cb bool) {
	decl(f, []string{
		"reject drops the cached token when req carried it (the API refused it), so that the next call",
		"fetches a new one, and reports whether it did. A token fetched since req left stays.",
	},
		jen.Func().Params(jen.Id("ts").Op("*").Id("oapiTokenSource")).Id("reject").Params(jen.Id("req").Op("*").Qual(pkgHTTP, "Request")).Bool().Block(
			jen.Id("ts").Dot("mu").Dot("Lock").Call(),
			jen.Defer().Id("ts").Dot("mu").Dot("Unlock").Call(),
			jen.If(jen.Id("ts").Dot("cached").Dot("IsZero").Call().Op("||").Id("req").Dot("Header").Dot("Get").Call(jen.Lit("Authorization")).Op("!=").Lit("Bearer ").Op("+").Add(reveal(jen.Id("ts").Dot("cached")))).Block(
				jen.Return(jen.False())),
			jen.List(jen.Id("ts").Dot("cached"), jen.Id("ts").Dot("expiry")).Op("=").List(secretType(cb).Values(), jen.Qual(pkgTime, "Time").Values()),
			jen.Return(jen.True()),
		))
}

// genBareContext declares oapiBareContext.
func genBareContext(f *jen.File) {
	decl(f, []string{"oapiBareContext has the deadline and cancellation of its Context but none of its values."},
		jen.Type().Id("oapiBareContext").Struct(jen.Qual(pkgContext, "Context")))
	decl(f, []string{"Value returns nil: no value of the wrapped context, such as a client trace, reaches the request."},
		jen.Func().Params(jen.Id("oapiBareContext")).Id("Value").Params(jen.Any()).Any().Block(jen.Return(jen.Nil())))
}

// genFetchToken declares oapiTokenResponse and oapiFetchToken.
func genFetchToken(f *jen.File, cb bool) {
	decl(f, []string{"oapiTokenResponse is the token endpoint's answer."},
		jen.Type().Id("oapiTokenResponse").Struct(
			jen.Id("AccessToken").String().Tag(map[string]string{"json": "access_token"}),
			jen.Id("ExpiresIn").Int64().Tag(map[string]string{"json": "expires_in"}),
		))
	none := secretType(cb).Values()
	fail := func(msg string) jen.Code {
		return jen.Return(none.Clone(), jen.Lit(0), jen.Qual(pkgErrors, "New").Call(jen.Lit(msg)))
	}
	decl(f, []string{"oapiFetchToken gets a token; errors name the status but never the response body, read up to 64 KiB."},
		jen.Func().Id("oapiFetchToken").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("hc").Op("*").Qual(pkgHTTP, "Client"), jen.Id("cfg").Id("ClientCredentials"), jen.Id("base").Op("*").Qual(pkgURL, "URL")).Params(secretType(cb), jen.Qual(pkgTime, "Duration"), jen.Error()).Block(
			jen.List(jen.Id("req"), jen.Err()).Op(":=").Id("oapiTokenRequest").Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("base")),
			ifErrReturn(none.Clone(), jen.Lit(0), jen.Err()),
			jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("hc").Dot("Do").Call(jen.Id("req")),
			ifErrReturn(none.Clone(), jen.Lit(0), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("oauth2 token: %w"), jen.Err())),
			jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
			jen.List(jen.Id("body"), jen.Id("over"), jen.Err()).Op(":=").Id("oapiReadBody").Call(jen.Id("resp").Dot("Body"), jen.Lit(64).Op("<<").Lit(10), jen.Id("resp").Dot("ContentLength")),
			ifErrReturn(none.Clone(), jen.Lit(0), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("oauth2 token: %w"), jen.Err())),
			jen.If(jen.Op("!").Id("oapiSuccess").Call(jen.Id("resp").Dot("StatusCode"))).Block(
				jen.Return(none.Clone(), jen.Lit(0), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("oauth2 token: HTTP status %d"), jen.Id("resp").Dot("StatusCode")))),
			jen.Var().Id("tr").Id("oapiTokenResponse"),
			jen.If(jen.Id("over").Op("||").Qual(pkgJSON, "Unmarshal").Call(jen.Id("body"), jen.Op("&").Id("tr")).Op("!=").Nil().Op("||").Id("tr").Dot("AccessToken").Op("==").Lit("")).Block(
				fail("oauth2 token: no access_token in the response")),
			jen.Id("ttl").Op(":=").Qual(pkgTime, "Duration").Call(jen.Id("tr").Dot("ExpiresIn")).Op("*").Qual(pkgTime, "Second"),
			jen.If(jen.Id("tr").Dot("ExpiresIn").Op("<=").Lit(0)).Block(jen.Id("ttl").Op("=").Id("oapiDefaultTokenLifetime")),
			jen.Return(newSecret(cb, jen.Id("tr").Dot("AccessToken")), jen.Id("ttl"), jen.Nil()),
		))
}

// genTokenRequest declares oapiTokenRequest: a form-encoded POST with the
// client authenticated by HTTP basic (client_secret_basic), or by the form
// fields client_id and client_secret when cfg.AuthMethod is TokenAuthPost
// (RFC 6749, section 2.3.1).
func genTokenRequest(f *jen.File) {
	form := jen.Id("form")
	post := jen.Id("cfg").Dot("AuthMethod").Op("==").Id("TokenAuthPost")
	decl(f, []string{
		"oapiTokenRequest builds the form-encoded token request to cfg.TokenURL resolved against base,",
		"the client authenticated with HTTP basic, its id and secret form-urlencoded first (RFC 6749,",
		"section 2.3.1), or by the form fields client_id and client_secret under TokenAuthPost.",
	},
		jen.Func().Id("oapiTokenRequest").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("cfg").Id("ClientCredentials"), jen.Id("base").Op("*").Qual(pkgURL, "URL")).Params(jen.Op("*").Qual(pkgHTTP, "Request"), jen.Error()).Block(
			jen.List(jen.Id("u"), jen.Err()).Op(":=").Id("oapiTokenURL").Call(jen.Id("base"), jen.Id("cfg").Dot("TokenURL")),
			ifErrReturn(jen.Nil(), jen.Err()),
			form.Clone().Op(":=").Qual(pkgURL, "Values").Values(jen.Dict{jen.Lit("grant_type"): jen.Values(jen.Lit("client_credentials"))}),
			jen.If(jen.Len(jen.Id("cfg").Dot("Scopes")).Op(">").Lit(0)).Block(
				form.Clone().Dot("Set").Call(jen.Lit("scope"), jen.Qual(pkgStrings, "Join").Call(jen.Id("cfg").Dot("Scopes"), jen.Lit(" ")))),
			jen.If(post.Clone()).Block(
				form.Clone().Dot("Set").Call(jen.Lit("client_id"), jen.Id("cfg").Dot("ClientID")),
				form.Clone().Dot("Set").Call(jen.Lit("client_secret"), reveal(jen.Id("cfg").Dot("ClientSecret")))),
			jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual(pkgHTTP, "NewRequestWithContext").Call(jen.Id("ctx"), jen.Qual(pkgHTTP, "MethodPost"), jen.Id("u"), jen.Qual(pkgStrings, "NewReader").Call(form.Clone().Dot("Encode").Call())),
			ifErrReturn(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("oauth2 token request: the token URL is not usable"))),
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/x-www-form-urlencoded")),
			jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Accept"), jen.Lit("application/json")),
			jen.If(jen.Id("cfg").Dot("AuthMethod").Op("!=").Id("TokenAuthPost")).Block(
				jen.Id("req").Dot("SetBasicAuth").Call(jen.Qual(pkgURL, "QueryEscape").Call(jen.Id("cfg").Dot("ClientID")), jen.Qual(pkgURL, "QueryEscape").Call(reveal(jen.Id("cfg").Dot("ClientSecret"))))),
			jen.Return(jen.Id("req"), jen.Nil()),
		))
	genTokenURL(f)
}

// genTokenURL declares oapiTokenURL. Its errors never hold the URL, which
// may carry credentials in its user information or query.
func genTokenURL(f *jen.File) {
	fail := func(msg string) jen.Code {
		return jen.Return(jen.Lit(""), jen.Qual(pkgErrors, "New").Call(jen.Lit(msg)))
	}
	ref := jen.Id("ref")
	decl(f, []string{
		"oapiTokenURL resolves the token URL raw against the base URL, as RFC 3986 (section 5) resolves",
		"a reference: \"/v1/oauth2/token\" against \"https://api.example.com/v2\" is",
		"\"https://api.example.com/v1/oauth2/token\". The result must be an absolute http or https URL.",
	},
		jen.Func().Id("oapiTokenURL").Params(jen.Id("base").Op("*").Qual(pkgURL, "URL"), jen.Id("raw").String()).Params(jen.String(), jen.Error()).Block(
			jen.List(ref.Clone(), jen.Err()).Op(":=").Qual(pkgURL, "Parse").Call(jen.Id("raw")),
			jen.If(jen.Err().Op("!=").Nil()).Block(fail("oauth2 token URL does not parse: check ClientCredentials.TokenURL")),
			jen.If(jen.Op("!").Add(ref.Clone()).Dot("IsAbs").Call()).Block(
				jen.If(jen.Id("base").Op("==").Nil()).Block(fail("oauth2 token URL is relative and the client has no base URL: use WithBaseURL or an absolute ClientCredentials.TokenURL")),
				ref.Clone().Op("=").Id("base").Dot("ResolveReference").Call(ref.Clone())),
			jen.If(jen.Parens(ref.Clone().Dot("Scheme").Op("!=").Lit("http").Op("&&").Add(ref.Clone()).Dot("Scheme").Op("!=").Lit("https")).Op("||").Add(ref.Clone()).Dot("Host").Op("==").Lit("")).Block(
				fail("oauth2 token URL is no absolute http or https URL: check ClientCredentials.TokenURL")),
			jen.Return(ref.Clone().Dot("String").Call(), jen.Nil()),
		))
}
