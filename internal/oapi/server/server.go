// Package server generates the server side of an OpenAPI file: the calls a
// provider makes to us (info.x-codebook-side: server). From the IR of
// package model it emits, with jennifer, into the provider's package only
// what differs per API:
//
//   - server_models.go: the request and response types, declared by the
//     client generator's model emission (emit.ModelFiles);
//   - server.go: the interface Server (one method per operation, each
//     returning a reply type), NewServerHandler, which routes each operation
//     with an http.ServeMux, and one serve function per operation that
//     describes it (an apiserver.Operation) and calls the implementation.
//
// The runtime is ordinary Go, written once, in package apiserver: options
// (the signature secret, the replay store, the logger, the body bound),
// reading, checking and decoding requests, the replay protection of the
// operations linked to a code table (a repeat of a request, same x-codebook
// reference or same body, is answered from an apiserver.ReplayStore with the
// first answer, without calling the implementation again; concurrent repeats
// wait for the first), and encoding replies. The generated package declares
// no alias of its types: a user names apiserver's options and store
// directly, as they are the same for every API.
//
// Every handler needs a signature secret unless built with
// apiserver.WithoutSignatureVerification, refuses a JSON body sent under
// another media type (415), and refuses object keys that encoding/json would
// match to a schema property only case-insensitively, or that repeat (400).
//
// An operation linked to a code table by x-codebook with a code or message
// field answers with a row of the table (an Entry): the handler writes the
// row's code and message into those fields, answers with the row's HTTP
// status, and checks that the response classifies as that row again, as the
// caller will classify it (apiserver.Entry, given the package's Classify and
// DecodeResponse). Other operations answer with an HTTP status and, for a
// 2xx status, an optional body.
package server

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// File names of the output.
const (
	ServerFile = "server.go"
	modelsBase = "server_models"
)

// Config says what to emit.
type Config struct {
	// Package is the Go package name of the output.
	Package string
	// Reserved lists the package-level names the other files of the
	// package declare (the code tables, a client): the server's own
	// names must be free of them, and its reply types take other names.
	Reserved []string
	// Client is true when the package holds a generated client, whose
	// runtime declares the JSON helpers of the model types; otherwise the
	// models file declares them.
	Client bool
}

// fixedNames are the package-level names server.go always declares.
var fixedNames = []string{"Server", "NewServerHandler"}

// Reserved returns the exported package-level names the server declares
// whatever the API. Every OpenAPI file emitted into the same package must
// be built with them reserved; the reply types are named per operation,
// avoiding Config.Reserved and the API's own names.
func Reserved() []string { return slices.Clone(fixedNames) }

// Files renders the server of api as gofmt'ed Go files keyed by file name:
// server.go, and server_models.go (or server_models_01.go...) when api
// declares types. The output depends only on api and cfg.
func Files(api *model.API, cfg Config) (map[string][]byte, error) {
	if !naming.IsIdentifier(cfg.Package) || cfg.Package == "_" {
		return nil, fmt.Errorf("server: invalid package name %q", cfg.Package)
	}
	if len(api.Operations) == 0 {
		return nil, fmt.Errorf("server: %s has no operation", api.Source)
	}
	for _, n := range fixedNames {
		if slices.Contains(cfg.Reserved, n) {
			return nil, fmt.Errorf("server: package %s already declares %s, a name the server needs", cfg.Package, n)
		}
	}
	ops, err := plan(api, cfg)
	if err != nil {
		return nil, err
	}
	files, err := emit.ModelFiles(api, emit.Config{Package: cfg.Package, Codebook: true}, modelsBase)
	if err != nil {
		return nil, err
	}
	if files == nil {
		files = map[string][]byte{}
	}
	src, err := render(api, cfg, ops)
	if err != nil {
		return nil, err
	}
	files[ServerFile] = src
	return files, nil
}

// render builds and formats server.go.
func render(api *model.API, cfg Config, ops []*operation) ([]byte, error) {
	f := jen.NewFile(cfg.Package)
	f.HeaderComment(emit.Header)
	f.HeaderComment("source: " + emit.Sanitize(api.Source))
	g := &gen{api: api, ops: ops,
		replays: slices.ContainsFunc(ops, func(o *operation) bool { return o.replay }),
	}
	g.file(f)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("server: emit %s: %w", ServerFile, err)
	}
	return buf.Bytes(), nil
}

// gen holds what the builders of server.go need.
type gen struct {
	api     *model.API
	ops     []*operation
	replays bool // some operation is answered once per key
}

// file declares everything of server.go, in reading order: the interface,
// the replies, the handler, the per-operation glue. The runtime is package
// apiserver.
func (g *gen) file(f *jen.File) {
	g.genInterface(f)
	for _, o := range g.ops {
		genReply(f, o, g.api.Codes)
	}
	g.genNewHandler(f)
	for _, o := range g.ops {
		genServe(f, o, g.api.Codes)
	}
}

