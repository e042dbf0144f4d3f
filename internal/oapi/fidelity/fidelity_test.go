package fidelity_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
// TestContradictionsAreRefusedBySchema) or, with its exact difference, in
// testdata/generator-gaps.tsv. By default it checks the small specs
// (corpus.SmallLimit), which hold no body example (TestFixtureRoundTrip
// covers the default run); every body example of the corpus is in
// api.github.com, whose run takes 100 to 200 s on this 2-core machine, so
// the big specs wait for CODEBOOK_CORPUS=all (make corpus) or
// CODEBOOK_CORPUS=api.github.com; CODEBOOK_CORPUS=name,... checks the
// named ones. Skipped with -short.
func TestExamplesRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated program per spec; skipped with -short")
	}
	root, specs := corpusSpecs(t)
	known := contradictions(t)
	gaps := knownList(t, gapsFile)
	var table strings.Builder
	var sum [5]int
	fmt.Fprintf(&table, "| spec | examples | decoded | equal | spec contradicts itself | generator gaps |\n|---|---:|---:|---:|---:|---:|\n")
	for _, s := range specs {
		t.Run(s.Name, func(t *testing.T) {
			rep := fidelity.RoundTrip(context.Background(), s, root)
			if rep.Err != nil {
				t.Fatalf("%s: %v", s.Name, rep.Err)
			}
			d, e, n := rep.Counts()
			listed, gapped := checkCases(t, rep, known[s.Name], gaps[s.Name])
			sum[0], sum[1], sum[2], sum[3], sum[4] = sum[0]+d, sum[1]+e, sum[2]+n, sum[3]+listed, sum[4]+gapped
			fmt.Fprintf(&table, "| %s | %d | %d | %d | %d | %d |\n", s.Name, n, d, e, listed, gapped)
		})
	}
	fmt.Fprintf(&table, "| **total** | %d | %d | %d | %d | %d |\n", sum[2], sum[0], sum[1], sum[3], sum[4])
	t.Log("\n" + table.String())
}

// checkCases fails t for every example that did not come back equal and is
// listed neither as a contradiction nor as a generator gap with exactly
// its difference, and for every listed one that now comes back otherwise
// or is no longer found. It returns how many of each list it saw.
func checkCases(t *testing.T, rep fidelity.Report, listed, gaps map[string]fidelity.Contradiction) (int, int) {
	t.Helper()
	seen, gapSeen := 0, 0
	ids := map[string]bool{}
	for _, c := range rep.Cases {
		ids[c.ID] = true
		k, isListed := listed[c.ID]
		g, isGap := gaps[c.ID]
		switch {
		case isListed && c.Equal():
			t.Errorf("%s:%d: %s comes back equal now: remove it from the list", contradictionsFile, k.Line, c.ID)
		case isListed:
			seen++
		case isGap && c.Decoded() && c.Diff == g.Reason:
			gapSeen++
		case isGap:
			t.Errorf("%s:%d: %s was listed with the difference %q, now %q (update or remove the line)", gapsFile, g.Line, c.ID, g.Reason, c.Err+c.Diff)
		case !c.Decoded():
			t.Errorf("%s: %s does not round-trip: %s\n%s\nexample: %s", rep.Spec.Name, c.ID, c.Err, verdict(c), short(c.Example))
		case !c.Equal():
			t.Errorf("%s: %s comes back different: %s\n%s\nexample: %s", rep.Spec.Name, c.ID, c.Diff, verdict(c), short(c.Example))
		}
	}
	for file, list := range map[string]map[string]fidelity.Contradiction{contradictionsFile: listed, gapsFile: gaps} {
		for id, k := range list {
			if !ids[id] {
				t.Errorf("%s:%d: %s is not an example of %s: remove it from the list", file, k.Line, id, rep.Spec.Name)
			}
		}
	}
	return seen, gapSeen
}

