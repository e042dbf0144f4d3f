package fidelity_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/needs"
	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
	"github.com/codebookgen/codebook/internal/oapi/fidelity"
	"github.com/codebookgen/codebook/internal/oapi/load"
)

// contradictionsFile is the known list: examples the spec's own schema
// refuses.
const contradictionsFile = "testdata/contradictions.tsv"

// TestExamplesRoundTrip decodes every example of every JSON request and
// response body of the corpus specs into the generated client's types and
// encodes it back: each must come back equal, or be listed in
// testdata/contradictions.tsv (whose entries must really fail, see
// TestContradictionsAreRefusedBySchema). By default it checks the small
// specs (corpus.SmallLimit); CODEBOOK_CORPUS=all checks every spec (make
// corpus), CODEBOOK_CORPUS=name,... the named ones. Skipped with -short.
func TestExamplesRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated program per spec; skipped with -short")
	}
	root, specs := corpusSpecs(t)
	known := contradictions(t)
	var table strings.Builder
	var sum [3]int
	fmt.Fprintf(&table, "| spec | examples | decoded | equal | listed contradictions |\n|---|---:|---:|---:|---:|\n")
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			rep := fidelity.RoundTrip(context.Background(), s, root)
			if rep.Err != nil {
				t.Fatalf("%s: %v", s.Name, rep.Err)
			}
			d, e, n := rep.Counts()
			listed := checkCases(t, rep, known[s.Name])
			sum[0], sum[1], sum[2] = sum[0]+d, sum[1]+e, sum[2]+n
			fmt.Fprintf(&table, "| %s | %d | %d | %d | %d |\n", s.Name, n, d, e, listed)
		})
	}
	fmt.Fprintf(&table, "| **total** | %d | %d | %d | |\n", sum[2], sum[0], sum[1])
	t.Log("\n" + table.String())
}

// checkCases fails t for every example that did not come back equal and is
// not listed, and for every listed one that now comes back equal or is no
// longer found. It returns how many listed examples it saw.
func checkCases(t *testing.T, rep fidelity.Report, listed map[string]fidelity.Contradiction) int {
	t.Helper()
	seen := 0
	for _, c := range rep.Cases {
		k, isListed := listed[c.ID]
		switch {
		case isListed && c.Equal():
			t.Errorf("%s:%d: %s comes back equal now: remove it from the list", contradictionsFile, k.Line, c.ID)
		case isListed:
			seen++
		case !c.Decoded():
			t.Errorf("%s: %s does not round-trip: %s\n%s\nexample: %s", rep.Spec.Name, c.ID, c.Err, verdict(c), short(c.Example))
		case !c.Equal():
			t.Errorf("%s: %s comes back different: %s\n%s\nexample: %s", rep.Spec.Name, c.ID, c.Diff, verdict(c), short(c.Example))
		}
	}
	if seen != len(listed) {
		for id, k := range listed {
			if !hasCase(rep, id) {
				t.Errorf("%s:%d: %s is not an example of %s: remove it from the list", contradictionsFile, k.Line, id, rep.Spec.Name)
			}
		}
	}
	return seen
}

// TestContradictionsAreRefusedBySchema checks the known list: every entry
// names an example of a corpus spec, with a reason, and kin-openapi's
// validation of the example against its body's schema fails, so the list
// cannot hide a generator bug behind an example the schema accepts.
func TestContradictionsAreRefusedBySchema(t *testing.T) {
	root, specs := corpusSpecs(t)
	_ = root
	byName := map[string]corpus.Spec{}
	for _, s := range specs {
		byName[s.Name] = s
	}
	all, err := corpus.List(filepath.Dir(specs[0].Path))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		byName[s.Name] = s
	}
	for name, listed := range contradictions(t) {
		s, ok := byName[name]
		if !ok {
			t.Errorf("%s: no corpus spec named %s", contradictionsFile, name)
			continue
		}
		cases := examples(t, s)
		for id, k := range listed {
			c, ok := cases[id]
			if !ok {
				t.Errorf("%s:%d: %s has no example %s", contradictionsFile, k.Line, name, id)
				continue
			}
			if err := fidelity.Validate(c); err == nil {
				t.Errorf("%s:%d: the schema of %s accepts the example %s: not a contradiction, a generator bug to fix", contradictionsFile, k.Line, id, short(c.Example))
			}
		}
	}
}

// examples lists the examples of spec by ID, with their schemas, without
// building anything.
func examples(t *testing.T, s corpus.Spec) map[string]fidelity.Case {
	t.Helper()
	ctx := context.Background()
	doc, err := load.Load(ctx, s.Path)
	if err != nil {
		t.Fatal(err)
	}
	gen, err := oapi.Generate(ctx, s.Path, oapi.Config{PackageName: "client"})
	if err != nil {
		t.Fatal(err)
	}
	exs, err := fidelity.Examples(doc, gen.API)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]fidelity.Case{}
	for _, ex := range exs {
		out[ex.ID] = fidelity.Case{ID: ex.ID, Example: ex.JSON, Schema: ex.Schema}
	}
	return out
}

