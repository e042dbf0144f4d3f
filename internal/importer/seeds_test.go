package importer

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/validate"
)

// The fields of spec/codes.yaml this test compares.
type specFile struct {
	Providers []struct {
		ID     string `yaml:"id"`
		Source string `yaml:"source"`
		Tables []struct {
			ID   string    `yaml:"id"`
			Name string    `yaml:"name"`
			Rows []specRow `yaml:"rows"`
		} `yaml:"tables"`
	} `yaml:"providers"`
}

type specRow struct {
	Use         string `yaml:"use"`
	Name        string `yaml:"name"`
	Code        string `yaml:"code"`
	HTTP        int    `yaml:"http"`
	Message     string `yaml:"message"`
	Description string `yaml:"description"`
	Resolution  string `yaml:"resolution"`
	DocRow      string `yaml:"doc_row"`
}

const specDir = "../../spec"

// seedDocuments are the provider documents the project was created from
// (../shared/seeds, copied byte for byte into spec/sources). Other sources,
// such as Click Airtime V2's, are our notes on a provider's pages, with
// columns of our own, not a provider's table to import.
var seedDocuments = map[string]bool{
	"sources/clickatell-status-codes.txt":        true,
	"sources/clickairtime-v1-response-codes.txt": true,
}

// TestSeedsReproduceCodesYAML imports each seed document of spec/sources
// and checks that every row of spec/codes.yaml that comes from it (has a
// doc_row) is reproduced word for word: code, HTTP status, message,
// description, resolution and doc_row; and that the import has no row the
// spec lacks. Classification is left aside: the draft's is always the safe one.
func TestSeedsReproduceCodesYAML(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(specDir, "codes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var spec specFile
	if err := yaml.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, p := range spec.Providers {
		if !seedDocuments[p.Source] {
			continue
		}
		seen++
		t.Run(p.ID, func(t *testing.T) {
			src := filepath.Join(specDir, p.Source)
			doc, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := Parse(doc, ParseOptions{Name: src})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]map[string]specRow{} // table name -> doc_row -> row
			total := 0
			for _, tb := range p.Tables {
				byID := map[string]specRow{}
				for _, r := range tb.Rows {
					byID[r.Name] = r
				}
				for _, r := range tb.Rows {
					if r.DocRow == "" {
						continue
					}
					if want[tb.Name] == nil {
						want[tb.Name] = map[string]specRow{}
					}
					want[tb.Name][r.DocRow] = resolveUse(t, p.Tables, r)
					total++
				}
			}
			same := 0
			for _, tb := range tables {
				rows, ok := want[tb.Name]
				if !ok {
					t.Errorf("imported a table %q (line %d) that codes.yaml does not have", tb.Name, tb.Line)
					continue
				}
				for _, r := range tb.Rows {
					w, ok := rows[r.DocRow]
					if !ok {
						t.Errorf("%s: imported a row codes.yaml does not have: %q", tb.Name, r.DocRow)
						continue
					}
					delete(rows, r.DocRow)
					if diff := compareRow(r, w); diff != "" {
						t.Errorf("%s line %d: %s", tb.Name, r.Line, diff)
						continue
					}
					same++
				}
			}
			for name, rows := range want {
				for docRow := range rows {
					t.Errorf("%s: the import lacks the row %q", name, docRow)
				}
			}
			t.Logf("%s: %d of %d rows reproduced word for word", p.Source, same, total)
			if same != total || total == 0 {
				t.Errorf("%d of %d rows reproduced", same, total)
			}
		})
	}
	if seen != len(seedDocuments) {
		t.Errorf("codes.yaml names %d of the %d seed documents as a provider's source", seen, len(seedDocuments))
	}
}

func resolveUse(t *testing.T, tables []struct {
	ID   string    `yaml:"id"`
	Name string    `yaml:"name"`
	Rows []specRow `yaml:"rows"`
}, r specRow) specRow {
	if r.Use == "" {
		return r
	}
	tableID, name, _ := strings.Cut(r.Use, "/")
	for _, tb := range tables {
		for _, o := range tb.Rows {
			if tb.ID == tableID && o.Name == name {
				o.DocRow = r.DocRow
				return o
			}
		}
	}
	t.Fatalf("use %q: no such row", r.Use)
	return r
}

// compareRow returns what differs between an imported row and the spec's.
func compareRow(got Row, want specRow) string {
	wantHTTP := ""
	if want.HTTP != 0 {
		wantHTTP = strconv.Itoa(want.HTTP)
	}
	var diffs []string
	for _, f := range []struct{ name, got, want string }{
		{"code", got.Code, want.Code}, {"http", got.HTTP, wantHTTP}, {"message", got.Message, want.Message},
		{"description", got.Description, want.Description}, {"resolution", got.Resolution, want.Resolution},
	} {
		if f.got != f.want {
			diffs = append(diffs, f.name+" "+strconv.Quote(f.got)+", want "+strconv.Quote(f.want))
		}
	}
	return strings.Join(diffs, "; ")
}

// TestSeedDraftsAreValid writes the draft of each seed and checks that the
// generator's loader and validator accept it, that it says what is left to
// decide, and that it is byte-identical when written twice.
func TestSeedDraftsAreValid(t *testing.T) {
	for _, name := range []string{"clickatell-status-codes.txt", "clickairtime-v1-response-codes.txt"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join(specDir, "sources", name)
			doc, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			tables, err := Parse(doc, ParseOptions{Name: src})
			if err != nil {
				t.Fatal(err)
			}
			var a, b bytes.Buffer
			opts := DraftOptions{ProviderName: "Acme Pay", Source: "sources/" + name}
			if err := Write(&a, tables, opts); err != nil {
				t.Fatal(err)
			}
			if err := Write(&b, tables, opts); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Error("two writes of the same draft differ")
			}
			f, err := load.Parse("draft.yaml", a.Bytes())
			if err != nil {
				t.Fatalf("the draft does not load: %v\n%s", err, a.String())
			}
			spec, err := validate.Spec(f)
			if err != nil {
				t.Fatalf("the draft is not valid: %v", err)
			}
			rows := 0
			for _, tb := range tables {
				rows += len(tb.Rows)
			}
			entries := spec.Providers[0].Entries()
			if len(entries) != rows {
				t.Errorf("the draft has %d rows, the document %d", len(entries), rows)
			}
			for _, e := range entries {
				if !strings.HasPrefix(e.Note, DraftNote) || e.Class.Outcome.String() != "uncertain" {
					t.Errorf("row %s: note %q, outcome %v: want a draft note and outcome uncertain", e.Name, e.Note, e.Class.Outcome)
				}
			}
		})
	}
}
