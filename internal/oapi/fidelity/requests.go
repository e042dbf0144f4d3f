package fidelity

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
	"github.com/codebookgen/codebook/internal/oapi/load"
)

// Call is the outcome of one operation's request.
type Call struct {
	Op string // "GET /pets/{id}"
	// Problem is why the request did not validate ("not built: ...", "not
	// sent: ...", "refused: <kin-openapi's reasons>"), "" when it did.
	Problem string
	// Synthesized notes the values built from the schema, where the spec
	// gives no example.
	Synthesized string
}

// Valid reports whether the request reached the server and validated.
func (c Call) Valid() bool { return c.Problem == "" }

// RequestReport is the outcome of one spec's requests.
type RequestReport struct {
	Spec  corpus.Spec
	Calls []Call
	Err   error // why the spec could not be checked at all
}

// Counts returns the operations whose request validated, and all of them.
func (r RequestReport) Counts() (valid, total int) {
	for _, c := range r.Calls {
		if c.Valid() {
			valid++
		}
	}
	return valid, len(r.Calls)
}

// Requests generates the client of spec and a program calling every
// operation once with values from the spec's examples (see Plan), runs it
// against a test server that validates each request with kin-openapi's
// openapi3filter.ValidateRequest (security included: a credential must be
// present), and reports each operation.
func Requests(ctx context.Context, spec corpus.Spec, root string) RequestReport {
	rep := RequestReport{Spec: spec}
	doc, err := load.Load(ctx, spec.Path)
	if err != nil {
		rep.Err = err
		return rep
	}
	gen, err := oapi.Generate(ctx, spec.Path, oapi.Config{PackageName: clientPkg})
	if err != nil {
		rep.Err = fmt.Errorf("generate: %w", err)
		return rep
	}
	plans := Plan(doc, gen.API)
	var send []Request
	for _, p := range plans {
		if p.Skip == "" {
			send = append(send, p)
		}
	}
	prog, err := RequestProgram(modulePath, clientPkg, gen.API, send)
	if err != nil {
		rep.Err = fmt.Errorf("the request program does not format (a harness bug): %w", err)
		return rep
	}
	v := newValidator(doc.T)
	srv := httptest.NewServer(v)
	defer srv.Close()
	out, err := runProgram(ctx, gen.Files, map[string][]byte{RequestDir + "/main.go": prog}, RequestDir, root, srv.URL+basePath(gen.API.BaseURL))
	if err != nil {
		rep.Err = err
		return rep
	}
	sent, err := readCalls(out)
	if err != nil {
		rep.Err = err
		return rep
	}
	for _, p := range plans {
		rep.Calls = append(rep.Calls, v.outcome(p, sent))
	}
	return rep
}

// basePath returns the path of a server URL ("/v1" of
// "https://api.example.com/v1"), "" when it has none.
func basePath(server string) string {
	s := server
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			s = s[j:]
		} else {
			s = ""
		}
	}
	return strings.TrimRight(s, "/")
}

// readCalls reads the program's lines: the client's error by operation.
func readCalls(out []byte) (map[string]string, error) {
	sent := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct{ Op, Err string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("the request program printed %q", sc.Text())
		}
		sent[r.Op] = r.Err
	}
	return sent, sc.Err()
}

// validator is the test server: it validates each request against the
// operation its header names, and keeps the first outcome of each.
type validator struct {
	doc    *openapi3.T
	mu     sync.Mutex
	result map[string]string // op -> "" or the problem
}

// newValidator returns a validator of doc's operations.
func newValidator(doc *openapi3.T) *validator {
	return &validator{doc: doc, result: map[string]string{}}
}

// ServeHTTP validates the request and answers 204 (the client's reading
// of the answer is not what is checked).
func (v *validator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := r.Header.Get(opHeader)
	problem := v.validate(r, op)
	v.mu.Lock()
	if _, seen := v.result[op]; !seen {
		v.result[op] = problem
	}
	v.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// validate checks r against the operation op ("METHOD /template").
func (v *validator) validate(r *http.Request, op string) string {
	method, path, ok := strings.Cut(op, " ")
	if !ok || method != r.Method {
		return fmt.Sprintf("sent as %s %s, not as %s", r.Method, r.URL.Path, op)
	}
	item := v.doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		return "no operation " + op + " in the spec"
	}
	params, ok := matchPath(path, r.URL.Path)
	if !ok {
		return fmt.Sprintf("the path %s does not match the template %s", r.URL.Path, path)
	}
	route := &routers.Route{Spec: v.doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)}
	in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: credentialPresent, MultiError: true}}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		return "refused: " + oneLine(err.Error())
	}
	return ""
}

// matchPath matches a request path against a path template, taking any
// prefix before it as the server's base path, and returns the path
// parameters.
func matchPath(template, path string) (map[string]string, bool) {
	var re strings.Builder
	var names []string
	re.WriteString("^(?:/.*)?")
	rest := template
	for {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			re.WriteString(regexp.QuoteMeta(rest))
			break
		}
		re.WriteString(regexp.QuoteMeta(rest[:i]) + "([^/]+)")
		names = append(names, rest[i+1:j])
		rest = rest[j+1:]
	}
	re.WriteString("$")
	m := regexp.MustCompile(re.String()).FindStringSubmatch(path)
	if m == nil {
		return nil, false
	}
	params := map[string]string{}
	for k, name := range names {
		params[name] = m[k+1]
	}
	return params, true
}

// credentialPresent is the validator's authentication: the request must
// carry a credential where the security scheme says, whatever its value.
func credentialPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s, r := in.SecurityScheme, in.RequestValidationInput.Request
	switch s.Type {
	case "apiKey":
		switch s.In {
		case "query":
			if r.URL.Query().Has(s.Name) {
				return nil
			}
		case "cookie":
			if _, err := r.Cookie(s.Name); err == nil {
				return nil
			}
		default:
			if r.Header.Get(s.Name) != "" {
				return nil
			}
		}
		return fmt.Errorf("no API key %s in the %s", s.Name, s.In)
	case "http":
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), strings.ToLower(s.Scheme)+" ") {
			return nil
		}
		return fmt.Errorf("no %s Authorization header", s.Scheme)
	}
	if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
		return nil
	}
	return errors.New("no bearer token for the " + s.Type + " scheme")
}

// outcome is the Call of plan p.
func (v *validator) outcome(p Request, sent map[string]string) Call {
	c := Call{Op: p.Op, Synthesized: synthesizedNote(p)}
	if p.Skip != "" {
		c.Problem = "not built: " + p.Skip
		return c
	}
	v.mu.Lock()
	problem, arrived := v.result[p.Op]
	v.mu.Unlock()
	switch {
	case arrived:
		c.Problem = problem
	case sent[p.Op] != "":
		c.Problem = "not sent: " + oneLine(sent[p.Op])
	default:
		c.Problem = "not sent, and the client reported no error"
	}
	return c
}

// oneLine joins the lines of s and cuts it to a readable length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 400 {
		s = s[:397] + "..."
	}
	return s
}