// corpusSpecs returns the repository root and the specs CODEBOOK_CORPUS
// selects; without the corpus the test stops through needs.Component.
func corpusSpecs(t *testing.T) (string, []corpus.Spec) {
	t.Helper()
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
	return root, specs
}

// checkCalls fails t for every request refused and not listed, and for
// every listed one that now validates or is no longer an operation. It
// returns how many listed operations it saw.
func checkCalls(t *testing.T, rep fidelity.RequestReport, listed map[string]fidelity.Contradiction) int {
	t.Helper()
	seen := 0
	ops := map[string]bool{}
	for _, c := range rep.Calls {
		ops[c.Op] = true
		k, isListed := listed[c.Op]
		switch {
		case isListed && c.Valid():
			t.Errorf("%s:%d: %s %s validates now: remove it from the list", refusedFile, k.Line, rep.Spec.Name, c.Op)
		case isListed:
			seen++
		case !c.Valid():
			t.Errorf("%s: %s: %s (%s)", rep.Spec.Name, c.Op, c.Problem, c.Synthesized)
		}
	}
	for op, k := range listed {
		if !ops[op] {
			t.Errorf("%s:%d: %s is not an operation of %s: remove it from the list", refusedFile, k.Line, op, rep.Spec.Name)
		}
	}
	return seen
}

// refusedFile lists the operations whose request cannot validate because
// of the spec itself, with the reason.
const refusedFile = "testdata/requests-refused.tsv"

// contradictions reads the known list, by spec and example ID.
func contradictions(t *testing.T) map[string]map[string]fidelity.Contradiction {
	t.Helper()
	return knownList(t, contradictionsFile)
}

// knownList reads a list of spec<TAB>key<TAB>reason lines, by spec and key.
func knownList(t *testing.T, name string) map[string]map[string]fidelity.Contradiction {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := fidelity.ReadContradictions(f, name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]fidelity.Contradiction{}
	for _, c := range list {
		if out[c.Spec] == nil {
			out[c.Spec] = map[string]fidelity.Contradiction{}
		}
		if _, dup := out[c.Spec][c.ID]; dup {
			t.Errorf("%s:%d: %s %s is listed twice", name, c.Line, c.Spec, c.ID)
		}
		out[c.Spec][c.ID] = c
	}
	return out
}

// verdict says whether kin-openapi's validation accepts the example: when
// it does, the difference is the generator's; when it does not, the
// example may belong in the known list, with the reason.
func verdict(c fidelity.Case) string {
	if err := fidelity.Validate(c); err != nil {
		return "kin-openapi refuses the example (list it with the reason if that is the cause): " + firstLine(err.Error())
	}
	return "kin-openapi accepts the example: a generator bug"
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// hasCase reports whether rep has an example id.
func hasCase(rep fidelity.Report, id string) bool {
	for _, c := range rep.Cases {
		if c.ID == id {
			return true
		}
	}
	return false
}

// short cuts a JSON example for a message.
func short(b []byte) string {
	if len(b) > 300 {
		return string(b[:297]) + "..."
	}
	return string(b)
}

// TestRequestsValidate sends, for every operation of the selected corpus
// specs (the small ones by default), a request the generated client builds
// from the spec's examples to a server validating it with kin-openapi's
// openapi3filter.ValidateRequest, and reports valid / total per spec.
func TestRequestsValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated program per spec; skipped with -short")
	}
	root, specs := corpusSpecs(t)
	refused := knownList(t, refusedFile)
	var table strings.Builder
	var valid, total, fromSpec int
	fmt.Fprintf(&table, "| spec | operations | requests valid | values all from the spec | listed refusals |\n|---|---:|---:|---:|---:|\n")
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			rep := fidelity.Requests(context.Background(), s, root)
			if rep.Err != nil {
				t.Fatalf("%s: %v", s.Name, rep.Err)
			}
			v, n := rep.Counts()
			f := 0
			for _, c := range rep.Calls {
				if c.Synthesized == "" {
					f++
				}
			}
			valid, total, fromSpec = valid+v, total+n, fromSpec+f
			listed := checkCalls(t, rep, refused[s.Name])
			fmt.Fprintf(&table, "| %s | %d | %d | %d | %d |\n", s.Name, n, v, f, listed)
		})
	}
	fmt.Fprintf(&table, "| **total** | %d | %d | %d | |\n", total, valid, fromSpec)
	t.Log("\n" + table.String())
}
