package load

import (
	"context"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sameAsWholeDecode checks that decodeSplit decodes data (JSON) to the
// document one decode of the whole gives, validation included, and
// reports whether it applied.
func sameAsWholeDecode(t *testing.T, name string, data []byte) bool {
	t.Helper()
	ctx := context.Background()
	loc := &url.URL{Path: name}
	split := decodeSplit(newLoader(ctx, false), data, loc)
	whole, err := newLoader(ctx, false).LoadFromDataWithPath(data, loc)
	if split == nil {
		return false
	}
	require.NoError(t, err, name)
	want, err := json.Marshal(whole)
	require.NoError(t, err)
	got, err := json.Marshal(split)
	require.NoError(t, err)
	assert.True(t, string(want) == string(got), "%s: the documents differ", name)
	wantDoc, gotDoc := &Doc{T: whole, Path: name}, &Doc{T: split, Path: name}
	assert.Equal(t, validate(ctx, wantDoc), validate(ctx, gotDoc), name)
	return true
}

// Every JSON spec of the test data and the corpus, and the JSON the
// one-parse route writes for every YAML spec, decodes split as whole; the
// corpus's big specs do take the split.
func TestSplitDecodeMatchesWholeDecode(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.json")
	if !testing.Short() {
		ps, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
		paths = append(paths, ps...)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		applied := sameAsWholeDecode(t, p, data)
		switch filepath.Base(p) {
		case "k8s.json", "api.github.com.json", "tinkoff.json":
			assert.True(t, applied, p)
		}
	}
	for _, p := range yamlSpecs(t) {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		root, ok := parseNodes(data)
		if !ok {
			continue
		}
		c := newConverter()
		if _, ok := c.value(root); ok {
			sameAsWholeDecode(t, p, c.out.Bytes())
		}
	}
}

// What the split leaves to one decode of the whole.
func TestSplitDecodeLeavesOddDocuments(t *testing.T) {
	head := `"openapi": "3.1.0", "info": {"title": "t", "version": "1"}`
	comps := `"components": {"schemas": {"A": {"type": "string"}}}`
	paths := `"paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}}`
	for text, applies := range map[string]bool{
		"{" + head + "," + comps + "," + paths + "}":                                       true,
		"{" + head + "," + paths + "}":                                                     false,
		"{" + head + "," + comps + "}":                                                     false,
		"{" + head + "," + comps + `, "paths": null}`:                                      false,
		"{" + head + "," + comps + "," + paths + `, "webhooks": {}}`:                       false,
		"{" + head + "," + comps + "," + paths + `, "Paths": {}}`:                          false,
		"{" + head + "," + comps + "," + paths + `, "COMPONENTS": {}}`:                     false,
		"{" + head + "," + comps + `, "paths": {"/a": {"get": 5}}}`:                        false,
		"{" + head + "," + comps + `, "paths": {"/a": {"$ref": "#/nope"}}}`:                false,
		"{" + head + "," + comps + "," + paths + `, "x-a": {"b": [1, 2]}}`:                 true,
		"{" + head + `, "components": {"schemas": {"A": {"$ref": "#/x"}}}, ` + paths + "}": false,
	} {
		assert.Equal(t, applies, sameAsWholeDecode(t, "spec.json", []byte(text)), text)
	}
}
