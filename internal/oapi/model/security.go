package model

// SchemeKind says what kind of credential a security scheme takes.
type SchemeKind int

// The security scheme kinds.
const (
	SchemeAPIKey SchemeKind = iota
	SchemeBearer            // http bearer, oauth2 and openIdConnect with a static token
	SchemeBasic
	SchemeOAuth2 // oauth2; ClientCredentials holds the client-credentials flow when the spec has one
)

// SecurityScheme is one entry of components.securitySchemes.
type SecurityScheme struct {
	Key   string // the scheme's key in the spec
	Name  string // Go word for option names: WithBearer<Name>...
	Kind  SchemeKind
	Doc   string
	Pos   Pos
	In    ParamIn // SchemeAPIKey: header, query or cookie
	Param string  // SchemeAPIKey: the header, query or cookie name
	// TokenURL is the token endpoint of the client-credentials flow (SchemeOAuth2), "" when none.
	TokenURL string
	Scopes   []string // SchemeOAuth2: the client-credentials flow's scopes, sorted
	// TokenAuth is how the client authenticates to the token endpoint unless
	// the caller says otherwise: TokenAuthBasic (RFC 6749 2.3.1, the default)
	// or TokenAuthPost (x-codebook-token-auth: client_secret_post).
	TokenAuth string
	// Option is the Go name of the client option setting this scheme's
	// credential (an API key, a token, a user and password).
	Option string
	// ClientCredentials is the Go name of the option configuring the
	// client-credentials flow (SchemeOAuth2 only), "" when there is none.
	ClientCredentials string
}

// The token endpoint's client authentication methods, named as in RFC 7591
// (token_endpoint_auth_method).
const (
	// TokenAuthBasic sends the client id and secret with HTTP basic
	// authentication, the method RFC 6749 (2.3.1) requires every server to
	// support.
	TokenAuthBasic = "client_secret_basic"
	// TokenAuthPost sends them as the form fields client_id and
	// client_secret of the token request.
	TokenAuthPost = "client_secret_post"
)
