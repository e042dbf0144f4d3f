package browser

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/emit/docs"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/validate"
)

// The docs tests' own fixtures, read from package docs' testdata.
const (
	docsFixture    = "../testdata/docs/codes.yaml"
	hostileFixture = "../testdata/hostile/codes.yaml"
)

// loadSpec runs the generator's load and validate stages on a codes file.
func loadSpec(t *testing.T, path string) *model.Spec {
	t.Helper()
	f, loadErr := load.ReadFile(path)
	require.NotNil(t, f, "%v", loadErr)
	spec, err := validate.Spec(f)
	require.NoError(t, diag.Join(loadErr, err))
	return spec
}

// fixtureEndpoints are endpoints as the OpenAPI stage would give them, the
// same as package docs' tests use. Endpoints of tables a spec lacks are
// left out.
func fixtureEndpoints(spec *model.Spec) []docs.Endpoint {
	all := []docs.Endpoint{
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
	var out []docs.Endpoint
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

// catalogue is the part of catalogue.json the page's search rule reads
// (catalogue.schema.json documents all of it).
type catalogue struct {
	Providers []struct {
		ID     string `json:"id"`
		Tables []struct {
			Rows []struct {
				Anchor   string   `json:"anchor"`
				Code     *string  `json:"code"`
				Message  string   `json:"message"`
				Match    []string `json:"match"`
				Category string   `json:"category"`
				Outcome  string   `json:"outcome"`
			} `json:"rows"`
		} `json:"tables"`
	} `json:"providers"`
}

// decodeCatalogue parses the emitted catalogue.json.
func decodeCatalogue(t *testing.T, files map[string][]byte) catalogue {
	t.Helper()
	var cat catalogue
	require.NoError(t, json.Unmarshal(files[docs.JSONFile], &cat))
	return cat
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// findCategory is the text the page searches for a category: the name, and
// the name with spaces for underscores (package docs' html.go does the same).
func findCategory(c string) string {
	if spaced := strings.ReplaceAll(c, "_", " "); spaced != c {
		return c + " " + spaced
	}
	return c
}
