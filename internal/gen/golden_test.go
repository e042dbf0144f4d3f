package gen

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/write"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/cases")

// Each directory of testdata/cases is one case: codes.yaml is the input,
// with the OpenAPI files of openapi/ when it has one (ok_combined: code
// tables and a client in one package); want/ holds the expected files, or
// errors.txt the expected problems, one file:line:col: message per line.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/cases/*")
	require.NoError(t, err)
	require.NotEmpty(t, cases)
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) { goldenCase(t, dir) })
	}
}

func goldenCase(t *testing.T, dir string) {
	files, err := Generate(caseConfig(dir, "out"))
	errPath := filepath.Join(dir, "errors.txt")
	if err != nil {
		var de *diag.Error
		require.True(t, errors.As(err, &de), "a spec problem must come back as a *diag.Error, got %T: %v", err, err)
		compareGolden(t, errPath, []byte(err.Error()+"\n"))
		assert.NoDirExists(t, filepath.Join(dir, "want"), "the case fails, so it must not have expected files")
		return
	}
	assert.NoFileExists(t, errPath, "the case generates, so it must not expect errors")
	want := filepath.Join(dir, "want")
	if *update {
		require.NoError(t, os.RemoveAll(want))
	}
	for path, data := range files {
		compareGolden(t, filepath.Join(want, strings.TrimPrefix(path, "out"+string(filepath.Separator))), data)
	}
	assertNoExtraGolden(t, want, files)
}

// caseConfig is the configuration of the case in dir, writing under out.
func caseConfig(dir, out string) Config {
	cfg := Config{Codes: filepath.Join(dir, "codes.yaml"), Out: out}
	if st, err := os.Stat(filepath.Join(dir, "openapi")); err == nil && st.IsDir() {
		cfg.OpenAPI = filepath.Join(dir, "openapi")
	}
	return cfg
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./internal/gen -run TestGolden -update")
	assert.Equal(t, string(want), string(got), "%s differs (-want +got); run with -update if the change is intended", path)
}

func assertNoExtraGolden(t *testing.T, want string, files write.Files) {
	t.Helper()
	err := filepath.WalkDir(want, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(want, path)
		_, ok := files[filepath.Join("out", rel)]
		assert.True(t, ok, "golden file %s is no longer generated", path)
		return nil
	})
	require.NoError(t, err)
}
