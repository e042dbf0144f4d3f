package importer

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the golden drafts in testdata")

// TestGoldenDraft writes the draft of testdata/acme.md and compares it with
// testdata/acme.draft.yaml (go test ./internal/importer -update rewrites it).
func TestGoldenDraft(t *testing.T) {
	doc, err := os.ReadFile("testdata/acme.md")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := Parse(doc, ParseOptions{Name: "acme.md"})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := Write(&got, tables, DraftOptions{ProviderName: "Acme Pay", Source: "acme.md", Format: FormatMarkdown}); err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/acme.draft.yaml"
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/importer -update)", err)
	}
	f, err := load.Parse(golden, got.Bytes())
	if err == nil {
		_, err = validate.Spec(f)
	}
	if err != nil {
		t.Errorf("the draft is not a valid codes file: %v", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("the draft differs from %s (run with -update and review the diff):\n%s", golden, got.String())
	}
}
