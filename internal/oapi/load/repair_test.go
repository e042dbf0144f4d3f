package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadText writes a spec to a temporary file and loads it.
func loadText(t *testing.T, name, text string) (*Doc, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return Load(context.Background(), path)
}

// messages returns the "line:col: message" of the warnings that are not
// the strict validator's.
func messages(d *Doc) []string {
	var out []string
	for _, w := range d.Warnings {
		if len(w.Msg) < 23 || w.Msg[:23] != "spec does not validate:" {
			out = append(out, w.String()[len(filepath.Dir(w.Pos.File))+1:])
		}
	}
	return out
}

func TestExternalRefIsDisabled(t *testing.T) {
	doc, err := Load(context.Background(), "testdata/external.yaml")
	require.NoError(t, err)
	assert.Equal(t, []string{`external.yaml:6:9: $ref "other.yaml#/B" points outside the file, which is never followed; dropped (a schema becomes raw JSON)`}, messages(doc))
	a := doc.T.Components.Schemas["A"]
	require.NotNil(t, a.Value)
	assert.Empty(t, a.Ref)
}

func TestUndecodableKeywordsAreDisabled(t *testing.T) {
	doc, err := loadText(t, "spec.yaml", `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string, maxLength: "ten"}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: "#/components/schemas/Missing"}}
components:
  schemas:
    T: {type: array, items: [{type: string}]}
    U:
      type: object
      properties:
        a: {type: string, required: true}
        b: {type: integer}
`)
	require.NoError(t, err)
	assert.Equal(t, []string{
		`spec.yaml:7:55: "maxLength" cannot be decoded (json: cannot unmarshal string into field Schema.maxLength of type uint64); ignored`,
		`spec.yaml:12:41: $ref "#/components/schemas/Missing" does not resolve; dropped (a schema becomes raw JSON)`,
		`spec.yaml:15:22: "items" has a value of the wrong shape; ignored`,
		`spec.yaml:19:27: "required" is a boolean, as in Swagger 2; OpenAPI 3 lists required properties in the object's "required" array; ignored`,
	}, messages(doc))
	u := doc.T.Components.Schemas["U"].Value
	assert.Len(t, u.Properties, 2)
	assert.Contains(t, u.Properties["a"].Value.Extensions, "x-quired")
}

func TestRepairKeepsPositionsOnOneLine(t *testing.T) {
	doc, err := loadText(t, "spec.json", `{"openapi":"3.0.3","info":{"title":"ünï ☃","version":"1"},"paths":{},`+
		`"components":{"schemas":{"A":{"type":"object","properties":{"a":{"$ref":"#/nope"}}},"B":{"type":"string"}}}}`)
	require.NoError(t, err)
	assert.Equal(t, []string{`spec.json:1:135: $ref "#/nope" does not resolve; dropped (a schema becomes raw JSON)`}, messages(doc))
	assert.Equal(t, "spec.json:1:154", doc.Pos(doc.T.Components.Schemas["B"].Value.Origin).String()[len(filepath.Dir(doc.Path))+1:])
}

func TestRepairLeavesSyntaxErrors(t *testing.T) {
	_, err := Load(context.Background(), "testdata/broken.yaml")
	require.Error(t, err)
}

func TestRepairLeavesNamesAndData(t *testing.T) {
	doc, err := loadText(t, "spec.yaml", `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Props:
      type: object
      properties:
        $ref: {type: string}
        properties: {$ref: "#/components/schemas/Gone"}
      example: {$ref: "not a reference"}
      x-meta: {$ref: 5}
    Bad: {type: string, required: true}
`)
	require.NoError(t, err)
	assert.Equal(t, []string{
		`spec.yaml:10:22: $ref "#/components/schemas/Gone" does not resolve; dropped (a schema becomes raw JSON)`,
		`spec.yaml:13:25: "required" is a boolean, as in Swagger 2; OpenAPI 3 lists required properties in the object's "required" array; ignored`,
	}, messages(doc))
	props := doc.T.Components.Schemas["Props"].Value.Properties
	assert.Contains(t, props, "$ref")
}

func TestNullObjectsReadAsEmpty(t *testing.T) {
	doc, err := loadText(t, "spec.yaml", `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters: [null]
      responses:
        "200": null
components:
  schemas:
    A: null
    B: {type: object, properties: {b: null}}
`)
	require.NoError(t, err)
	assert.Equal(t, []string{
		`spec.yaml:6:20: parameter is null; read as an empty one`,
		`spec.yaml:8:16: response is null; read as an empty one`,
		`spec.yaml:11:8: schema is null; read as an empty one`,
		`spec.yaml:12:39: schema is null; read as an empty one`,
	}, messages(doc))
	assert.NotNil(t, doc.T.Components.Schemas["B"].Value.Properties["b"].Value)
}
