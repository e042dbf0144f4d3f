package write

import (
	"go/build"
	"go/format"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// generatedFiles writes files, each carrying the marker, under a temporary
// directory, and returns the directory.
func generatedFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("// "+Marker+"\n\n"+body), 0o644))
	}
	return dir
}

func TestRemoveUnderGoGenerateRetiresGoFiles(t *testing.T) {
	t.Setenv("GOFILE", "main.go")
	dir := generatedFiles(t, map[string]string{
		"old.go":      "package shop\n\nconst Old = 1\n",
		"old_test.go": "package shop_test\n",
		"broken.go":   "not Go at all\n",
		"page.html":   "<p>old</p>\n",
	})
	paths := []string{"old.go", "old_test.go", "broken.go", "page.html"}
	for i, p := range paths {
		paths[i] = filepath.Join(dir, p)
	}
	require.NoError(t, Remove(paths))

	assert.NoFileExists(t, filepath.Join(dir, "page.html"), "go generate reads no HTML: deleted at once")
	for file, pkg := range map[string]string{"old.go": "shop", "old_test.go": "shop_test", "broken.go": "retired"} {
		path := filepath.Join(dir, file)
		require.FileExists(t, path, "go generate listed %s and will read it", file)
		assert.True(t, isRetired(path), file)
		match, err := build.Default.MatchFile(dir, file)
		require.NoError(t, err)
		assert.False(t, match, "%s is out of the build", file)
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, pkg, packageName(src), "%s keeps its package clause", file)
		assert.NotContains(t, string(src), "Old", "nothing of the old declarations is left")
	}
	stale, err := Stale(Files{}, []string{dir})
	require.NoError(t, err)
	assert.Len(t, stale, 3, "a retired file is still stale")

	require.NoError(t, Remove(stale))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the next run deletes what the last one retired")
}

func TestRemoveOutsideGoGenerateDeletes(t *testing.T) {
	t.Setenv("GOFILE", "")
	dir := generatedFiles(t, map[string]string{"old.go": "package shop\n"})
	require.NoError(t, Remove([]string{filepath.Join(dir, "old.go")}))
	assert.NoFileExists(t, filepath.Join(dir, "old.go"))
}

func TestCheckNamesRetiredFiles(t *testing.T) {
	t.Setenv("GOFILE", "main.go")
	dir := generatedFiles(t, map[string]string{"old.go": "package shop\n", "gone.go": "package shop\n"})
	require.NoError(t, Remove([]string{filepath.Join(dir, "old.go")}))
	diff, err := Check(Files{}, []string{dir})
	require.NoError(t, err)
	assert.Contains(t, diff, filepath.Join(dir, "old.go")+": retired, no longer generated (the next go generate ./... removes it)")
	assert.Contains(t, diff, filepath.Join(dir, "gone.go")+": generated file no longer produced (run go generate ./...)")
}

func TestRetiredFileIsGofmtClean(t *testing.T) {
	src := retired("shop")
	formatted, err := format.Source(src)
	require.NoError(t, err)
	assert.Equal(t, string(formatted), string(src))
}

func TestIsRetiredWantsAllThreeMarks(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"no-marker.go": retiredNote + "\n//go:build ignore\n\npackage shop\n",
		"no-note.go":   "// " + Marker + "\n\n//go:build ignore\n\npackage shop\n",
		"no-build.go":  "// " + Marker + "\n\n" + retiredNote + "\n\npackage shop\n",
	} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(body), 0o644))
		assert.False(t, isRetired(path), name)
	}
}
