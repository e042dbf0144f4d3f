package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// TestGeneratedClientRuns generates the client of each golden case that
// has a testdata/runtime/<case>_test.go.txt, adds that file as a test of the
// generated package and runs go test there: the tests call the client
// against a fake server. Skipped with -short.
func TestGeneratedClientRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on generated clients; skipped with -short")
	}
	tests, err := filepath.Glob("testdata/runtime/*_test.go.txt")
	if err != nil || len(tests) == 0 {
		t.Fatalf("no runtime tests: %v", err)
	}
	for _, path := range tests {
		name := strings.TrimSuffix(filepath.Base(path), "_test.go.txt")
		t.Run(name, func(t *testing.T) { runRuntimeTest(t, name, path) })
	}
}

// runRuntimeTest generates the golden case name into a module of its own
// with the test at path, and runs go test there.
func runRuntimeTest(t *testing.T, name, path string) {
	spec, err := filepath.Glob(filepath.Join("testdata/golden", name, "spec.*"))
	if err != nil || len(spec) != 1 {
		t.Fatalf("golden case %s has no single spec file: %v", name, spec)
	}
	res, err := oapi.Generate(context.Background(), spec[0], oapi.Config{PackageName: "client"})
	if err != nil {
		t.Fatal(err)
	}
	test, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{name + "_test.go": test}
	for n, src := range res.Files {
		files[n] = src
	}
	dir := t.TempDir()
	if err := corpus.WriteModule(dir, name, files, ""); err != nil {
		t.Fatal(err)
	}
	if out, err := corpus.Go(context.Background(), dir, "test", "-count=1", "./..."); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
