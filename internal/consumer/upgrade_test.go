package consumer

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
	"github.com/codebookgen/codebook/internal/write"
)

// TestGoGenerateAfterAnUpgrade: a module whose generated package holds files
// an older codebook wrote and this one no longer produces (a source file, a
// test file, and a whole package). go generate lists every package's files
// before it runs the directive, and reads each listed file afterwards, so a
// generator that deletes a listed file stops go generate with "no such file
// or directory", and the directives after it never run. The first go
// generate must succeed, leave a module that builds and vets, and leave the
// retired files out of every build; check must name them; the second go
// generate must remove them and leave check clean.
func TestGoGenerateAfterAnUpgrade(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	dir := newModule(t, "example.com/upgrader", false, map[string]string{
		"codes.yaml": smallSpec,
		"main.go": `package main

` + "//go:" + `generate go tool codebook generate -codes codes.yaml -out codes

import (
	"fmt"

	"example.com/upgrader/codes/shoppay"
)

func main() {
	fmt.Println(shoppay.TableCharge)
}
`,
		"zlater/later.go": "package zlater\n\n" + "//go:" + "generate go run ../tools/touch.go ran\n",
		"tools/touch.go": `//go:build ignore

package main

import "os"

func main() {
	if err := os.WriteFile(os.Args[1], nil, 0o644); err != nil {
		panic(err)
	}
}
`,
	})
	goGetTool(t, dir)
	testmod.Go(t, dir, "generate", "./...")

	retired := map[string]string{
		"codes/shoppay/retired.go":      "package shoppay\n\n// Retired is what an older codebook declared.\nconst Retired = 1\n",
		"codes/shoppay/retired_test.go": "package shoppay\n\nimport \"testing\"\n\nfunc TestRetired(t *testing.T) { t.Fatal(\"an older codebook's test\") }\n",
		"codes/gone/gone.go":            "package gone\n\n// Gone is a package an older codebook generated.\nconst Gone = 1\n",
	}
	for name, body := range retired {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte("// "+write.Marker+"\n\n"+body), 0o644))
	}
	require.NoError(t, os.Remove(filepath.Join(dir, "zlater", "ran")))

	out, err := testmod.RunGo(dir, "generate", "./...")
	require.NoError(t, err, "the first go generate after the upgrade:\n%s", out)
	assert.FileExists(t, filepath.Join(dir, "zlater", "ran"), "the directives after the generator's ran")
	testmod.Go(t, dir, "vet", "./...")
	testmod.Go(t, dir, "test", "./...") // the retired test, which fails, is out of the build
	for name := range retired {
		assert.FileExists(t, filepath.Join(dir, name), "retired, not removed, while go generate runs")
	}
	list := testmod.Go(t, dir, "list", "-f", "{{.ImportPath}} {{.GoFiles}} {{.TestGoFiles}}", "./...")
	assert.NotContains(t, list, "retired", "a retired file is out of every build")
	assert.NotContains(t, list, "gone", "a package of retired files only is no package")

	checkOut, err := testmod.RunGo(dir, "tool", "codebook", "check", "-codes", "codes.yaml", "-out", "codes")
	require.Error(t, err, "check, with retired files on disk")
	for name := range retired {
		assert.Contains(t, checkOut, filepath.Join("codes", filepath.Base(filepath.Dir(name)), filepath.Base(name)), "check names each retired file")
	}

	testmod.Go(t, dir, "generate", "./...")
	for name := range retired {
		assert.NoFileExists(t, filepath.Join(dir, name), "the second go generate removes the retired files")
	}
	testmod.Go(t, dir, "tool", "codebook", "check", "-codes", "codes.yaml", "-out", "codes")
}
