package fidelity

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Request is how the generated program calls one operation: the method,
// each parameter's value as JSON (decoded into the parameter struct's
// field), and the body.
type Request struct {
	Op     string                     `json:"op"`     // "GET /pets/{id}"
	Method string                     `json:"method"` // the Client's method
	Params map[string]json.RawMessage `json:"params,omitempty"`
	// Body is the body as JSON (for a JSON or form body, decoded into the
	// body's type) or, for a body sent as is, the bytes to send as a JSON
	// string; nil when the operation takes none.
	Body json.RawMessage `json:"body,omitempty"`
	// Reader says the body parameter is an io.Reader.
	Reader bool `json:"reader,omitempty"`
	// Multipart says the body is multipart/form-data built from Body's
	// properties, Files naming those sent as files.
	Multipart bool     `json:"multipart,omitempty"`
	Files     []string `json:"files,omitempty"`
	// HasParams says the method takes a parameter struct.
	HasParams bool `json:"hasParams,omitempty"`
	// Synthesized lists the values the spec gives no example for, built
	// from the schema ("body", "param limit").
	Synthesized []string `json:"-"`
	// Skip says why the request cannot be built, "" when it can.
	Skip string `json:"-"`
}

// Plan builds the request of every operation from the spec's examples:
// every required parameter and every one with an example, and the body.
func Plan(doc *load.Doc, api *model.API) []Request {
	out := make([]Request, 0, len(api.Operations))
	for _, op := range api.Operations {
		out = append(out, plan(doc.T, op))
	}
	return out
}

// plan builds the request of one operation.
func plan(t *openapi3.T, op *model.Operation) Request {
	r := Request{Op: op.Method + " " + op.Path, Method: op.Name, Params: map[string]json.RawMessage{}, HasParams: op.ParamsType != ""}
	o := operation(t, op)
	if o == nil {
		r.Skip = "the operation is not in the loaded spec"
		return r
	}
	specParams := parameters(t, op, o)
	for _, p := range op.Params {
		sp := specParams[string(p.In)+" "+p.Name]
		v, src, ok := paramValue(sp)
		if !ok && !p.Required {
			continue
		}
		data, err := json.Marshal(v)
		if err != nil {
			r.Skip = fmt.Sprintf("param %s: %v", p.Name, err)
			return r
		}
		r.Params[p.Field] = data
		if src != FromExample {
			r.Synthesized = append(r.Synthesized, "param "+p.Name+" ("+string(src)+")")
		}
	}
	if op.Body != nil {
		planBody(&r, op.Body, o)
	}
	return r
}

// parameters indexes the parameters of o and of its path item by
// "in name".
func parameters(t *openapi3.T, op *model.Operation, o *openapi3.Operation) map[string]*openapi3.Parameter {
	out := map[string]*openapi3.Parameter{}
	var all openapi3.Parameters
	if item := t.Paths.Value(op.Path); item != nil {
		all = append(all, item.Parameters...)
	}
	all = append(all, o.Parameters...)
	for _, p := range all {
		if p != nil && p.Value != nil {
			out[p.Value.In+" "+p.Value.Name] = p.Value
		}
	}
	return out
}

// paramValue returns the value of a parameter: its example, its first
// examples entry, else its schema's (see Value). ok is false when the
// spec gives no value and one had to be built.
func paramValue(p *openapi3.Parameter) (any, Source, bool) {
	if p == nil {
		return "fidelity", FromSchema, false
	}
	var s *openapi3.Schema
	if p.Schema != nil {
		s = p.Schema.Value
	} else if mt := firstMedia(p.Content); mt != nil && mt.Schema != nil {
		s = mt.Schema.Value
	}
	if v, ok := firstFitting(s, p.Example, p.Examples); ok {
		return v, FromExample, true
	}
	v, src := Value(s)
	return v, src, src == FromExample
}

// planBody sets the body of r from the media type the client sends.
func planBody(r *Request, b *model.Body, o *openapi3.Operation) {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		r.Skip = "the request body is not in the loaded spec"
		return
	}
	mt := o.RequestBody.Value.Content.Get(b.ContentType)
	if mt == nil {
		r.Skip = "no media type " + b.ContentType
		return
	}
	v, src := mediaValue(mt)
	if src != FromExample {
		r.Synthesized = append(r.Synthesized, "body ("+string(src)+")")
	}
	if b.Multipart {
		r.Reader, r.Multipart, r.Files = true, true, fileFields(mt.Schema)
	} else if b.Kind == model.BodyReader {
		r.Reader = true
		if s, ok := v.(string); ok {
			v = s
		} else if data, err := json.Marshal(v); err == nil {
			v = string(data)
		}
	}
	data, err := json.Marshal(v)
	if err != nil {
		r.Skip = "body: " + err.Error()
		return
	}
	r.Body = data
}

// mediaValue returns the first example of a media type (example, examples
// in name order, the schema's), else one built from its schema.
func mediaValue(mt *openapi3.MediaType) (any, Source) {
	if mt.Schema == nil {
		if mt.Example != nil {
			return mt.Example, FromExample
		}
		return "fidelity", FromSchema
	}
	if v, ok := firstFitting(mt.Schema.Value, mt.Example, mt.Examples); ok {
		return v, FromExample
	}
	v, src := Value(mt.Schema.Value)
	if src == FromSchema && (mt.Example != nil || len(mt.Examples) > 0) {
		src = FromSchemaNotExample
	}
	return v, src
}

// firstFitting returns example, else the first of examples in name order,
// that schema s accepts.
func firstFitting(s *openapi3.Schema, example any, examples openapi3.Examples) (any, bool) {
	var vs []any
	if example != nil {
		vs = append(vs, example)
	}
	for _, k := range sortedExampleKeys(examples) {
		if e := examples[k]; e != nil && e.Value != nil && e.Value.Value != nil {
			vs = append(vs, e.Value.Value)
		}
	}
	for _, v := range vs {
		if fits(s, v) {
			return v, true
		}
	}
	return nil, false
}

// fileFields lists the properties of a multipart body sent as files
// (format binary or base64), sorted.
func fileFields(sr *openapi3.SchemaRef) []string {
	if sr == nil || sr.Value == nil {
		return nil
	}
	props, _, _ := objectShape(sr.Value, 0)
	var out []string
	for k, p := range props {
		if p == nil {
			continue
		}
		f := p.Format
		if p.Items != nil && p.Items.Value != nil && f == "" {
			f = p.Items.Value.Format
		}
		if f == "binary" || f == "base64" || p.ContentMediaType != "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// firstMedia returns the media type of content whose name sorts first.
func firstMedia(c openapi3.Content) *openapi3.MediaType {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return nil
	}
	return c[keys[0]]
}

// sortedExampleKeys returns the names of examples, sorted.
func sortedExampleKeys(e openapi3.Examples) []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// opHeader is the header the program tags each request with, naming its
// operation as "METHOD /path/template".
const opHeader = "X-Fidelity-Op"

// synthesizedNote spells r.Synthesized for a report.
func synthesizedNote(r Request) string {
	if len(r.Synthesized) == 0 {
		return ""
	}
	return "built from the schema: " + strings.Join(r.Synthesized, ", ")
}
