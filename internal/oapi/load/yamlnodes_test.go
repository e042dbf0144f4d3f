package load

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasdiff/yaml"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yamlSpecs lists the YAML specs of the test data, of the repository's
// specs and cases, and (unless -short) of the shared corpus.
func yamlSpecs(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, pattern := range []string{
		"testdata/*.yaml", "../../../spec/openapi/*.yaml", "../../gen/testdata/cases/*/openapi/*.yaml",
		"../testdata/golden/*/*.yaml", "../testdata/golden/*.yaml",
	} {
		ps, _ := filepath.Glob(pattern)
		paths = append(paths, ps...)
	}
	if !testing.Short() {
		ps, _ := filepath.Glob(filepath.Join(corpusDir, "*.yml"))
		paths = append(paths, ps...)
	}
	require.NotEmpty(t, paths)
	return paths
}

// Every YAML spec loads from one parse of its nodes with the same
// document, warnings and origins (or the same error) as through
// kin-openapi's YAML route.
func TestYAMLNodesMatchYAMLRoute(t *testing.T) {
	for _, p := range yamlSpecs(t) {
		t.Run(p, func(t *testing.T) { sameAsYAMLRoute(t, p) })
	}
}

// The corpus's YAML specs do take the one-parse route (not the fallback),
// and the JSON it writes holds the values kin-openapi's YAML route decodes.
func TestYAMLNodesApplyToTheCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus")
	}
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*.yml"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.NotNil(t, loadYAMLNodes(context.Background(), p, data), p)
		sameValues(t, p, data)
	}
}

// sameValues checks that the JSON the converter writes for data decodes to
// what kin-openapi's YAML route decodes data to.
func sameValues(t *testing.T, name string, data []byte) {
	t.Helper()
	root, ok := parseNodes(data)
	require.True(t, ok, name)
	c := newConverter()
	_, ok = c.value(root)
	require.True(t, ok, name)
	var want, got any
	_, err := yaml.Unmarshal(data, &want, yaml.DecodeOpts{DisableTimestamps: true})
	require.NoError(t, err, name)
	require.NoError(t, json.Unmarshal(c.out.Bytes(), &got), name)
	assert.Equal(t, want, got, name)
}

// YAML that the conversion leaves to kin-openapi's YAML route, and YAML it
// converts with care, load both ways alike.
func TestYAMLNodesMessagesAsYAMLRoute(t *testing.T) {
	head := "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n"
	cases := map[string]string{
		"anchors.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B: *a\n",
		"merge.yaml":     head + "paths: {}\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B:\n      <<: *a\n      description: d\n",
		"tags.yaml":      head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: !!str string, example: !!binary aGk=}\n",
		"dup.yaml":       head + "paths: {}\npaths: {}\n",
		"intkeys.yaml":   head + "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n        0x1F: {description: hex}\n        \"201\": {description: s}\n",
		"samekey.yaml":   head + "paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n        \"200\": {description: s}\n",
		"numbers.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: number, minimum: 1.0, maximum: 1e3, default: -0, example: 0o17, enum: [.5, 1_000, +3, 12345678901234567890]}\n",
		"special.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: number, example: .inf}\n",
		"strings.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, description: \"<&> \\\"q\\\" é \\u2028 \\t\", example: 2020-01-01, default: yes, pattern: ~}\n",
		"origin.yaml":    head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, __origin__: x}\n",
		"syntax.yaml":    head + "paths: {\n",
		"list.yaml":      "- a\n- b\n",
		"empty.yaml":     "",
		"nullkey.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {~: {type: string}}}\n",
		"boolkey.yaml":   head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {true: {type: string}}}\n",
		"multi.yaml":     head + "paths: {}\n---\nopenapi: 3.1.0\n",
		"case.yaml":      head + "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, description: a, Description: b}\n",
		"badref.yaml":    head + "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
		"crlf.yaml":      strings.ReplaceAll(head+"paths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n", "\n", "\r\n"),
		"multiline.yaml": head + "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n      description: |\n        two\n        lines\n    \"B\u00e9\":\n      type: object\n      properties:\n        ? x\n        : {type: string}\n",
	}
	dir := t.TempDir()
	for name, text := range cases {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		t.Run(name, func(t *testing.T) { sameAsYAMLRoute(t, p) })
	}
}

// What the conversion takes and what it leaves to kin-openapi's YAML route.
func TestYAMLNodesConversion(t *testing.T) {
	convert := func(text string) (string, bool) {
		root, ok := parseNodes([]byte(text))
		if !ok {
			return "", false
		}
		c := newConverter()
		_, ok = c.value(root)
		return c.out.String(), ok
	}
	out, ok := convert("b: [1, -2, 1.50, true, ~, 'x<y', 2020-01-01]\na: {200: \"\u00e9\", \"c\": 1e3}\n")
	require.True(t, ok)
	assert.Equal(t, `{"a":{"200":"é","c":1000},"b":[1,-2,1.5,true,null,"x\u003cy","2020-01-01"]}`, out)
	for _, text := range []string{"a: &x [*x]\n", "a: !!str 1\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "0x1: a\n", "~: a\n", "a: .nan\n", "a: !t 1\n"} {
		_, ok := convert(text)
		assert.False(t, ok, text)
	}
}
