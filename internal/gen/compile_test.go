package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
)

// TestGeneratedCodeCompilesAndWorks builds the output of every generating
// golden case (ok_combined: code tables and a client in one package) in a
// consumer module, vets it, and runs a test program against the ok_basic
// case.
func TestGeneratedCodeCompilesAndWorks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	files := map[string][]byte{}
	for _, c := range []string{"ok_basic", "hostile_text", "ok_combined"} {
		out, err := Generate(caseConfig(filepath.Join("testdata/cases", c), "."))
		require.NoError(t, err)
		for path, data := range out {
			files[path] = data
		}
	}
	exercise, err := os.ReadFile("testdata/exercise/acme_test.go.txt")
	require.NoError(t, err)
	files["acme/acme_test.go"] = exercise
	dir := testmod.Consumer(t, files)
	testmod.Go(t, dir, "vet", "./...")
	out := testmod.Go(t, dir, "test", "-count=1", "./...")
	require.Contains(t, out, "ok  \texample.com/consumer/acme")
}
