package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/write"
)

// consumerModule writes files into a new module that depends on this one
// through a replace directive, as a user's repository would, and returns
// its directory.
func consumerModule(t *testing.T, files write.Files) string {
	t.Helper()
	dir := t.TempDir()
	root := moduleRoot(t)
	gomod := "module example.com/consumer\n\ngo 1.24\n\nrequire github.com/codebookgen/codebook v0.0.0\n\n" +
		"replace github.com/codebookgen/codebook => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	files["go.mod"], files["go.sum"] = []byte(gomod), sum
	for path, data := range files {
		full := filepath.Join(dir, path)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, data, 0o644))
	}
	return dir
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// goCmd runs the go command in dir and fails the test with its output.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	return string(out)
}

// TestGeneratedCodeCompilesAndWorks builds the output of every generating
// golden case in a consumer module, vets it, and runs a test program
// against the ok_basic case.
func TestGeneratedCodeCompilesAndWorks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	files := write.Files{}
	for _, c := range []string{"ok_basic", "hostile_text"} {
		out, err := Generate(Config{Codes: filepath.Join("testdata/cases", c, "codes.yaml"), Out: "."})
		require.NoError(t, err)
		for path, data := range out {
			files[path] = data
		}
	}
	exercise, err := os.ReadFile("testdata/exercise/acme_test.go.txt")
	require.NoError(t, err)
	files["acme/acme_test.go"] = exercise
	dir := consumerModule(t, files)
	goCmd(t, dir, "vet", "./...")
	out := goCmd(t, dir, "test", "-count=1", "./...")
	require.Contains(t, out, "ok  \texample.com/consumer/acme")
}
