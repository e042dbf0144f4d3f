package oapi_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/needs"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// TestCorpus generates a client for each real-world spec of the shared
// corpus and checks that it passes go build and go vet. By default it
// checks the small specs (at most corpus.SmallLimit bytes);
// CODEBOOK_CORPUS=all checks every spec and CODEBOOK_CORPUS=name,... the
// named ones. The corpus is read from ../shared/corpus/openapi beside the
// repository root; without it the test says so in plain go test output
// and skips (fails under CI=true: needs.Component); it is skipped with -short.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build and go vet on generated clients; skipped with -short")
	}
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := corpus.ResolveDir("", root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		needs.Component(t, "the OpenAPI corpus", fmt.Sprintf("no corpus at %s (%v): put ../shared/corpus/openapi beside the repository root %s", dir, err, root))
	}
	specs := corpusSpecs(t, dir)
	var results []corpus.Result
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			r := corpus.Check(context.Background(), s, corpus.Options{Root: root})
			results = append(results, r)
			t.Logf("%s: generate %v, %d lines, %d warnings, build+vet %v", s.Name, r.GenTime, r.Lines, len(r.Warnings), r.CheckTime)
			if !r.OK() {
				t.Error(corpus.Failure(r, 40))
			}
		})
	}
	var table strings.Builder
	if err := corpus.WriteTable(&table, results); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + table.String())
}

// corpusSpecs lists the specs CODEBOOK_CORPUS selects.
func corpusSpecs(t *testing.T, dir string) []corpus.Spec {
	specs, err := corpus.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	sel := os.Getenv("CODEBOOK_CORPUS")
	var only []string
	if sel != "" && sel != "all" {
		only = strings.Split(sel, ",")
	}
	specs, err = corpus.Select(specs, sel == "all", only)
	if err != nil {
		t.Fatal(err)
	}
	return specs
}
