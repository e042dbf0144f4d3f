package oapi_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// TestGoldenClientsWork generates the client of every golden case (but
// those in codebook mode, which need the code tables another generator
// emits) into a module of its own and runs go vet there, which also
// type-checks it; a case with testdata/runtime/<case>_test.go.txt gets
// that file as a test of the generated package, run with go test: it calls
// the client against a fake server. Skipped with -short.
func TestGoldenClientsWork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet and go test on generated clients; skipped with -short")
	}
	dirs, err := filepath.Glob("testdata/golden/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, dir := range dirs {
		if codebookMode(t, dir) {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) { checkGoldenClient(t, dir) })
	}
}

// codebookMode reports whether a golden case's config.json asks for
// codebook mode.
func codebookMode(t *testing.T, dir string) bool {
	var cfg struct {
		Codebook bool `json:"codebook"`
	}
	if data, err := os.ReadFile(filepath.Join(dir, "config.json")); err == nil {
		if err := json.Unmarshal(data, &cfg); err != nil {
			t.Fatal(err)
		}
	}
	return cfg.Codebook
}

// checkGoldenClient vets (and, with a runtime test, tests) the client of
// the golden case in dir.
func checkGoldenClient(t *testing.T, dir string) {
	name := filepath.Base(dir)
	spec, err := filepath.Glob(filepath.Join(dir, "spec.*"))
	if err != nil || len(spec) != 1 {
		t.Fatalf("golden case %s has no single spec file: %v", name, spec)
	}
	res, err := oapi.Generate(context.Background(), spec[0], oapi.Config{PackageName: "client"})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for n, src := range res.Files {
		files[n] = src
	}
	test, err := os.ReadFile(filepath.Join("testdata/runtime", name+"_test.go.txt"))
	hasTest := err == nil
	if hasTest {
		files[name+"_test.go"] = test
	}
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	if err := corpus.WriteModule(mod, name, files, root); err != nil {
		t.Fatal(err)
	}
	if out, err := corpus.Go(context.Background(), mod, "vet", "./..."); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !hasTest {
		return
	}
	if out, err := corpus.Go(context.Background(), mod, "test", "-count=1", "./..."); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
