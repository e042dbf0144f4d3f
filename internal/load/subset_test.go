package load

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/synthspec"
)

// yamlFiles returns every .yaml file of the repository, by path relative
// to the module root.
func yamlFiles(t testing.TB) map[string][]byte {
	t.Helper()
	root := filepath.Join("..", "..")
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		out[rel] = data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// subsetCorpus is every .yaml file of the repository and the synthetic
// specs of 1,000 and 10,000 codes.
func subsetCorpus(t testing.TB) map[string][]byte {
	files := yamlFiles(t)
	files["synthetic-1000"] = synthspec.Codes(1000)
	files["synthetic-10000"] = synthspec.Codes(10_000)
	return files
}

// checkSubset fails t when the subset reader accepts data and the yaml.v3
// path reads it differently (a different tree, values or positions) or
// reports a problem; it reports whether the subset reader accepted data.
func checkSubset(t testing.TB, name string, data []byte) bool {
	t.Helper()
	got, ok := parseSubset("codes.yaml", string(data))
	if !ok {
		return false
	}
	want, err := parseYAML("codes.yaml", data)
	if err != nil {
		t.Fatalf("%s: the subset reader accepts a file the yaml.v3 path rejects: %v", name, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: the subset reader reads the file differently:\n%s", name, firstDifference(got, want))
	}
	return true
}

// firstDifference describes where two files first differ.
func firstDifference(got, want *File) string {
	if len(got.Providers) != len(want.Providers) {
		return fmt.Sprintf("%d providers, want %d", len(got.Providers), len(want.Providers))
	}
	for i, p := range got.Providers {
		w := want.Providers[i]
		if len(p.Tables) != len(w.Tables) {
			return fmt.Sprintf("provider %d: %d tables, want %d", i, len(p.Tables), len(w.Tables))
		}
		for j, tb := range p.Tables {
			wt := w.Tables[j]
			if len(tb.Rows) != len(wt.Rows) {
				return fmt.Sprintf("table %d.%d: %d rows, want %d", i, j, len(tb.Rows), len(wt.Rows))
			}
			for k := range tb.Rows {
				if !reflect.DeepEqual(tb.Rows[k], wt.Rows[k]) {
					return fmt.Sprintf("row %d.%d.%d:\n got %+v\nwant %+v", i, j, k, tb.Rows[k], wt.Rows[k])
				}
			}
			tb.Rows, wt.Rows = nil, nil
			if !reflect.DeepEqual(tb, wt) {
				return fmt.Sprintf("table %d.%d:\n got %+v\nwant %+v", i, j, tb, wt)
			}
		}
		p.Tables, w.Tables = nil, nil
		if !reflect.DeepEqual(p, w) {
			return fmt.Sprintf("provider %d:\n got %+v\nwant %+v", i, p, w)
		}
	}
	return fmt.Sprintf("file:\n got %+v\nwant %+v", *got, *want)
}

// Every file the subset reader accepts reads as through yaml.v3, and the
// files it is for (the synthetic specs, the generator's good cases) are
// accepted, so that Parse does take the short way for them.
func TestSubsetMatchesYAML(t *testing.T) {
	accepted := map[string]bool{}
	for name, data := range subsetCorpus(t) {
		accepted[name] = checkSubset(t, name, data)
	}
	for _, name := range []string{
		"synthetic-1000", "synthetic-10000",
		filepath.Join("internal", "gen", "testdata", "cases", "ok_basic", "codes.yaml"),
		filepath.Join("internal", "gen", "testdata", "cases", "ok_combined", "codes.yaml"),
		filepath.Join("internal", "gen", "testdata", "cases", "err_classification", "codes.yaml"),
	} {
		if !accepted[name] {
			t.Errorf("the subset reader gives up on %s", name)
		}
	}
}

// Each line of each small file of the corpus dropped, indented one space
// deeper, or one space less, or cut in the middle: whatever the subset
// reader accepts of these reads as through yaml.v3.
func TestSubsetMatchesYAMLOnEditedLines(t *testing.T) {
	for name, data := range yamlFiles(t) {
		if len(data) > 16<<10 {
			continue
		}
		lines := strings.SplitAfter(string(data), "\n")
		for i, line := range lines {
			for k, edit := range []string{
				"",
				" " + line,
				strings.TrimPrefix(line, " "),
				line[:len(line)/2] + "\n",
			} {
				edited := strings.Join(lines[:i], "") + edit + strings.Join(lines[i+1:], "")
				checkSubset(t, fmt.Sprintf("%s, line %d, edit %d", name, i+1, k), []byte(edited))
			}
		}
	}
}

// FuzzSubsetMatchesYAML: for any input the subset reader accepts, the tree
// is the yaml.v3 path's, values and positions. It runs over its seeds as a
// normal test.
func FuzzSubsetMatchesYAML(f *testing.F) {
	for _, data := range subsetCorpus(f) {
		if len(data) <= 64<<10 {
			f.Add(data)
		}
	}
	for _, s := range subsetSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSubset(t, "input", data)
	})
}

// subsetSeeds are small files at the edges of the subset.
var subsetSeeds = []string{
	"format: codebook/v1\nproviders: []\n",
	"format: codebook/v1\nproviders:\n- id: a\n  tables:\n  - id: t\n    rows: []\n- id: b\n",
	"format: codebook/v1 # c\nproviders:\n  - {id: a, name: 'It''s'}\n",
	"format: \"a\\\"b\\\\c\\n\\td\"\nproviders:\n  - id: x\n    code:\n      kind: integer\n",
	"providers:\n  - id: é日\n    tables:\n      - rows:\n          - {name: \"日本\", code: -1, match: [a, \"b\", 'c']}\n          - name: x # y\n            inferred:\n              - a\n              - 'b'\n",
	"format: a:b\nproviders:\n  - id: x\n    name: a #b\n    description: [a]\n",
	"format: x\n   # indented comment\nproviders:\n  - id: y\n",
	"format: x\nproviders:\n  - id: y\n    name: a\n      continued\n",
	"format:\nproviders: []\n",
}
