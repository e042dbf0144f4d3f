package apiclient

import (
	"context"
	"net/http"

	"github.com/codebookgen/codebook"
)

// Auth applies one credential to a request; c is the client, whose http.Client and base URL token
// fetches use.
type Auth func(ctx context.Context, c *Client, req *http.Request) error

// WithAuth sets the credential of the security scheme key (its name in the spec).
func WithAuth(key string, a Auth) Option {
	return func(c *Client) error {
		c.auth[key] = a
		return nil
	}
}

// APIKey sends key as the header, query parameter or cookie (in) name.
func APIKey(in, name string, key codebook.Secret) Auth {
	return func(_ context.Context, _ *Client, req *http.Request) error {
		switch in {
		case "header":
			req.Header.Set(name, key.Reveal())
		case "query":
			q := req.URL.Query()
			q.Set(name, key.Reveal())
			req.URL.RawQuery = q.Encode()
		case "cookie":
			req.AddCookie(&http.Cookie{Name: name, Value: key.Reveal()})
		}
		return nil
	}
}

// Bearer sends token in an Authorization: Bearer header.
func Bearer(token codebook.Secret) Auth {
	return func(_ context.Context, _ *Client, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token.Reveal())
		return nil
	}
}

// Basic sends user and password with HTTP basic authentication.
func Basic(user string, password codebook.Secret) Auth {
	return func(_ context.Context, _ *Client, req *http.Request) error {
		req.SetBasicAuth(user, password.Reveal())
		return nil
	}
}

// authorize applies the credentials of the first security alternative of the operation whose
// schemes all have a credential configured; with none, the request goes out as it is.
func (c *Client) authorize(ctx context.Context, req *http.Request, alts [][]string) error {
	for _, alt := range alts {
		if len(alt) == 0 || !c.configured(alt) {
			continue
		}
		for _, key := range alt {
			if err := c.auth[key](ctx, c, req); err != nil {
				return err
			}
		}
		return nil
	}
	return nil
}

// configured reports whether every scheme of alt has a credential.
func (c *Client) configured(alt []string) bool {
	for _, key := range alt {
		if c.auth[key] == nil {
			return false
		}
	}
	return true
}
