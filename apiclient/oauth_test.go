package apiclient_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/apiclient"
)

// tokenAPI serves /oauth/token, numbering the tokens it issues, and /api,
// which refuses with 401 every token but the current one.
type tokenAPI struct {
	issued   atomic.Int32
	apiCalls atomic.Int32
	form     atomic.Value // the last token request's client_id form field and basic user
}

func (a *tokenAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth/token" {
		_ = r.ParseForm()
		user, _, _ := r.BasicAuth()
		a.form.Store(r.PostForm.Get("client_id") + "|" + user)
		fmt.Fprintf(w, `{"access_token":"t%d","expires_in":3600}`, a.issued.Add(1))
		return
	}
	a.apiCalls.Add(1)
	if r.Header.Get("Authorization") != fmt.Sprintf("Bearer t%d", a.issued.Load()) || a.issued.Load() == 1 {
		w.WriteHeader(http.StatusUnauthorized)
	}
}

// TestClientCredentials: a token is fetched from the relative token URL,
// cached, and dropped when the API refuses it; a GET is then sent once more
// with a new token, a POST never.
func TestClientCredentials(t *testing.T) {
	api := &tokenAPI{}
	srv := httptest.NewServer(api)
	defer srv.Close()
	c, err := apiclient.New(apiclient.Config{BaseURL: srv.URL + "/v2", MaxResponseBytes: 1 << 10},
		apiclient.WithClientCredentials("oauth", apiclient.ClientCredentials{ClientID: "id", ClientSecret: codebook.NewSecret("s")}, "/oauth/token", apiclient.TokenAuthPost))
	if err != nil {
		t.Fatal(err)
	}
	send := func(method string) int {
		call := apiclient.NewCall("Op", method, "/api")
		call.Security = [][]string{{"oauth"}}
		r, err := c.Send(context.Background(), call)
		if err != nil {
			t.Fatal(err)
		}
		return r.Status
	}
	if s := send("POST"); s != 401 || api.issued.Load() != 1 || api.apiCalls.Load() != 1 {
		t.Errorf("POST with a refused token: status %d, %d tokens, %d calls; want 401, 1, 1 (never resent)", s, api.issued.Load(), api.apiCalls.Load())
	}
	if s := send("GET"); s != 200 || api.issued.Load() != 2 {
		t.Errorf("GET after the refusal: status %d, %d tokens; want 200 with a new token", s, api.issued.Load())
	}
	if s := send("GET"); s != 200 || api.issued.Load() != 2 {
		t.Errorf("second GET: status %d, %d tokens; want the cached token", s, api.issued.Load())
	}
	if got := api.form.Load(); got != "id|" {
		t.Errorf("token request client_id|basic user = %v, want the form field only (TokenAuthPost)", got)
	}
}

// TestClientCredentialsConfig: an unknown auth method is refused when the
// client is made; a relative token URL needs a base URL.
func TestClientCredentialsConfig(t *testing.T) {
	_, err := apiclient.New(apiclient.Config{}, apiclient.WithClientCredentials("o", apiclient.ClientCredentials{AuthMethod: "private_key_jwt"}, "/t", apiclient.TokenAuthBasic))
	if err == nil || !strings.Contains(err.Error(), "TokenAuthBasic or TokenAuthPost") {
		t.Errorf("unknown auth method: %v", err)
	}
	c, err := apiclient.New(apiclient.Config{}, apiclient.WithBaseURL("https://api.example.com"),
		apiclient.WithClientCredentials("o", apiclient.ClientCredentials{TokenURL: "relative/token"}, "", apiclient.TokenAuthBasic))
	if err != nil {
		t.Fatal(err)
	}
	call := apiclient.NewCall("Op", "GET", "/")
	call.Security = [][]string{{"o"}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r, err := c.Send(ctx, call); r != nil || err == nil {
		t.Errorf("a token fetch that cannot happen sends nothing: %+v %v", r, err)
	}
}
