package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
)

// lookupRuleSpec is a top-up with a list lookup; STATUS is the lookup's
// status field.
const lookupRuleSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /topup:
    post:
      operationId: topUp
      x-codebook:
        provider: acme
        table: topup
        money_moving: true
        reference: {field: ref}
        lookup: {operation: find, param: ref, records: result.items, reference_field: ref, status: STATUS, statuses: {OK: success}}
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [ref], properties: {ref: {type: string}}}}}
      responses:
        "200": {description: ok}
  /find:
    get:
      operationId: find
      x-codebook: {provider: acme, table: find}
      parameters:
        - {name: ref, in: query, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  result:
                    type: object
                    properties:
                      items:
                        type: array
                        items:
                          type: object
                          required: [code]
                          properties:
                            ref: {type: string, nullable: true}
                            state: {type: string, enum: [OK, BAD]}
                            code: {type: integer}
`

// generatedRule returns the generated TopUpLookupRule method for the spec
// with status as the lookup's status field.
func generatedRule(t *testing.T, status string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(lookupRuleSpec, "STATUS", status, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := oapi.Generate(context.Background(), path, oapi.Config{PackageName: "acme", Codebook: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range res.Files {
		s := string(src)
		if i := strings.Index(s, "func (*Client) TopUpLookupRule()"); i >= 0 {
			return s[i:]
		}
	}
	t.Fatal("no generated TopUpLookupRule")
	return ""
}

// TestLookupRuleReadsTypedFields: the generated rule reaches the list
// through a nested object nil-safely, reads a Nullable reference, an enum
// status and a required integer as text, and reads the body only for an
// empty list the value does not show; a status field the emitter cannot
// resolve (the linker reports it) reads no record, so that the answer's
// own success is never taken for the transaction's.
func TestLookupRuleReadsTypedFields(t *testing.T) {
	src := generatedRule(t, "state")
	for _, want := range []string{
		"if out == nil {\n\t\t\t\treturn nil, false",
		"if out.Result == nil {",
		"list := out.Result.Items",
		`return nil, engine.EmptyListAt(body, "result.items")`,
		"if v, ok := item.Ref.Get(); ok {",
		"rec.Status, rec.HasStatus = string(*v), true",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("the generated rule lacks %q:\n%s", want, src)
		}
	}
	src = generatedRule(t, "code")
	if !strings.Contains(src, "rec.Status, rec.HasStatus = strconv.FormatInt(int64(item.Code), 10), true") {
		t.Errorf("a required integer status is not read as text:\n%s", src)
	}
	src = generatedRule(t, "stat")
	if !strings.Contains(src, "Records: func(*FindResponse, []byte) ([]engine.LookupRecord, bool) {\n\t\t\treturn nil, false") {
		t.Errorf("an unresolved status field does not read an empty Records:\n%s", src)
	}
}
