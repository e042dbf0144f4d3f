package load

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusDir is the shared corpus of real specs, beside the repository.
const corpusDir = "../../../../shared/corpus/openapi"

// bothRoutes loads the file at path as JSON and through the YAML parser.
func bothRoutes(t testing.TB, path string) (viaJSON, viaYAML *Doc, errJSON, errYAML error) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	viaJSON, errJSON = load(context.Background(), path, data, false)
	viaYAML, errYAML = load(context.Background(), path, data, true)
	return viaJSON, viaYAML, errJSON, errYAML
}

// sameAsYAMLRoute checks that loading path as JSON gives what the YAML
// route gives: the same error, or the same document, warnings and origins.
func sameAsYAMLRoute(t *testing.T, path string) {
	t.Helper()
	j, y, errJ, errY := bothRoutes(t, path)
	if errY != nil || errJ != nil {
		require.Error(t, errJ, path)
		require.Error(t, errY, path)
		assert.Equal(t, errY.Error(), errJ.Error(), path)
		return
	}
	assert.Equal(t, y.Warnings, j.Warnings, path)
	wantJSON, err := json.Marshal(y.T)
	require.NoError(t, err)
	gotJSON, err := json.Marshal(j.T)
	require.NoError(t, err)
	assert.True(t, string(wantJSON) == string(gotJSON), "%s: the documents differ", path)
	want, got := origins(y.T), origins(j.T)
	require.Equal(t, len(want), len(got), "%s: number of origins", path)
	for i := range want {
		require.Equal(t, want[i], got[i], "%s: origin %d", path, i)
	}
}

// origins lists every origin of t as text, by where it is reached, in a
// fixed order; the block end and Sequences are left out (the JSON route
// does not record them).
func origins(t *openapi3.T) []string {
	var out []string
	seen := map[uintptr]bool{}
	var walk func(at string, v reflect.Value)
	walk = func(at string, v reflect.Value) {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return
			}
			if v.Kind() == reflect.Pointer {
				if seen[v.Pointer()] {
					return
				}
				seen[v.Pointer()] = true
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				if o, ok := v.Field(i).Interface().(*openapi3.Origin); ok {
					out = append(out, at+" "+originText(o))
					continue
				}
				walk(at+"."+f.Name, v.Field(i))
			}
			if v.CanAddr() {
				if m := v.Addr().MethodByName("Map"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
					walk(at+".Map()", m.Call(nil)[0])
				}
			}
		case reflect.Map:
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
			for _, k := range keys {
				walk(fmt.Sprintf("%s[%v]", at, k), v.MapIndex(k))
			}
		case reflect.Slice:
			for i := range v.Len() {
				walk(fmt.Sprintf("%s[%d]", at, i), v.Index(i))
			}
		}
	}
	walk("T", reflect.ValueOf(t))
	return out
}

// originText writes an origin's key and fields.
func originText(o *openapi3.Origin) string {
	if o == nil {
		return "-"
	}
	var b strings.Builder
	if k := o.Key; k != nil {
		fmt.Fprintf(&b, "%s:%d:%d %q", k.File, k.Line, k.Column, k.Name)
	}
	for _, f := range o.Fields {
		fmt.Fprintf(&b, " %s@%s:%d:%d", f.Name, f.File, f.Line, f.Column)
	}
	return b.String()
}

// Every JSON spec of the test data and of the shared corpus loads as JSON
// with the same document, warnings and origins as through the YAML parser.
// As in internal/oapi's TestCorpus, only the small corpus specs are loaded
// by default; CODEBOOK_CORPUS=all loads every one (k8s.json and
// api.github.com.json among them), CODEBOOK_CORPUS=name,... the named
// ones; -short loads none.
func TestJSONRouteMatchesYAMLRoute(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.json")
	if !testing.Short() {
		paths = append(paths, corpusJSON(t, os.Getenv("CODEBOOK_CORPUS"))...)
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) { sameAsYAMLRoute(t, p) })
	}
}

// corpusJSON lists the corpus's JSON specs that sel selects: "all", a
// comma-separated list of names (with or without .json), or, when empty,
// those of at most 130 KiB.
func corpusJSON(t *testing.T, sel string) []string {
	t.Helper()
	all, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	var out []string
	for _, p := range all {
		fi, err := os.Stat(p)
		require.NoError(t, err)
		switch {
		case sel == "all",
			sel == "" && fi.Size() <= 130<<10,
			sel != "" && slices.Contains(strings.Split(sel, ","), strings.TrimSuffix(filepath.Base(p), ".json")),
			sel != "" && slices.Contains(strings.Split(sel, ","), filepath.Base(p)):
			out = append(out, p)
		}
	}
	return out
}

