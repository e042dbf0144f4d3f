package oapi

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the expected output of the golden cases under testdata/golden")

// TestGolden generates every case of testdata/golden (a directory holding
// spec.yaml or spec.json and, optionally, config.json) and compares the
// files and warnings with the case's expected/ directory.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/golden/*")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) { runGolden(t, dir) })
	}
}

// runGolden runs one golden case.
func runGolden(t *testing.T, dir string) {
	cfg := caseConfig(t, dir)
	res, err := Generate(context.Background(), caseSpec(t, dir), cfg)
	require.NoError(t, err)
	got := map[string]string{"warnings.txt": warningsText(res.Warnings)}
	for name, src := range res.Files {
		got[name] = string(src)
		checkGenerated(t, name, src, res, cfg)
	}
	compareDir(t, filepath.Join(dir, "expected"), got)
}

// caseConfig reads a case's config.json; the package defaults to "client".
func caseConfig(t *testing.T, dir string) Config {
	var raw struct {
		Package  string `json:"package"`
		Codebook bool   `json:"codebook"`
	}
	if data, err := os.ReadFile(filepath.Join(dir, "config.json")); err == nil {
		require.NoError(t, json.Unmarshal(data, &raw))
	}
	if raw.Package == "" {
		raw.Package = "client"
	}
	return Config{PackageName: raw.Package, Codebook: raw.Codebook}
}

// caseSpec finds a case's spec file.
func caseSpec(t *testing.T, dir string) string {
	for _, name := range []string{"spec.yaml", "spec.json"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p
		}
	}
	t.Fatalf("%s: no spec.yaml or spec.json", dir)
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// warningsText renders warnings one per line.
func warningsText(ws []Warning) string {
	var b strings.Builder
	for _, w := range ws {
		b.WriteString(w.String() + "\n")
	}
	return b.String()
}

// compareDir compares got with the files of dir, or rewrites dir with -update.
func compareDir(t *testing.T, dir string, got map[string]string) {
	if *update {
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for name, content := range got {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
		}
		return
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err, "run go test -run TestGolden -update to create the expected output")
	var want []string
	for _, e := range entries {
		want = append(want, e.Name())
	}
	require.Equal(t, want, sortedNames(got), "file set differs; run with -update if the change is intended")
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		if string(data) != got[name] {
			t.Errorf("%s differs from %s (- want, + got; run with -update if intended):\n%s",
				name, dir, lineDiff(string(data), got[name]))
		}
	}
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
