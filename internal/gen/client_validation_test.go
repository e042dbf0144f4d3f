package gen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
)

// Client validates the spec concurrently with building and emitting; its
// warnings are those of validating first (load.Load, then build.Build),
// in the same order, on specs with validation complaints and without.
func TestClientWarningsAsValidatingFirst(t *testing.T) {
	specs := []string{
		"../oapi/load/testdata/invalid.yaml", "../oapi/load/testdata/broken.yaml",
		"../oapi/load/testdata/v31.json", "../oapi/testdata/golden/repair/spec.yaml",
		"../oapi/testdata/golden/errors/spec.yaml", "../oapi/testdata/golden/hostile/spec.yaml",
	}
	if !testing.Short() {
		for _, name := range clientBenchSpecs[:2] {
			specs = append(specs, filepath.Join("..", "..", "..", "shared", "corpus", "openapi", name))
		}
	}
	validated := 0
	for _, spec := range specs {
		if _, err := os.Stat(spec); err != nil {
			continue
		}
		ctx := context.Background()
		doc, err := load.Load(ctx, spec)
		if err != nil {
			continue
		}
		api, err := build.Build(doc, build.Options{Reserved: emit.Reserved()})
		require.NoError(t, err, spec)
		var want []string
		for _, w := range api.Warnings {
			want = append(want, w.String())
		}
		out, err := Client(ctx, ClientConfig{Spec: spec, Package: "p", Out: "out"})
		require.NoError(t, err, spec)
		assert.Equal(t, want, out.Warnings, spec)
		for _, w := range doc.Warnings {
			if strings.HasPrefix(w.Msg, "spec does not validate: ") {
				validated++
			}
		}
	}
	assert.Positive(t, validated, "no spec had validation warnings")
}
