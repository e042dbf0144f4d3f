package apiclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/codebookgen/codebook"
)

// ClientCredentials configures the OAuth2 client-credentials flow.
type ClientCredentials struct {
	// TokenURL is the token endpoint; empty means the one the spec names. A relative URL
	// ("/v1/oauth2/token") is resolved against the client's base URL (WithBaseURL), as
	// RFC 3986, section 5, resolves a reference.
	TokenURL string
	// ClientID identifies the client.
	ClientID string
	// ClientSecret authenticates the client.
	ClientSecret codebook.Secret
	// Scopes are requested with every token; none means the server's default.
	Scopes []string
	// AuthMethod is how the client authenticates to the token endpoint; empty means the
	// method the spec names (x-codebook-token-auth), else TokenAuthBasic, the one RFC 6749
	// (section 2.3.1) requires every server to support. The secret is never logged either way.
	AuthMethod TokenAuthMethod
}

// TokenAuthMethod is how the client authenticates to the OAuth2 token endpoint, named as in
// RFC 7591 (token_endpoint_auth_method).
type TokenAuthMethod string

// The token endpoint authentication methods (RFC 6749, section 2.3.1).
const (
	// TokenAuthBasic sends the client id and secret, each form-urlencoded first, with HTTP basic
	// authentication (client_secret_basic).
	TokenAuthBasic TokenAuthMethod = "client_secret_basic"
	// TokenAuthPost sends them as the form fields client_id and client_secret of the token
	// request (client_secret_post).
	TokenAuthPost TokenAuthMethod = "client_secret_post"
)

// Token caching: a cached token is renewed tokenLeeway before its expiry; a token response without
// expires_in is taken to last defaultTokenLifetime; a token response is read up to maxTokenBody.
const (
	tokenLeeway          = 10 * time.Second
	defaultTokenLifetime = 5 * time.Minute
	maxTokenBody         = 64 << 10
)

// WithClientCredentials makes the client get bearer tokens for the security scheme key with the
// OAuth2 client-credentials flow, from cc.TokenURL or, when empty, tokenURL (the spec's; a relative
// URL is resolved against the base URL), authenticating with cc.AuthMethod or, when empty, method.
// Tokens are cached and renewed shortly before they expire; a token the API refuses with 401 is
// dropped at once (see Client.Send).
func WithClientCredentials(key string, cc ClientCredentials, tokenURL string, method TokenAuthMethod) Option {
	return func(c *Client) error {
		if cc.TokenURL == "" {
			cc.TokenURL = tokenURL
		}
		switch cc.AuthMethod {
		case "":
			cc.AuthMethod = method
		case TokenAuthBasic, TokenAuthPost:
		default:
			return fmt.Errorf("unknown ClientCredentials.AuthMethod %q: use TokenAuthBasic or TokenAuthPost", cc.AuthMethod)
		}
		ts := &tokenSource{cfg: cc, now: time.Now}
		c.auth[key] = ts.apply
		c.tokens = append(c.tokens, ts)
		return nil
	}
}

// rejectTokens drops the cached OAuth2 tokens req carried, after the API refused them, and reports
// whether it dropped any.
func (c *Client) rejectTokens(req *http.Request) bool {
	dropped := false
	for _, ts := range c.tokens {
		dropped = ts.reject(req) || dropped
	}
	return dropped
}

// tokenSource fetches client-credentials tokens and caches each until shortly before it expires.
// It is safe for concurrent use; one fetch at a time.
type tokenSource struct {
	cfg    ClientCredentials
	now    func() time.Time
	mu     sync.Mutex
	cached codebook.Secret
	expiry time.Time
}

// token returns the cached token, fetching a new one when it is missing or about to expire, from
// the token URL resolved against base. The token request carries the deadline and cancellation of
// ctx but none of its values: a client trace or wire probe of the call it serves must not count it
// as the call.
func (ts *tokenSource) token(ctx context.Context, hc *http.Client, base *url.URL) (codebook.Secret, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if !ts.cached.IsZero() && ts.now().Add(tokenLeeway).Before(ts.expiry) {
		return ts.cached, nil
	}
	tok, ttl, err := fetchToken(bareContext{ctx}, hc, ts.cfg, base)
	if err != nil {
		return codebook.Secret{}, err
	}
	ts.cached, ts.expiry = tok, ts.now().Add(ttl)
	return tok, nil
}

