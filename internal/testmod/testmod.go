// Package testmod builds throwaway Go modules for tests: a consumer module
// that depends on this repository through a replace directive, as a user's
// repository would, and a helper that runs the go command inside it.
package testmod

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// Root returns the directory of this repository's go.mod.
func Root(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	require.True(t, ok, "runtime.Caller failed")
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Consumer writes files (paths relative to the module root) into a new
// module example.com/consumer that requires this repository, and returns
// its directory. The repository's go.sum is copied so that no download of
// a dependency is needed beyond what the module cache already holds.
func Consumer(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	root := Root(t)
	gomod := "module example.com/consumer\n\ngo 1.24\n\nrequire github.com/codebookgen/codebook v0.0.0\n\n" +
		"replace github.com/codebookgen/codebook => " + root + "\n"
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)
	all := map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum}
	for path, data := range files {
		all[path] = data
	}
	for path, data := range all {
		full := filepath.Join(dir, filepath.FromSlash(path))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, data, 0o644))
	}
	return dir
}

// Go runs the go command in dir, fails the test with its output when it
// fails, and returns the output.
func Go(t testing.TB, dir string, args ...string) string {
	t.Helper()
	out, err := RunGo(dir, args...)
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
	return out
}

// RunGo runs the go command in dir with module mode forced on and any
// workspace off, and returns its combined output and error.
func RunGo(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	return string(out), err
}
