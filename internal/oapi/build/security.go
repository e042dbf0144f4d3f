package build

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// buildSecurity builds the security schemes of the components, in key
// order. Schemes the generated client cannot apply (http digest, mutual
// TLS) are left out with a warning.
func (b *builder) buildSecurity() {
	c := b.doc.T.Components
	if c == nil {
		return
	}
	for _, key := range sortedKeys(c.SecuritySchemes) {
		sr := c.SecuritySchemes[key]
		if sr == nil || sr.Value == nil {
			continue
		}
		if s := b.scheme(key, sr.Value); s != nil {
			b.api.Security = append(b.api.Security, s)
		}
	}
}

// scheme builds one security scheme, or nil when it is not supported.
func (b *builder) scheme(key string, ss *openapi3.SecurityScheme) *model.SecurityScheme {
	s := &model.SecurityScheme{Key: key, Doc: ss.Description, Pos: b.doc.Pos(ss.Origin)}
	switch strings.ToLower(ss.Type) {
	case "apikey":
		return b.apiKey(s, ss)
	case "http":
		return b.httpScheme(s, ss)
	case "oauth2":
		s.Kind = model.SchemeOAuth2
		clientCredentials(s, ss.Flows)
		s.TokenAuth = b.tokenAuth(s, ss)
		return s
	case "openidconnect":
		s.Kind = model.SchemeBearer
		return s
	}
	b.warn(s.Pos, "security scheme %q of type %q is not supported; configure it on the http.Client", key, ss.Type)
	return nil
}

// apiKey builds an API key scheme.
func (b *builder) apiKey(s *model.SecurityScheme, ss *openapi3.SecurityScheme) *model.SecurityScheme {
	s.Kind, s.In, s.Param = model.SchemeAPIKey, model.ParamIn(strings.ToLower(ss.In)), ss.Name
	switch s.In {
	case model.InHeader, model.InQuery, model.InCookie:
	default:
		b.warn(s.Pos, "API key %q is in %q; left out", s.Key, ss.In)
		return nil
	}
	if s.Param == "" {
		b.warn(s.Pos, "API key %q has no name; left out", s.Key)
		return nil
	}
	return s
}

// httpScheme builds an HTTP bearer or basic scheme.
func (b *builder) httpScheme(s *model.SecurityScheme, ss *openapi3.SecurityScheme) *model.SecurityScheme {
	switch strings.ToLower(ss.Scheme) {
	case "bearer":
		s.Kind = model.SchemeBearer
	case "basic":
		s.Kind = model.SchemeBasic
	default:
		b.warn(s.Pos, "HTTP authentication scheme %q of %q is not supported; left out", ss.Scheme, s.Key)
		return nil
	}
	return s
}

// tokenAuthKey is the security-scheme extension naming how the client
// authenticates to the token endpoint: client_secret_basic or
// client_secret_post (RFC 7591 token_endpoint_auth_method values).
const tokenAuthKey = "x-codebook-token-auth"

// tokenAuth reads x-codebook-token-auth; absent, or not one of the two
// methods (with a warning), it is client_secret_basic, the method RFC 6749
// (2.3.1) requires every authorization server to support.
func (b *builder) tokenAuth(s *model.SecurityScheme, ss *openapi3.SecurityScheme) string {
	raw, ok := ss.Extensions[tokenAuthKey]
	if !ok {
		return model.TokenAuthBasic
	}
	if v, _ := raw.(string); v == model.TokenAuthBasic || v == model.TokenAuthPost {
		return v
	}
	b.warn(b.doc.FieldPos(ss.Origin, tokenAuthKey), "%s of %q must be %s or %s, not %v; using %s",
		tokenAuthKey, s.Key, model.TokenAuthBasic, model.TokenAuthPost, raw, model.TokenAuthBasic)
	return model.TokenAuthBasic
}

// clientCredentials copies the client-credentials flow, when there is one.
func clientCredentials(s *model.SecurityScheme, flows *openapi3.OAuthFlows) {
	if flows == nil || flows.ClientCredentials == nil {
		return
	}
	s.TokenURL = flows.ClientCredentials.TokenURL
	s.Scopes = sortedKeys(flows.ClientCredentials.Scopes)
}
