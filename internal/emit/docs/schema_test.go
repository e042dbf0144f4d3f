package docs

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
)

func compileSchema(t *testing.T, data []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	require.NoError(t, c.AddResource("catalogue.schema.json", doc))
	s, err := c.Compile("catalogue.schema.json")
	require.NoError(t, err)
	return s
}

func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	return v
}

// The emitted catalogue of every fixture is valid against the emitted
// schema.
func TestCatalogueMatchesSchema(t *testing.T) {
	for _, path := range fixtures {
		_, files := emitFixture(t, path)
		s := compileSchema(t, files[SchemaFile])
		assert.NoError(t, s.Validate(instance(t, files[JSONFile])), path)
	}
}

// The schema is strict enough to catch a catalogue that drifts from it.
func TestSchemaRejects(t *testing.T) {
	_, files := emitFixture(t, docsFixture)
	s := compileSchema(t, files[SchemaFile])
	for name, change := range map[string]func(m map[string]any){
		"unknown outcome": func(m map[string]any) { firstRow(m)["outcome"] = "maybe" },
		"unknown field":   func(m map[string]any) { firstRow(m)["colour"] = "red" },
		"missing anchor":  func(m map[string]any) { delete(firstRow(m), "anchor") },
		"http as text":    func(m map[string]any) { firstRow(m)["http"] = "400" },
		"retry_after without after_delay": func(m map[string]any) {
			firstRow(m)["retry_after"] = 60
		},
		"new_reference on a row that is not failed": func(m map[string]any) {
			firstRow(m)["outcome"], firstRow(m)["retry"] = "uncertain", "new_reference"
		},
		"other format": func(m map[string]any) { m["format"] = "codebook-catalogue/v2" },
	} {
		var m map[string]any
		require.NoError(t, json.Unmarshal(files[JSONFile], &m))
		change(m)
		data, err := json.Marshal(m)
		require.NoError(t, err)
		assert.Error(t, s.Validate(instance(t, data)), name)
	}
}

func firstRow(m map[string]any) map[string]any {
	p := m["providers"].([]any)[0].(map[string]any)
	tb := p["tables"].([]any)[0].(map[string]any)
	return tb["rows"].([]any)[0].(map[string]any)
}

// The schema's enums are the runtime's names, so the two cannot drift.
func TestSchemaEnums(t *testing.T) {
	var s struct {
		Defs struct {
			Row struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"row"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal([]byte(schema), &s))
	props := s.Defs.Row.Properties
	assert.Equal(t, codebook.OutcomeNames(), props["outcome"].Enum)
	assert.Equal(t, codebook.RetryNames(), props["retry"].Enum)
	assert.Equal(t, codebook.FaultNames(), props["fault"].Enum)
	assert.Equal(t, codebook.CategoryNames(), props["category"].Enum)
}