// gapsFile lists the examples a known generator bug keeps from coming
// back equal, each with its exact difference.
const gapsFile = "testdata/generator-gaps.tsv"

// TestContradictionsAreRefusedBySchema checks the known list: every entry
// names an example of a corpus spec, with a reason, and kin-openapi's
// validation of the example against its body's schema fails, so the list
// cannot hide a generator bug behind an example the schema accepts.
func TestContradictionsAreRefusedBySchema(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the listed specs' clients; skipped with -short")
	}
	_, specs := corpusSpecs(t)
	byName := map[string]corpus.Spec{fixture.Name: fixture}
	for _, s := range specs {
		byName[s.Name] = s
	}
	checked := 0
	for name, listed := range contradictions(t) {
		s, ok := byName[name]
		if !ok {
			continue // a spec not selected (CODEBOOK_CORPUS)
		}
		cases := examples(t, s)
		for id, k := range listed {
			c, ok := cases[id]
			if !ok {
				t.Errorf("%s:%d: %s has no example %s", contradictionsFile, k.Line, name, id)
				continue
			}
			checked++
			if err := fidelity.Validate(c); err == nil {
				t.Errorf("%s:%d: the schema of %s accepts the example %s: not a contradiction, a generator bug to fix", contradictionsFile, k.Line, id, short(c.Example))
			}
		}
	}
	if checked == 0 {
		t.Errorf("no listed example was checked: %s lists none of testdata/examples.yaml", contradictionsFile)
	}
}

// fixture is testdata/examples.yaml, as a spec named "examples".
var fixture = corpus.Spec{Name: "examples", Path: "testdata/examples.yaml"}

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
// selects (by default the small ones); without the corpus the test stops
// through needs.Component.
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

// short cuts a JSON example for a message.
func short(b []byte) string {
	if len(b) > 300 {
		return string(b[:297]) + "..."
	}
	return string(b)
}

// TestRequestsValidate sends, for every operation of the small corpus
// specs (or those CODEBOOK_CORPUS names; "all" keeps to the small ones), a request the generated client builds
// from the spec's examples to a server validating it with kin-openapi's
// openapi3filter.ValidateRequest, and reports valid / total per spec.
func TestRequestsValidate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated program per spec; skipped with -short")
	}
	root, specs := corpusSpecs(t)
	if os.Getenv("CODEBOOK_CORPUS") == "all" {
		specs = slices.DeleteFunc(specs, func(s corpus.Spec) bool { return !s.Small() })
	}
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

// TestFixtureRoundTrip runs the round trip on testdata/examples.yaml, a
// small spec whose examples hold what a client may lose (explicit null,
// empty arrays, 1e3, a date-time with fractional zeros, a civil date, a
// free-form object, an undeclared property, a union, an allOf): every
// example comes back equal but the one listed as contradicting its schema
// (and those listed as generator gaps), and only the undeclared property
// is left out.
func TestFixtureRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated program; skipped with -short")
	}
	root, err := corpus.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	path, err := filepath.Abs(fixture.Path)
	if err != nil {
		t.Fatal(err)
	}
	rep := fidelity.RoundTrip(context.Background(), corpus.Spec{Name: fixture.Name, Path: path}, root)
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	d, e, n := rep.Counts()
	listed, gapped := checkCases(t, rep, contradictions(t)[fixture.Name], knownList(t, gapsFile)[fixture.Name])
	if n != 7 || d != n || listed != 1 || e+gapped+listed != n {
		t.Errorf("decoded %d, equal %d (plus %d listed generator gaps and %d listed contradictions) of %d examples, want 7, 1 listed contradiction", d, e, gapped, listed, n)
	}
	var dropped []string
	for _, c := range rep.Cases {
		dropped = append(dropped, c.Dropped...)
	}
	if strings.Join(dropped, ",") != "$.undeclared" {
		t.Errorf("left out %v, want only $.undeclared", dropped)
	}
}
