package spectest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// host is the server every operation of a loaded document is moved to;
// requests are routed after their URL is moved there too.
const host = "fake.test"

// Validator checks responses against one OpenAPI file. It is safe for
// concurrent use.
type Validator struct {
	name   string
	router routers.Router
	doc    *openapi3.T
}

// Load reads spec/openapi/name from the module root.
func Load(name string) (*Validator, error) {
	root, err := Root()
	if err != nil {
		return nil, err
	}
	doc, err := LoadSpec(filepath.Join(root, "spec", "openapi", name))
	if err != nil {
		return nil, err
	}
	router, err := route(doc, "http://"+host)
	if err != nil {
		return nil, err
	}
	return &Validator{name: name, router: router, doc: doc}, nil
}

// MustLoad is Load for tests: it fails t on an error.
func MustLoad(t testing.TB, name string) *Validator {
	t.Helper()
	v, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// CheckSchema validates body, a JSON value, against the document's
// component schema name: for what the router cannot reach, such as the
// body of a webhook the provider sends.
func (v *Validator) CheckSchema(name string, body []byte) error {
	ref, ok := v.doc.Components.Schemas[name]
	if !ok || ref.Value == nil {
		return fmt.Errorf("%s: no component schema %q", v.name, name)
	}
	var x any
	if err := json.Unmarshal(body, &x); err != nil {
		return fmt.Errorf("%s: %s: %w", v.name, name, err)
	}
	return ref.Value.VisitJSON(x)
}

// Check validates one response to req: its operation must declare status
// (no default), and header and body must fit the declared content.
func (v *Validator) Check(req *http.Request, status int, header http.Header, body []byte) error {
	r := req.Clone(context.Background())
	u := *req.URL
	u.Scheme, u.Host = "http", host
	r.URL = &u
	r.Host = host
	r.Body = http.NoBody
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		return fmt.Errorf("%s: %s %s: %w", v.name, req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    r,
			PathParams: params,
			Route:      route,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s: %s %s → %d %s: %w", v.name, req.Method, req.URL.Path, status, body, err)
	}
	return nil
}

// Transport returns a RoundTripper that sends through next (nil:
// http.DefaultTransport) and checks every response it gets, failing t for an
// invalid one. Checked counts the responses checked.
func (v *Validator) Transport(t testing.TB, next http.RoundTripper) *Transport {
	if next == nil {
		next = http.DefaultTransport
	}
	return &Transport{v: v, t: t, next: next}
}

// Transport checks the responses that pass through it.
type Transport struct {
	v    *Validator
	t    testing.TB
	next http.RoundTripper

	mu      sync.Mutex
	checked int
}

// RoundTrip sends req and checks the response.
func (tr *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := tr.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err := tr.v.Check(req, resp.StatusCode, resp.Header, body); err != nil {
		tr.t.Errorf("response not valid under the spec: %v", err)
	}
	tr.mu.Lock()
	tr.checked++
	tr.mu.Unlock()
	return resp, nil
}

// Checked returns how many responses were checked.
func (tr *Transport) Checked() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.checked
}
