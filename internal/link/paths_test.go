package link

import (
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/diag"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// nestedSpec is an API whose error bodies nest their code: an object
// "error" and a list "errors", beside a free-form "meta". CODE and MESSAGE
// are replaced by the cases.
const nestedSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /transact:
    post:
      operationId: transact
      x-codebook: {provider: acme, table: transact, code: CODE, message: MESSAGE}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Envelope"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Errors"}}}}
components:
  schemas:
    Envelope:
      type: object
      properties:
        status: {type: string}
        error: {$ref: "#/components/schemas/Problem"}
        meta: {type: object, additionalProperties: true}
    Errors:
      type: object
      properties:
        errors: {type: array, items: {$ref: "#/components/schemas/Problem"}}
    Problem:
      type: object
      properties:
        code: {type: integer}
        message: {type: string}
        kind: {type: string, enum: [a, b]}
`

func TestCheckNestedFieldPaths(t *testing.T) {
	cases := []struct {
		code, message string
		want          []string // substrings of the one problem; none when the paths resolve
	}{
		{code: "error.code", message: "error.message"},
		{code: "errors.0.code", message: "errors.12.message"},
		{code: "meta.anything.at.all", message: "error.message"}, // additionalProperties: not judged
		{code: "error.reason", message: "error.message",
			want: []string{`x-codebook.code "error.reason" is in no documented response body: "error.reason" is not a declared property`, "code, kind, message", "dotted path such as error.code"}},
		{code: "status.code", message: "error.message",
			want: []string{`x-codebook.code "status.code" is in no documented response body: "status.code" goes through a string, not an object`}},
		{code: "error.kind.code", message: "error.message",
			want: []string{`"error.kind.code" goes through a string enum`}},
		{code: "errors.first.code", message: "error.message",
			want: []string{`"errors.first" indexes an array with "first": use a number such as 0`}},
		{code: "errors.01.code", message: "error.message",
			want: []string{`"errors.01" indexes an array with "01"`}},
		{code: "error..code", message: "error.message",
			want: []string{`x-codebook.code "error..code" has an empty segment`}},
		{code: "error.code", message: "error.text",
			want: []string{`x-codebook.message "error.text" is in no documented response body`}},
	}
	for _, tc := range cases {
		t.Run(tc.code+"/"+tc.message, func(t *testing.T) {
			spec := strings.NewReplacer("CODE", tc.code, "MESSAGE", tc.message).Replace(nestedSpec)
			api, path := generate(t, spec)
			got := Check(fixtureCodes(), []*oapimodel.API{api})
			if len(tc.want) == 0 {
				if len(got) != 0 {
					t.Fatalf("want no problem, got:\n%s", dump(got))
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d problems, want 1:\n%s", len(got), dump(got))
			}
			line, col := lineOf(spec, 0)
			if want := (diag.Pos{File: path, Line: line, Col: col}); got[0].Pos != want {
				t.Errorf("problem at %s, want %s", got[0].Pos, want)
			}
			for _, m := range tc.want {
				if !strings.Contains(got[0].Msg, m) {
					t.Errorf("%q\ndoes not contain %q", got[0].Msg, m)
				}
			}
		})
	}
}
