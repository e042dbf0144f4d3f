package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
)

// TestClientPassesNestedCodePaths: an x-codebook code and message written
// as dotted paths reach the generated client's ClassifyHTTP call as they
// are, quoted, where codebookimpl.BodyFields follows them (its own tests, and
// TestClassifyHTTPNestedCode in the root package, read the paths).
func TestClientPassesNestedCodePaths(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pay:
    post:
      operationId: pay
      x-codebook: {provider: acme, table: pay, code: errors.0.code, message: "error.\"message\""}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object, properties: {errors: {type: array, items: {type: object, properties: {code: {type: integer}}}}}}}}}
`
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := oapi.Generate(context.Background(), path, oapi.Config{PackageName: "acme", Codebook: true})
	if err != nil {
		t.Fatal(err)
	}
	want := `ClassifyHTTP(TablePay, r.Status, r.Header, r.Body, "errors.0.code", "error.\"message\"")`
	for name, src := range res.Files {
		if strings.Contains(string(src), want) {
			return
		}
		if strings.Contains(string(src), "ClassifyHTTP(") {
			t.Logf("%s calls ClassifyHTTP otherwise", name)
		}
	}
	t.Errorf("no generated file calls %s", want)
}
