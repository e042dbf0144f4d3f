package docs

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/validate"
)

var dump = flag.String("dump", "", "write the docs of testdata/docs/codes.yaml (or of $CODEBOOK_DUMP_SPEC) into this directory, to look at them")

// Fixtures: the docs tests' own, two of the generator's golden cases, and
// the repository's spec (all read only).
const (
	docsFixture    = "testdata/docs/codes.yaml"
	hostileFixture = "testdata/hostile/codes.yaml"
	okBasic        = "../../gen/testdata/cases/ok_basic/codes.yaml"
	genHostile     = "../../gen/testdata/cases/hostile_text/codes.yaml"
	repoSpec       = "../../../spec/codes.yaml"
)

var fixtures = []string{docsFixture, hostileFixture, okBasic, genHostile, repoSpec}

// loadSpec runs the generator's load and validate stages on a codes file.
func loadSpec(t *testing.T, path string) *model.Spec {
	t.Helper()
	f, loadErr := load.ReadFile(path)
	require.NotNil(t, f, "%v", loadErr)
	spec, err := validate.Spec(f)
	require.NoError(t, diag.Join(loadErr, err))
	return spec
}

// fixtureEndpoints are endpoints as the OpenAPI stage would give them, in
// no particular order. Endpoints of tables a spec lacks are left out.
func fixtureEndpoints(spec *model.Spec) []Endpoint {
	all := []Endpoint{
		{Provider: "acme", Table: "lookup", OperationID: "transactionLookup", Method: "get",
			Path: "/v1/transactions/{ref}", Summary: "Look a transaction up", Auth: []string{"bearer"},
			File: "openapi/acme.yaml"},
		{Provider: "acme", Table: "transact", OperationID: "transact", Method: "post", Path: "/v1/transact",
			Summary: "Send money", Auth: []string{"bearer", "apiKey"}, MoneyMoving: true, File: "openapi/acme.yaml"},
		{Provider: "topit", Table: "topup", OperationID: "topUp", Method: "POST", Path: "/topup",
			Summary: "Top a phone up", MoneyMoving: true, File: "openapi/topit.yaml"},
		{Provider: "hostile", Table: "tbl", OperationID: "op<1>|x", Method: "post", Path: "/a/{b}|*c*",
			Summary: "<script>window.pwned = 1</script>", Auth: []string{"a|b"}, File: "x.yaml"},
	}
	var out []Endpoint
	for _, ep := range all {
		for _, p := range spec.Providers {
			for _, tb := range p.Tables {
				if p.ID == ep.Provider && tb.ID == ep.Table {
					out = append(out, ep)
				}
			}
		}
	}
	return out
}

// emitFixture loads a fixture and emits its docs with the embedded templates.
func emitFixture(t *testing.T, path string) (*model.Spec, map[string][]byte) {
	t.Helper()
	spec := loadSpec(t, path)
	files, err := Emit(Input{Spec: spec, Endpoints: fixtureEndpoints(spec)}, nil)
	require.NoError(t, err)
	return spec, files
}

// decodeCatalogue parses catalogue.json into the emitter's own types.
func decodeCatalogue(t *testing.T, files map[string][]byte) catalogue {
	t.Helper()
	var cat catalogue
	require.NoError(t, json.Unmarshal(files[JSONFile], &cat))
	return cat
}

// TestDump writes the fixture's docs (or CODEBOOK_DUMP_SPEC's) to the
// -dump directory for a person to read, or to a temporary one, and checks
// that every file the emitter promises is there.
func TestDump(t *testing.T) {
	dir := *dump
	if dir == "" {
		dir = t.TempDir()
	}
	path := os.Getenv("CODEBOOK_DUMP_SPEC")
	if path == "" {
		path = docsFixture
	}
	_, files := emitFixture(t, path)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for name, data := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	for _, name := range []string{IndexFile, HTMLFile, JSONFile, SchemaFile} {
		require.FileExists(t, filepath.Join(dir, name))
	}
}
