package clickairtimev2

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/fake/internal/testkit"
	"github.com/codebookgen/codebook/internal/spectest"
)

// specFile is the OpenAPI file every answer of the fake is checked against.
const specFile = "clickairtime-v2.yaml"

// spec returns the validator of specFile, failing t when it cannot load.
var spec = testkit.Spec(specFile)

// env is a fake and a client whose every answer is validated.
type env struct {
	t      *testing.T
	srv    *Server
	client *http.Client
	check  *spectest.Transport
}

// newEnv starts a fake with opts; it is closed at the end of the test.
func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	srv := New(opts...)
	t.Cleanup(srv.Close)
	c := srv.Client()
	ck := spec(t).Transport(t, c.Transport)
	c.Transport = ck
	return &env{t: t, srv: srv, client: c, check: ck}
}

// answer is a decoded V2 envelope.
type answer struct {
	Status  int
	Header  http.Header
	Success bool            `json:"success"`
	Data    json.RawMessage `json:"data"`
	Error   *struct {
		Code       string `json:"code"`
		StatusCode int    `json:"statusCode"`
	} `json:"error"`
}

// code is the answer's error code, "" for none.
func (a answer) code() string {
	if a.Error == nil {
		return ""
	}
	return a.Error.Code
}

// topup decodes a one-top-up answer.
func (a answer) topup(t *testing.T) topup {
	t.Helper()
	var tp topup
	if err := json.Unmarshal(a.Data, &tp); err != nil {
		t.Fatalf("data %s: %v", a.Data, err)
	}
	return tp
}

// list decodes a list answer.
func (a answer) list(t *testing.T) []topup {
	t.Helper()
	var l []topup
	if err := json.Unmarshal(a.Data, &l); err != nil {
		t.Fatalf("data %s: %v", a.Data, err)
	}
	return l
}

// do sends one request with the default API key; key, when not "", is the
// Idempotency-Key.
func (e *env) do(method, path, key string, body any) answer {
	e.t.Helper()
	a, err := e.try(method, path, key, body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return a
}

// try is do returning the transport's error.
func (e *env) try(method, path, key string, body any) (answer, error) {
	var rd io.Reader = http.NoBody
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.srv.URL()+path, rd)
	req.Header.Set("Authorization", "Bearer "+DefaultAPIKey)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := e.client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{Status: resp.StatusCode, Header: resp.Header}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, fmt.Errorf("body %q: %w", raw, err)
	}
	return a, nil
}

// order is a top-up body of 50 GHS under reference ref.
func order(ref string) map[string]any {
	return map[string]any{"phone_number": "+233541112259", "network_id": 42,
		"amount": map[string]any{"value": 50, "currency": "GHS"}, "reference": ref}
}

// byReference lists the top-ups of reference ref.
func (e *env) byReference(ref string) answer {
	e.t.Helper()
	return e.do(http.MethodGet, "/v2/topups?reference="+ref, "", nil)
}

// statuses returns the statuses of items.
func statuses(items []topup) string {
	var s []string
	for _, it := range items {
		s = append(s, it.Status)
	}
	return strings.Join(s, ",")
}
