package load

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadValidationProblemsBecomeWarnings(t *testing.T) {
	doc, err := Load(context.Background(), "testdata/invalid.yaml")
	require.NoError(t, err)
	require.Len(t, doc.Warnings, 1)
	w := doc.Warnings[0]
	assert.Equal(t, "testdata/invalid.yaml:11:5", w.Pos.String())
	assert.Contains(t, w.Msg, "items")
}

func TestLoad31JSON(t *testing.T) {
	doc, err := Load(context.Background(), "testdata/v31.json")
	require.NoError(t, err)
	assert.True(t, doc.Is31())
	s := doc.T.Components.Schemas["Name"].Value
	assert.True(t, s.Type.IncludesNull())
	assert.Equal(t, "testdata/v31.json:5:30", doc.Pos(s.Origin).String())
}

func TestLoadErrorsArePositioned(t *testing.T) {
	cases := map[string]string{
		"testdata/broken.yaml":   "testdata/broken.yaml:",
		"testdata/swagger2.yaml": "testdata/swagger2.yaml:1:1: not an OpenAPI 3",
		"testdata/missing.yaml":  "missing.yaml",
	}
	for path, prefix := range cases {
		_, err := Load(context.Background(), path)
		require.Error(t, err, path)
		assert.True(t, strings.Contains(err.Error(), prefix), "%s: %v", path, err)
	}
}