// apply sends a current token in an Authorization: Bearer header, fetched with the client's
// http.Client from the token URL resolved against its base URL.
func (ts *tokenSource) apply(ctx context.Context, c *Client, req *http.Request) error {
	tok, err := ts.token(ctx, c.hc, c.baseURL)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+tok.Reveal())
	return nil
}

// reject drops the cached token when req carried it (the API refused it), so that the next call
// fetches a new one, and reports whether it did. A token fetched since req left stays.
func (ts *tokenSource) reject(req *http.Request) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.cached.IsZero() || req.Header.Get("Authorization") != "Bearer "+ts.cached.Reveal() {
		return false
	}
	ts.cached, ts.expiry = codebook.Secret{}, time.Time{}
	return true
}

// bareContext has the deadline and cancellation of its Context but none of its values.
type bareContext struct {
	context.Context
}

// Value returns nil: no value of the wrapped context, such as a client trace, reaches the request.
func (bareContext) Value(any) any {
	return nil
}

// tokenResponse is the token endpoint's answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
}

// fetchToken gets a token; errors name the status but never the response body, read up to
// maxTokenBody bytes.
func fetchToken(ctx context.Context, hc *http.Client, cfg ClientCredentials, base *url.URL) (codebook.Secret, time.Duration, error) {
	req, err := tokenRequest(ctx, cfg, base)
	if err != nil {
		return codebook.Secret{}, 0, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return codebook.Secret{}, 0, fmt.Errorf("oauth2 token: %w", err)
	}
	defer resp.Body.Close()
	body, over, err := readBody(resp.Body, maxTokenBody, resp.ContentLength)
	if err != nil {
		return codebook.Secret{}, 0, fmt.Errorf("oauth2 token: %w", err)
	}
	if !Success(resp.StatusCode) {
		return codebook.Secret{}, 0, fmt.Errorf("oauth2 token: HTTP status %d", resp.StatusCode)
	}
	var tr tokenResponse
	if over || json.Unmarshal(body, &tr) != nil || tr.AccessToken == "" {
		return codebook.Secret{}, 0, errors.New("oauth2 token: no access_token in the response")
	}
	ttl := time.Duration(tr.ExpiresIn) * time.Second
	if tr.ExpiresIn <= 0 {
		ttl = defaultTokenLifetime
	}
	return codebook.NewSecret(tr.AccessToken), ttl, nil
}

// tokenRequest builds the form-encoded token request to cfg.TokenURL resolved against base, the
// client authenticated with HTTP basic, its id and secret form-urlencoded first (RFC 6749, section
// 2.3.1), or by the form fields client_id and client_secret under TokenAuthPost.
func tokenRequest(ctx context.Context, cfg ClientCredentials, base *url.URL) (*http.Request, error) {
	u, err := tokenURL(base, cfg.TokenURL)
	if err != nil {
		return nil, err
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(cfg.Scopes) > 0 {
		form.Set("scope", strings.Join(cfg.Scopes, " "))
	}
	if cfg.AuthMethod == TokenAuthPost {
		form.Set("client_id", cfg.ClientID)
		form.Set("client_secret", cfg.ClientSecret.Reveal())
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, errors.New("oauth2 token request: the token URL is not usable")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if cfg.AuthMethod != TokenAuthPost {
		req.SetBasicAuth(url.QueryEscape(cfg.ClientID), url.QueryEscape(cfg.ClientSecret.Reveal()))
	}
	return req, nil
}

// tokenURL resolves the token URL raw against the base URL, as RFC 3986 (section 5) resolves a
// reference: "/v1/oauth2/token" against "https://api.example.com/v2" is
// "https://api.example.com/v1/oauth2/token". The result must be an absolute http or https URL.
func tokenURL(base *url.URL, raw string) (string, error) {
	ref, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("oauth2 token URL does not parse: check ClientCredentials.TokenURL")
	}
	if !ref.IsAbs() {
		if base == nil {
			return "", errors.New("oauth2 token URL is relative and the client has no base URL: use WithBaseURL or an absolute ClientCredentials.TokenURL")
		}
		ref = base.ResolveReference(ref)
	}
	if (ref.Scheme != "http" && ref.Scheme != "https") || ref.Host == "" {
		return "", errors.New("oauth2 token URL is no absolute http or https URL: check ClientCredentials.TokenURL")
	}
	return ref.String(), nil
}
