package fidelity

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// validatorSpec is a small spec for the validator's own test.
const validatorSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
security: [{key: []}]
paths:
  /pets/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: limit, in: query, required: true, schema: {type: integer, maximum: 10}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties: {name: {type: string}}
      responses: {"204": {description: ok}}
`

// TestValidatorRefusesWhatTheSpecDoesNot checks the test server itself: a
// request the spec accepts validates, and each of a missing credential, a
// bad path parameter, a query value out of range, a body without its
// required property and a path off the template is refused.
func TestValidatorRefusesWhatTheSpecDoesNot(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(validatorSpec))
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(doc)
	cases := []struct {
		name, path, key, body, want string
	}{
		{"valid", "/base/pets/7?limit=3", "k", `{"name":"a"}`, ""},
		{"no credential", "/base/pets/7?limit=3", "", `{"name":"a"}`, "refused"},
		{"path parameter", "/base/pets/x?limit=3", "k", `{"name":"a"}`, "refused"},
		{"query out of range", "/base/pets/7?limit=30", "k", `{"name":"a"}`, "refused"},
		{"body", "/base/pets/7?limit=3", "k", `{}`, "refused"},
		{"path", "/base/cats/7?limit=3", "k", `{"name":"a"}`, "does not match the template"},
	}
	for _, c := range cases {
		op := "POST /pets/{id} " + c.name
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://127.0.0.1"+c.path, strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(opHeader, "POST /pets/{id}")
		if c.key != "" {
			req.Header.Set("X-Key", c.key)
		}
		problem := v.validate(req, "POST /pets/{id}")
		if c.want == "" && problem != "" || c.want != "" && !strings.Contains(problem, c.want) {
			t.Errorf("%s: problem %q, want %q", op, problem, c.want)
		}
	}
}
