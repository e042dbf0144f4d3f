package clickairtimev2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/codebookgen/codebook/fake/internal/spectest"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// specFile is the OpenAPI file every answer of the fake is checked against.
const specFile = "clickairtime-v2.yaml"

// validator checks responses against spec/openapi/clickairtime-v2.yaml with
// openapi3filter.ValidateResponse, as spectest does. It loads the file
// itself because the file is OpenAPI 3.1 and uses components.pathItems (for
// its webhook), which kin-openapi v0.152's Validate refuses as an unknown
// field: that one field is allowed, everything else is validated.
type validator struct {
	router routers.Router
	doc    *openapi3.T
}

func loadValidator(t testing.TB) *validator {
	t.Helper()
	root, err := spectest.Root()
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(filepath.Join(root, "spec", "openapi", specFile))
	if err != nil {
		t.Fatalf("%s: %v", specFile, err)
	}
	if err := doc.Validate(loader.Context, openapi3.AllowExtraSiblingFields("pathItems")); err != nil {
		t.Fatalf("%s: %v", specFile, err)
	}
	doc.Servers = openapi3.Servers{{URL: "http://fake.test"}}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &validator{router: router, doc: doc}
}

// webhookBody checks a webhook's body against the spec's Topup schema (the
// webhook's requestBody; kin-openapi cannot route a 3.1 webhook).
func (v *validator) webhookBody(body []byte) error {
	var x any
	if err := json.Unmarshal(body, &x); err != nil {
		return err
	}
	return v.doc.Components.Schemas["Topup"].Value.VisitJSON(x)
}

// check validates one response to req.
func (v *validator) check(req *http.Request, status int, header http.Header, body []byte) error {
	r := req.Clone(context.Background())
	u := *req.URL
	u.Scheme, u.Host = "http", "fake.test"
	r.URL, r.Host, r.Body = &u, "fake.test", http.NoBody
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s → %d %s: %w", req.Method, req.URL.Path, status, body, err)
	}
	return nil
}

// checking is a RoundTripper that validates every response it carries.
type checking struct {
	v    *validator
	t    testing.TB
	next http.RoundTripper

	mu      sync.Mutex
	checked int
}

func (c *checking) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := c.v.check(req, resp.StatusCode, resp.Header, body); err != nil {
		c.t.Errorf("answer not valid under %s: %v", specFile, err)
	}
	c.mu.Lock()
	c.checked++
	c.mu.Unlock()
	return resp, nil
}

// env is a fake and a client whose every answer is validated.
type env struct {
	t      *testing.T
	srv    *Server
	client *http.Client
	check  *checking
}

// newEnv starts a fake with opts; it is closed at the end of the test.
func newEnv(t *testing.T, opts ...Option) *env {
	t.Helper()
	srv := New(opts...)
	t.Cleanup(srv.Close)
	c := srv.Client()
	ck := &checking{v: loadValidator(t), t: t, next: c.Transport}
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
