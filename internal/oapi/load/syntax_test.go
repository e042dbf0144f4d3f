package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// YAML syntax errors in an OpenAPI file are reported at the mistake, line
// and column, every one of them (internal/load's syntax pass), not at the
// line yaml.v3 names with column 1.
func TestYAMLSyntaxErrorsAtTheMistake(t *testing.T) {
	_, err := Load(context.Background(), "testdata/broken.yaml")
	require.Error(t, err)
	assert.Equal(t, "testdata/broken.yaml:2:7: invalid YAML: `{` opened here is not closed: end it with `}`", err.Error())

	path := filepath.Join(t.TempDir(), "spec.yaml")
	require.NoError(t, os.WriteFile(path, []byte("openapi: 3.0.3\ninfo:\n  title: \"Shop\n  version: \"1\"\npaths:\n"+
		"  /a:\n    get:\n      responses:\n        \"200\":\n\t  description: ok\n"), 0o644))
	_, err = Load(context.Background(), path)
	require.Error(t, err)
	assert.Equal(t, path+":3:10: invalid YAML: the quote opened here is not closed: close it, or escape the quotes inside it\n"+
		path+":10:1: invalid YAML: a tab in the indentation: YAML indents with spaces only", err.Error())
}
