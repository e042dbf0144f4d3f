package oapi_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/needs"
	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// unionCount counts a spec's unions: all of them, those whose every
// variant refuses every other's JSON (told), and those where at least one
// variant checks something (some).
type unionCount struct{ total, told, some int }

// countUnions walks the model of one spec.
func countUnions(api *model.API) unionCount {
	var c unionCount
	for _, t := range api.Types {
		if t.Kind != model.KindUnion {
			continue
		}
		c.total++
		if t.VariantsTold() {
			c.told++
		}
		for _, v := range t.Variants {
			if !v.Check.Empty() || (t.Discriminator != "" && len(v.Tags) > 0) {
				c.some++
				break
			}
		}
	}
	return c
}

// corpusDir returns the corpus directory, or stops the test as needs says
// when it is missing.
func corpusDir(t *testing.T) string {
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := corpus.ResolveDir("", root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		needs.Component(t, "the OpenAPI corpus", fmt.Sprintf("no corpus at %s (%v)", dir, err))
	}
	return dir
}

// TestCorpusUnionChecks counts, over every spec of the corpus, the unions
// whose variants As methods tell apart, and prints the figure (go test
// -run TestCorpusUnionChecks -v). It fails when a spec's count of told
// unions falls below what it was when the check was written, or when a
// union that is told apart has a variant without a check. Skipped with
// -short: it builds the model of the large specs (k8s, GitHub).
func TestCorpusUnionChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the model of every corpus spec; skipped with -short")
	}
	specs, err := corpus.List(corpusDir(t))
	if err != nil {
		t.Fatal(err)
	}
	floor := map[string]int{"api.github.com": 35, "gotd_bot_api": 11, "telegram_bot_api": 23, "openai": 6, "superset": 1}
	var all unionCount
	var lines []string
	for _, s := range specs {
		res, err := oapi.Generate(context.Background(), s.Path, oapi.Config{PackageName: "client"})
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		c := countUnions(res.API)
		checkToldHaveChecks(t, s.Name, res.API)
		if c.told < floor[s.Name] {
			t.Errorf("%s: %d unions told apart, want at least %d", s.Name, c.told, floor[s.Name])
		}
		all.total, all.told, all.some = all.total+c.total, all.told+c.told, all.some+c.some
		if c.total > 0 {
			lines = append(lines, fmt.Sprintf("%-18s %3d unions, %3d told apart, %3d checked in part", s.Name, c.total, c.told, c.some))
		}
	}
	lines = append(lines, fmt.Sprintf("%-18s %3d unions, %3d told apart, %3d checked in part", "corpus", all.total, all.told, all.some))
	t.Log("\n" + strings.Join(lines, "\n"))
	if all.total == 0 {
		t.Fatal("no union in the corpus: the walk is broken")
	}
}

// checkToldHaveChecks asserts that every variant of a union told apart
// checks something, so Which and the As methods can refuse.
func checkToldHaveChecks(t *testing.T, spec string, api *model.API) {
	for _, u := range api.Types {
		if u.Kind != model.KindUnion || !u.VariantsTold() {
			continue
		}
		for _, v := range u.Variants {
			if v.Check.Empty() && len(v.Tags) == 0 {
				t.Errorf("%s: union %s is told apart but its variant %s checks nothing", spec, u.Name, v.Label)
			}
		}
	}
}