// JSON specs that are broken or odd in ways the JSON route must not change
// the messages of: each is loaded both ways and compared.
func TestJSONRouteMessagesAsYAMLRoute(t *testing.T) {
	cases := map[string]string{
		"bad-ref.json": `{
  "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}}
}`,
		"syntax.json":    "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\" \"version\": \"1\"},\n  \"paths\": {}\n}\n",
		"unclosed.json":  "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n}\n",
		"merge.json":     `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"A": {"<<": {"type": "string"}}}}}`,
		"duplicate.json": `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "paths": {}}`,
		"codebook.json": `{
  "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
  "paths": {"/a": {"post": {"operationId": "pay",
    "x-codebook": {"provider": 5},
    "responses": {"200": {"description": "ok"}}}}}
}`,
		"crlf.json":     "{\r\n  \"openapi\": \"3.0.3\",\r\n  \"info\": {\"title\": \"t\",\r\n \"version\": \"1\"},\r\n  \"paths\": {}, \"components\": {\"schemas\": {\"A\": {\"type\": \"string\"}}}\r\n}\r\n",
		"unicode.json":  `{"openapi":"3.0.3","info":{"title":"ünï ☃ \u00e9\"q\"","version":"1"},"paths":{},"components":{"schemas":{"A\u00e9":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/B"}}},"B":{"type":"string"}}}}`,
		"required.json": `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"U": {"type": "object", "properties": {"a": {"type": "string", "required": true}}}}}}`,
		"swagger2.json": `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}`,
		"lists.json": `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
  "get": {"parameters": [{"$ref": "#/components/parameters/Q"}], "responses": {"default": {"$ref": "#/components/responses/E"}}}}},
  "components": {"parameters": {"Q": {"name": "q", "in": "query", "schema": {"allOf": [{"type": "object"}, {"$ref": "#/components/schemas/S"}]}}},
  "responses": {"E": {"description": "e", "headers": {"X": {"schema": {"type": "integer"}}}}},
  "schemas": {"S": {"type": "object", "additionalProperties": {"type": "string"}, "example": {"a": [{"b": 1}]}}},
  "securitySchemes": {"o": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://x", "scopes": {"a": "b"}}}}}}}`,
	}
	dir := t.TempDir()
	for name, text := range cases {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		t.Run(name, func(t *testing.T) { sameAsYAMLRoute(t, p) })
	}
}

// A JSON spec's positions stay what the YAML route gave: a bad $ref and an
// x-codebook error at their key, a syntax error at the mistake.
func TestJSONPositions(t *testing.T) {
	doc, err := loadText(t, "spec.json", `{"openapi":"3.0.3","info":{"title":"ünï ☃","version":"1"},"paths":{},`+
		`"components":{"schemas":{"A":{"type":"object","properties":{"a":{"$ref":"#/nope"}}},"B":{"type":"string"}}}}`)
	require.NoError(t, err)
	assert.Equal(t, []string{`spec.json:1:135: $ref "#/nope" does not resolve; dropped (a schema becomes raw JSON)`}, messages(doc))

	doc, err = loadText(t, "spec.json", "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n"+
		"  \"paths\": {\"/a\": {\"post\": {\n    \"x-codebook\": {\"provider\": \"p\"},\n    \"responses\": {}}}}\n}\n")
	require.NoError(t, err)
	op := doc.T.Paths.Value("/a").Post
	assert.Equal(t, "5:5", posTail(doc.FieldPos(op.Origin, "x-codebook").String()))
	assert.Equal(t, "4:20", posTail(doc.Pos(op.Origin).String()))

	syntax := []byte("{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\" \"version\": \"1\"},\n  \"paths\": {}\n}\n")
	_, err = load(context.Background(), "spec.json", syntax, false)
	require.Error(t, err)
	assert.Equal(t, "spec.json:1:1: invalid YAML: `{` opened here is not closed: end it with `}`", err.Error())
}

// posTail is the line:col of a file:line:col.
func posTail(s string) string {
	i := strings.LastIndexByte(s, ':')
	j := strings.LastIndexByte(s[:i], ':')
	return s[j+1:]
}

func TestScanJSONPositions(t *testing.T) {
	root, ok := scanJSON([]byte("{\"a\": [1, {\"b\": \"é\", \"c\\u0041\": {}}],\n \"d\": {\"e\": null}}"))
	require.True(t, ok)
	require.Len(t, root.keys, 2)
	assert.Equal(t, jkey{name: "a", line: 1, col: 2, val: root.keys[0].val}, root.keys[0])
	item := root.keys[0].val.items[1]
	assert.Equal(t, []string{"b", "cA"}, []string{item.keys[0].name, item.keys[1].name})
	assert.Equal(t, [2]int{1, 22}, [2]int{item.keys[1].line, item.keys[1].col})
	assert.Equal(t, [2]int{2, 2}, [2]int{root.keys[1].line, root.keys[1].col})

	for _, bad := range []string{`{"a": 1, "a": 2}`, `[1]`, `{"a": 1`, `{"a": 1}}`, "{\"a\": \"\u2028\"}", "{\"a\":\r1}", `{"<<": {}}`} {
		_, ok := scanJSON([]byte(bad))
		assert.False(t, ok, bad)
	}
}
