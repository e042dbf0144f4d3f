package contract

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/spectest"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestOperationServersClickatell: getToken names a server of its own in the
// spec, Clickatell's Keycloak (https://accounts.payd.co), not the API
// gateway. The client calls it there whatever WithBaseURL says; with
// WithOperationBaseURL it calls the server given, here a validating server
// of its own, which gets getToken and nothing else, while the API's server
// gets the other calls and no getToken.
func TestOperationServersClickatell(t *testing.T) {
	ctx := context.Background()
	tokenReq := clickatell.TokenRequest{ClientID: 200, ClientSecret: "not-a-canary", GrantType: clickatell.TokenRequestGrantTypeClientCredentials}

	// The default: the spec's server, not the base URL. Nothing leaves the
	// test: the transport records the URL and fails.
	var mu sync.Mutex
	var hosts []string
	offline := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		hosts = append(hosts, r.URL.Scheme+"://"+r.URL.Host+r.URL.Path)
		mu.Unlock()
		return nil, errors.New("offline")
	})}
	c, err := clickatell.NewClient(clickatell.WithBaseURL("https://gateway.example.com"), clickatell.WithHTTPClient(offline))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.GetToken(ctx, tokenReq); err == nil {
		t.Fatal("no error from an offline transport")
	}
	if want := "https://accounts.payd.co/auth/realms/UAT-API/protocol/openid-connect/token"; len(hosts) != 1 || hosts[0] != want {
		t.Errorf("GetToken went to %q, want %s", hosts, want)
	}

	api := spectest.NewServer(t, loadDoc(t, clickatellProvider.specFile))
	keycloak := spectest.NewServer(t, loadDoc(t, clickatellProvider.specFile))
	api.Script(func(ex *spectest.Exchange) spectest.Answer {
		return spectest.Answer{Status: http.StatusOK, Header: headerWith("application/json", "req-api"), Body: []byte(`{"responseCode":"0000","responseMessage":"Processing request"}`)}
	})
	keycloak.Script(func(ex *spectest.Exchange) spectest.Answer {
		return spectest.Answer{Status: http.StatusOK, Header: headerWith("application/json", "req-token"), Body: []byte(`{"access_token":"t","token_type":"bearer","expires_in":300}`)}
	})
	c, err = clickatell.NewClient(clickatell.WithBaseURL(api.URL), clickatell.WithOperationBaseURL("GetToken", keycloak.URL),
		clickatell.WithAPIKey(codebook.NewSecret("key")), clickatell.WithBearerAuth(codebook.NewSecret("token")))
	if err != nil {
		t.Fatal(err)
	}
	tok, rr, err := c.GetToken(ctx, tokenReq)
	if err != nil || tok == nil || tok.AccessToken != "t" || rr.RequestID != "req-token" {
		t.Errorf("GetToken: %+v %v %v", tok, rr.RequestID, err)
	}
	calls := clickatellCalls(c)
	if _, _, err := calls["transact"](ctx); err != nil {
		t.Errorf("transact: %v", err)
	}
	if keycloak.Count("getToken") != 1 || keycloak.Count("") != 1 || api.Count("getToken") != 0 || api.Count("transact") != 1 {
		t.Errorf("the token server got %d requests (getToken %d), the API's %d getToken and %d transact",
			keycloak.Count(""), keycloak.Count("getToken"), api.Count("getToken"), api.Count("transact"))
	}
}
