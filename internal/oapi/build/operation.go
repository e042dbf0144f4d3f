package build

import (
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// opState is an operation under construction with its naming facts.
type opState struct {
	op   *model.Operation
	cand string // candidate method name
	key  string // "METHOD path", orders claims
}

// methodOrder is the order operations of one path are visited in.
var methodOrder = []string{
	http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace, http.MethodConnect,
}

// buildOperations visits every operation, paths in byte order.
func (b *builder) buildOperations() {
	if b.doc.T.Paths == nil {
		return
	}
	for _, path := range sortedKeys(b.doc.T.Paths.Map()) {
		item := b.doc.T.Paths.Value(path)
		if item == nil {
			continue
		}
		for _, method := range methodsOf(item) {
			b.operation(path, method, item)
		}
	}
}

// methodsOf lists the methods of a path item, standard ones first.
func methodsOf(item *openapi3.PathItem) []string {
	ops := item.Operations()
	var out []string
	for _, m := range methodOrder {
		if ops[m] != nil {
			out = append(out, m)
			delete(ops, m)
		}
	}
	return append(out, sortedKeys(ops)...)
}

// operation builds one operation.
func (b *builder) operation(path, method string, item *openapi3.PathItem) {
	o := item.GetOperation(method)
	if o == nil {
		return
	}
	op := &model.Operation{
		ID: o.OperationID, Method: strings.ToUpper(method), Path: path,
		Summary: o.Summary, Doc: o.Description, Pos: b.doc.Pos(o.Origin),
		Deprecated: o.Deprecated, Tags: o.Tags,
	}
	st := &opState{op: op, cand: naming.Operation(o.OperationID, method, path), key: op.Method + " " + path}
	b.ops = append(b.ops, st)
	at := site{name: st.cand, key: "#/paths/" + escapeKey(path) + "/" + strings.ToLower(method)}
	b.params(op, mergeParams(item.Parameters, o.Parameters), at)
	b.body(op, o, at)
	b.responses(op, o, at)
	op.Security = b.security(o)
	op.Codebook = b.codebook(o)
	op.Server = ownServer(o, item)
}

// ownServer returns the URL of the operation's first server, else of its
// path's, with the variables at their defaults; "" when neither has servers.
func ownServer(o *openapi3.Operation, item *openapi3.PathItem) string {
	if o.Servers != nil && len(*o.Servers) > 0 && (*o.Servers)[0] != nil {
		return serverURL((*o.Servers)[0])
	}
	if len(item.Servers) > 0 && item.Servers[0] != nil {
		return serverURL(item.Servers[0])
	}
	return ""
}

// mergeParams combines path-level and operation-level parameters; the
// operation's win for the same (in, name).
func mergeParams(pathLevel, opLevel openapi3.Parameters) []*openapi3.Parameter {
	var out []*openapi3.Parameter
	index := map[string]int{}
	for _, list := range []openapi3.Parameters{pathLevel, opLevel} {
		for _, pr := range list {
			if pr == nil || pr.Value == nil {
				continue
			}
			k := pr.Value.In + "\x00" + pr.Value.Name
			if i, ok := index[k]; ok {
				out[i] = pr.Value
				continue
			}
			index[k] = len(out)
			out = append(out, pr.Value)
		}
	}
	return out
}

// security returns the operation's security alternatives: its own, else the
// document's, in spec order. Each alternative lists scheme keys in byte order.
func (b *builder) security(o *openapi3.Operation) [][]string {
	reqs := b.doc.T.Security
	if o.Security != nil {
		reqs = *o.Security
	}
	var out [][]string
	for _, r := range reqs {
		out = append(out, sortedKeys(r))
	}
	return out
}
