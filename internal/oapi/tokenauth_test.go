package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
)

// tokenAuthSpec is a spec whose OAuth2 scheme names the token endpoint's
// auth method as %s.
const tokenAuthSpec = `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: a
      security: [{oauth: []}]
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      x-codebook-token-auth: METHOD
      flows:
        clientCredentials: {tokenUrl: /token, scopes: {}}
`

// TestTokenAuthExtension: x-codebook-token-auth chooses the default auth
// method of the token request; a value that is neither method is a warning
// at its file:line:col, and the default stays HTTP basic (RFC 6749 2.3.1).
func TestTokenAuthExtension(t *testing.T) {
	for _, c := range []struct{ value, want, warning string }{
		{"client_secret_post", `"/token", apiclient.TokenAuthPost)`, ""},
		{"client_secret_basic", `"/token", apiclient.TokenAuthBasic)`, ""},
		{"private_key_jwt", `"/token", apiclient.TokenAuthBasic)`, `/spec.yaml:13:7: x-codebook-token-auth of "oauth" must be client_secret_basic or client_secret_post, not private_key_jwt; using client_secret_basic`},
	} {
		path := filepath.Join(t.TempDir(), "spec.yaml")
		if err := os.WriteFile(path, []byte(strings.Replace(tokenAuthSpec, "METHOD", c.value, 1)), 0o600); err != nil {
			t.Fatal(err)
		}
		res, err := oapi.Generate(context.Background(), path, oapi.Config{PackageName: "client"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.Files["client_auth.go"]), c.want) {
			t.Errorf("%s: client_auth.go lacks %q", c.value, c.want)
		}
		var warnings []string
		for _, w := range res.API.Warnings {
			warnings = append(warnings, w.String())
		}
		got := strings.Join(warnings, "\n")
		if (c.warning == "") != (got == "") || !strings.HasSuffix(got, c.warning) {
			t.Errorf("%s: warnings %q, want %q", c.value, got, c.warning)
		}
	}
}
