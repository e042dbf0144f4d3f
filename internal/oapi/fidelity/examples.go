// Package fidelity proves what a generated OpenAPI client does with the
// bodies a spec documents: every example of every JSON request and response
// body is decoded into the generated type and encoded back (RoundTrip), and
// a request built by the generated client from the spec's examples is
// checked by kin-openapi's request validation (Requests). Both run a
// program generated next to the client in a throwaway module.
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

// Example is one documented example of a JSON body, and the generated type
// it must decode into.
type Example struct {
	// ID names the example: "POST /pets request application/json example",
	// "GET /pets/{id} response 200 application/json examples/cat".
	ID     string
	Type   model.TypeRef    // the generated type of the body
	Schema *openapi3.Schema // the body's schema, nil when the spec gives none
	JSON   json.RawMessage  // the example, as JSON
}

// Examples lists the examples of every JSON request and response body the
// generated client types, ordered by operation, then request before
// responses, then status. Examples the harness cannot state as JSON (an
// externalValue) are left out.
func Examples(doc *load.Doc, api *model.API) ([]Example, error) {
	var out []Example
	for _, op := range api.Operations {
		o := operation(doc.T, op)
		if o == nil {
			continue
		}
		prefix := op.Method + " " + op.Path
		if b := op.Body; b != nil && b.Kind == model.BodyJSON && o.RequestBody != nil && o.RequestBody.Value != nil {
			ex, err := mediaExamples(prefix+" request "+b.ContentType, b.Type, o.RequestBody.Value.Content.Get(b.ContentType))
			if err != nil {
				return nil, err
			}
			out = append(out, ex...)
		}
		for _, r := range op.Responses {
			if r.Type == nil || o.Responses == nil {
				continue
			}
			rr := o.Responses.Value(r.Status)
			if rr == nil || rr.Value == nil {
				continue
			}
			ex, err := mediaExamples(prefix+" response "+r.Status+" "+r.ContentType, *r.Type, rr.Value.Content.Get(r.ContentType))
			if err != nil {
				return nil, err
			}
			out = append(out, ex...)
		}
	}
	return out, nil
}

// operation finds the kin-openapi operation of op.
func operation(t *openapi3.T, op *model.Operation) *openapi3.Operation {
	if t.Paths == nil {
		return nil
	}
	item := t.Paths.Value(op.Path)
	if item == nil {
		return nil
	}
	return item.GetOperation(op.Method)
}

// mediaExamples lists the examples of one media type: its example, its
// examples entries by name, and its schema's example and examples.
func mediaExamples(prefix string, tr model.TypeRef, mt *openapi3.MediaType) ([]Example, error) {
	if mt == nil {
		return nil, nil
	}
	var schema *openapi3.Schema
	if mt.Schema != nil {
		schema = mt.Schema.Value
	}
	values := map[string]any{}
	var order []string
	add := func(id string, v any) {
		values[id] = v
		order = append(order, id)
	}
	if mt.Example != nil {
		add("example", mt.Example)
	}
	keys := make([]string, 0, len(mt.Examples))
	for k := range mt.Examples {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if e := mt.Examples[k]; e != nil && e.Value != nil && e.Value.ExternalValue == "" && e.Value.Value != nil {
			add("examples/"+k, e.Value.Value)
		}
	}
	if schema != nil && schema.Example != nil {
		add("schema.example", schema.Example)
	}
	if schema != nil {
		for i, v := range schema.Examples {
			add(fmt.Sprintf("schema.examples/%d", i), v)
		}
	}
	out := make([]Example, 0, len(order))
	for _, id := range order {
		data, err := json.Marshal(values[id])
		if err != nil {
			return nil, fmt.Errorf("%s %s: the example is not JSON: %w", prefix, id, err)
		}
		out = append(out, Example{ID: strings.TrimSpace(prefix + " " + id), Type: tr, Schema: schema, JSON: data})
	}
	return out, nil
}
