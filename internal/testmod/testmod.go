// Package testmod builds throwaway Go modules for tests: a consumer module
// that depends on this repository through a replace directive, as a user's
// repository would, and a helper that runs the go command inside it.
package testmod

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
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

// RunGoEnv is RunGo with extra environment variables (NAME=value), which
// override the inherited ones.
func RunGoEnv(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Requirements returns the module paths the go.mod in dir requires, in the
// file's order.
func Requirements(t testing.TB, dir string) []string {
	t.Helper()
	var mod struct{ Require []struct{ Path string } }
	require.NoError(t, json.Unmarshal([]byte(Go(t, dir, "mod", "edit", "-json")), &mod))
	paths := make([]string, len(mod.Require))
	for i, r := range mod.Require {
		paths[i] = r.Path
	}
	return paths
}

// SumModules returns the modules whose code (not only go.mod) the go.sum in
// dir holds a checksum for: what was downloaded, sorted. A missing go.sum
// holds none.
func SumModules(t testing.TB, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	var mods []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && !strings.HasSuffix(f[1], "/go.mod") && !slices.Contains(mods, f[0]) {
			mods = append(mods, f[0])
		}
	}
	slices.Sort(mods)
	return mods
}

// Files writes files (paths relative to the directory, slash-separated)
// into a new temporary directory and returns it.
func Files(t testing.TB, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for path, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(path))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, data, 0o644))
	}
	return dir
}