// operation is one operation with what the server emission decided.
type operation struct {
	op    *model.Operation
	reply string         // Go name of the reply type
	req   *model.TypeRef // the JSON request body; nil when there is none or it is not JSON
	body  *model.TypeRef // the JSON body of a 2xx reply; nil when none is documented
	// coded is true when the operation answers with a row of its code
	// table: x-codebook names the table and a code or message field.
	coded    bool
	ok       int      // the status of a reply that names none: the first documented 2xx, else 200
	statuses []string // the documented statuses, as written: "200", "4XX", "default"
	bodies   []string // the documented statuses whose response has a JSON body
	// media is the documented media type of a JSON request body, checked
	// against the request's Content-Type; "" when not checked.
	media string
	// known lists the property names of the request body's schemas, which
	// a key must match exactly, not only case-insensitively.
	known []string
	// replay is true when a repeat of a request is answered with the first
	// answer: the operation is linked to a code table (the provider's calls
	// about a transaction) and has a JSON body to identify the request by.
	replay bool
	// reference is the body property identifying the request (x-codebook
	// reference.field); "" identifies it by its whole body.
	reference string
}

// plan decides the names and shapes of every operation, in the IR's order
// (by Go name).
func plan(api *model.API, cfg Config) ([]*operation, error) {
	scope := naming.NewScope(cfg.Reserved...)
	scope.Reserve(fixedNames...)
	scope.Reserve(declared(api)...)
	patterns := map[string]string{}
	var ops []*operation
	for _, op := range api.Operations {
		pattern, err := muxPattern(op)
		if err != nil {
			return nil, err
		}
		if prev, ok := patterns[muxKey(pattern)]; ok {
			return nil, fmt.Errorf("server: %s: %s %s and %s route alike", op.Pos, op.Method, op.Path, prev)
		}
		patterns[muxKey(pattern)] = op.Method + " " + op.Path
		ops = append(ops, newOperation(op, scope.Claim(op.Name+"Reply")))
	}
	return ops, nil
}

// newOperation fills an operation's shape from the IR.
func newOperation(op *model.Operation, reply string) *operation {
	o := &operation{op: op, reply: reply, ok: 200, body: op.SuccessType}
	cb := op.Codebook
	if op.Body != nil && op.Body.Kind == model.BodyJSON {
		o.req = &op.Body.Type
		o.known = knownProps(op.Body.Type)
		if mt := strings.ToLower(strings.TrimSpace(strings.Split(op.Body.ContentType, ";")[0])); !strings.Contains(mt, "*") {
			o.media = mt
		}
		o.replay = cb != nil
		if o.replay && cb.Reference != nil {
			o.reference = cb.Reference.Field
		}
	}
	o.coded = cb != nil && cb.TableConst != "" && (cb.Code != "" || cb.Message != "")
	okSet := false
	for _, r := range op.Responses {
		o.statuses = append(o.statuses, r.Status)
		if r.Type != nil {
			o.bodies = append(o.bodies, r.Status)
		}
		if r.Code/100 == 2 && !okSet {
			o.ok, okSet = r.Code, true
		}
	}
	return o
}

// declared lists the package-level names api's types declare.
func declared(api *model.API) []string {
	var out []string
	for _, t := range api.Types {
		out = append(out, t.Name)
		if t.Enum != nil {
			for _, v := range t.Enum.Values {
				out = append(out, v.Name)
			}
		}
	}
	return out
}

// muxPattern is the net/http ServeMux pattern of op: "POST /pets/{id}".
// A template variable must be a whole path segment with a Go identifier
// for a name; anything else cannot be routed by ServeMux and is refused.
func muxPattern(op *model.Operation) (string, error) {
	if !strings.HasPrefix(op.Path, "/") {
		return "", fmt.Errorf("server: %s: path %q does not start with /", op.Pos, op.Path)
	}
	if strings.ContainsFunc(op.Path, func(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }) ||
		path.Clean(op.Path) != strings.TrimSuffix(op.Path, "/") && op.Path != "/" {
		return "", fmt.Errorf("server: %s: path %q is not a clean path ServeMux can route", op.Pos, op.Path)
	}
	segs := strings.Split(op.Path, "/")
	for _, s := range segs[1:] {
		open, close := strings.Count(s, "{"), strings.Count(s, "}")
		if open == 0 && close == 0 {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
		if open != 1 || close != 1 || len(s) != len(name)+2 || !naming.IsIdentifier(name) {
			return "", fmt.Errorf("server: %s: path %q: a variable must be a whole segment like {name}", op.Pos, op.Path)
		}
	}
	pattern := op.Method + " " + op.Path
	if strings.HasSuffix(op.Path, "/") {
		pattern += "{$}" // exactly this path, not the subtree
	}
	return pattern, nil
}

// muxKey is a pattern with its variable names dropped: two patterns with
// equal keys conflict in a ServeMux.
func muxKey(pattern string) string {
	var b strings.Builder
	skip := false
	for _, r := range pattern {
		switch {
		case r == '{':
			skip = true
			b.WriteString("{}")
		case r == '}':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}
