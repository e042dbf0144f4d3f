package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListAndSelect(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644))
	}
	write("b.yaml", 10)
	write("a.json", SmallLimit+1)
	write("c.yml", SmallLimit)
	write("notes.txt", 1)
	specs, err := List(dir)
	require.NoError(t, err)
	var got []string
	for _, s := range specs {
		got = append(got, s.Name)
	}
	assert.Equal(t, []string{"a", "b", "c"}, got)

	small, err := Select(specs, false, nil)
	require.NoError(t, err)
	assert.Len(t, small, 2)
	all, err := Select(specs, true, nil)
	require.NoError(t, err)
	assert.Len(t, all, 3)
	only, err := Select(specs, false, []string{"a.json", "c"})
	require.NoError(t, err)
	assert.Equal(t, "a", only[0].Name)
	assert.Equal(t, "c", only[1].Name)
	_, err = Select(specs, false, []string{"zzz"})
	assert.ErrorContains(t, err, "zzz")

	_, err = List(t.TempDir())
	assert.Error(t, err)
}

func TestModuleName(t *testing.T) {
	assert.Equal(t, "api.github.com", moduleName("api.github.com"))
	assert.Equal(t, "gotd-bot-api", moduleName("gotd_bot_api"))
	assert.Equal(t, "spec", moduleName("__"))
}

func TestImportsRepo(t *testing.T) {
	std := map[string][]byte{"a.go": []byte("package a\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n")}
	got, err := importsRepo(std)
	require.NoError(t, err)
	assert.False(t, got)
	repo := map[string][]byte{"a.go": []byte("package a\n\nimport _ \"" + ModulePath + "/internal/x\"\n")}
	got, err = importsRepo(repo)
	require.NoError(t, err)
	assert.True(t, got)
}

func TestWriteModuleStandalone(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"client.go": []byte("package client\n")}
	require.NoError(t, WriteModule(dir, "x", files, ""))
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Equal(t, "module example.com/corpus/x\n\ngo 1.24\n", string(gomod))
}

func TestWriteTable(t *testing.T) {
	results := []Result{
		{Spec: Spec{Name: "ok", Size: 2048}, GenTime: 5 * time.Millisecond, Lines: 10},
		{Spec: Spec{Name: "bad", Size: 3 << 20}, GenTime: 1500 * time.Millisecond, Err: errors.New("go vet: exit status 1"), Output: "x.go:1: bad"},
	}
	var b strings.Builder
	require.NoError(t, WriteTable(&b, results))
	out := b.String()
	assert.Contains(t, out, "2.0 KB")
	assert.Contains(t, out, "3.0 MB")
	assert.Contains(t, out, "1.50 s")
	assert.Contains(t, out, "FAIL")
	assert.True(t, strings.HasSuffix(out, "1/2 build and vet\n"), out)
	assert.Equal(t, "bad: go vet: exit status 1\n\tx.go:1: bad", Failure(results[1], 5))
	assert.Equal(t, "", Failure(results[0], 5))
}
