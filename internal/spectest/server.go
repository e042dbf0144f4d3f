package spectest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Exchange is one request the server received, routed to its operation and
// already validated.
type Exchange struct {
	// Op is the operationId.
	Op string
	// Route is the operation the request was routed to.
	Route *routers.Route
	// Request is the request; its Body was read into Body.
	Request *http.Request
	// Body is the request body.
	Body []byte
}

// Answer is what a script makes the server send.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
	// OffSpec marks an answer that is deliberately invalid (an HTML page from
	// a proxy, a truncated body, an undeclared status): it is sent without
	// response validation. Everything else is validated.
	OffSpec bool
	// Raw, when set, writes the response itself (hijacking the connection,
	// say); it is not validated either. Status, Header and Body are unused.
	Raw func(w http.ResponseWriter)
}

// Script answers one exchange.
type Script func(ex *Exchange) Answer

// Server is an httptest server that plays a provider as one OpenAPI file
// describes it. Every request must be valid for the file, credentials
// included (AuthenticationFunc checks that the security scheme's header is
// there); the script then answers, and the answer must be a valid response
// of the operation (an undeclared status is an error) unless it is marked
// OffSpec. A failed validation fails the test, naming the operation.
type Server struct {
	// URL is the base URL for a client: the test server's URL followed by the
	// base path of the spec's first server URL.
	URL string

	t      testing.TB
	ts     *httptest.Server
	router routers.Router

	mu     sync.Mutex
	script Script
	counts map[string]int
}

// NewServer starts a server for doc, which it changes: every servers list of
// the document, its paths and its operations is replaced by the test server's
// URL (keeping the base path of the first server URL). The server is closed
// when the test ends.
func NewServer(t testing.TB, doc *openapi3.T) *Server {
	t.Helper()
	s := &Server{t: t, counts: map[string]int{}}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.ts.Close)

	base, err := basePath(doc)
	if err != nil {
		t.Fatal(err)
	}
	s.URL = s.ts.URL + base
	router, err := route(doc, s.URL)
	if err != nil {
		t.Fatalf("router: %v", err)
	}
	s.router = router
	return s
}

// Script sets the function that answers the requests from now on.
func (s *Server) Script(f Script) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = f
}

// Count returns how many requests reached operation op (all operations when
// op is empty), valid or not.
func (s *Server) Count(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if op != "" {
		return s.counts[op]
	}
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

// authenticate checks that the request carries the credential of one
// security scheme; whether it is the right one is not the contract's business.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	sch := in.SecurityScheme
	switch {
	case sch.Type == "apiKey" && sch.In == "header":
		if req.Header.Get(sch.Name) == "" {
			return in.NewError(fmt.Errorf("no %s header", sch.Name))
		}
	case sch.Type == "apiKey" && sch.In == "query":
		if req.URL.Query().Get(sch.Name) == "" {
			return in.NewError(fmt.Errorf("no %s query parameter", sch.Name))
		}
	case sch.Type == "oauth2", sch.Type == "openIdConnect", sch.Type == "http" && strings.EqualFold(sch.Scheme, "bearer"):
		tok, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(tok) == "" {
			return in.NewError(errors.New("no Authorization: Bearer header"))
		}
	case sch.Type == "http" && strings.EqualFold(sch.Scheme, "basic"):
		if _, _, ok := req.BasicAuth(); !ok {
			return in.NewError(errors.New("no Authorization: Basic header"))
		}
	default:
		return in.NewError(fmt.Errorf("security scheme %q of type %s is not supported by the contract server", in.SecuritySchemeName, sch.Type))
	}
	return nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.t.Errorf("%s %s: read request body: %v", r.Method, r.URL.Path, err)
		http.Error(w, "unreadable request", http.StatusBadRequest)
		return
	}
	// The router matches the spec's servers, so it needs the absolute URL.
	routed := r.Clone(r.Context())
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	routed.URL = &u
	routed.Body = io.NopCloser(bytes.NewReader(body))

	route, params, err := s.router.FindRoute(routed)
	if err != nil {
		s.count(r.Method + " " + r.URL.Path)
		s.t.Errorf("%s %s: no operation of the spec: %v", r.Method, r.URL.Path, err)
		http.Error(w, "no such operation", http.StatusNotFound)
		return
	}
	op := route.Operation.OperationID
	s.count(op)
	opts := &openapi3filter.Options{
		AuthenticationFunc:    authenticate,
		IncludeResponseStatus: true,
		MultiError:            true,
	}
	reqIn := &openapi3filter.RequestValidationInput{
		Request:    routed,
		PathParams: params,
		Route:      route,
		Options:    opts,
	}
	if err := openapi3filter.ValidateRequest(r.Context(), reqIn); err != nil {
		s.t.Errorf("%s: the client's request is invalid: %v", op, err)
	}

	s.mu.Lock()
	script := s.script
	s.mu.Unlock()
	if script == nil {
		s.t.Errorf("%s: no script to answer", op)
		http.Error(w, "no script", http.StatusInternalServerError)
		return
	}
	req := r.Clone(r.Context())
	req.Body = io.NopCloser(bytes.NewReader(body))
	a := script(&Exchange{Op: op, Route: route, Request: req, Body: body})
	if a.Raw != nil {
		a.Raw(w)
		return
	}
	if a.Status == 0 {
		a.Status = http.StatusOK
	}
	if !a.OffSpec {
		respIn := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: reqIn,
			Status:                 a.Status,
			Header:                 a.Header,
			Body:                   io.NopCloser(bytes.NewReader(a.Body)),
			Options:                opts,
		}
		if a.Header == nil {
			respIn.Header = http.Header{}
		}
		if err := openapi3filter.ValidateResponse(r.Context(), respIn); err != nil {
			s.t.Errorf("%s: the scripted HTTP %d answer is invalid: %v", op, a.Status, err)
		}
	}
	for k, vs := range a.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(a.Status)
	_, _ = w.Write(a.Body)
}

func (s *Server) count(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[key]++
}
