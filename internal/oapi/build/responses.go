package build

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// responses builds the operation's responses in status order and decides
// the type the method returns for a 2xx response.
func (b *builder) responses(op *model.Operation, o *openapi3.Operation, at site) {
	if o.Responses == nil {
		return
	}
	m := o.Responses.Map()
	keys := sortedKeys(m)
	only := countJSON(m) == 1
	for _, status := range keys {
		rr := m[status]
		if rr == nil || rr.Value == nil {
			continue
		}
		op.Responses = append(op.Responses, b.response(status, rr.Value, at, only))
	}
	b.successType(op)
}

// response builds one response.
func (b *builder) response(status string, r *openapi3.Response, at site, only bool) *model.Response {
	out := &model.Response{Status: status}
	out.Code, out.Class = parseStatus(status)
	if r.Description != nil {
		out.Doc = *r.Description
	}
	ct, mt := pickMedia(r.Content, jsonMedia, anyMedia)
	out.ContentType = ct
	if mt != nil && jsonMedia(ct) {
		child := site{name: naming.Response(at.name, status, only), key: at.key + "/responses/" + status}
		tr := b.ref(mt.Schema, child)
		out.Type = &tr
	}
	return out
}

// countJSON counts the responses with a JSON body.
func countJSON(m map[string]*openapi3.ResponseRef) int {
	n := 0
	for _, rr := range m {
		if rr != nil && rr.Value != nil {
			if ct, _ := pickMedia(rr.Value.Content, jsonMedia); ct != "" {
				n++
			}
		}
	}
	return n
}

// parseStatus splits a response key into an exact code or a class (1..5).
func parseStatus(status string) (code, class int) {
	if n, err := strconv.Atoi(status); err == nil {
		return n, 0
	}
	s := strings.ToUpper(status)
	if len(s) == 3 && s[1:] == "XX" && s[0] >= '1' && s[0] <= '5' {
		return 0, int(s[0] - '0')
	}
	return 0, 0
}

// successType sets what a 2xx response decodes into: the common JSON type
// of the documented 2xx responses; the default response's when no 2xx is
// documented; raw JSON when 2xx responses disagree; bytes when they are not
// JSON.
func (b *builder) successType(op *model.Operation) {
	var typed []*model.Response
	var untyped, any2xx bool
	for _, r := range op.Responses {
		if !r.IsSuccess() {
			continue
		}
		any2xx = true
		if r.Type != nil {
			typed = append(typed, r)
		} else if r.ContentType != "" {
			untyped = true
		}
	}
	switch {
	case len(typed) > 0:
		op.SuccessType = b.commonType(op, typed)
	case untyped:
		op.SuccessRaw = true
	case !any2xx:
		op.SuccessType = defaultType(op)
	}
}

// commonType returns the type shared by all typed 2xx responses, or raw
// JSON with a warning when they differ.
func (b *builder) commonType(op *model.Operation, typed []*model.Response) *model.TypeRef {
	first := *typed[0].Type
	for _, r := range typed[1:] {
		if !sameType(first, *r.Type) {
			b.warn(op.Pos, "%s %s: 2xx responses have different types; the method returns raw JSON", op.Method, op.Path)
			raw := model.Raw()
			return &raw
		}
	}
	return &first
}

// defaultType returns the default response's type, nil when it has none.
func defaultType(op *model.Operation) *model.TypeRef {
	for _, r := range op.Responses {
		if r.Status == "default" && r.Type != nil {
			t := *r.Type
			return &t
		}
	}
	return nil
}

// sameType reports whether two type expressions denote the same Go type.
func sameType(a, b model.TypeRef) bool {
	if a.Kind != b.Kind || a.Builtin != b.Builtin || a.Named != b.Named {
		return false
	}
	if a.Elem == nil || b.Elem == nil {
		return a.Elem == b.Elem
	}
	return sameType(*a.Elem, *b.Elem)
}
