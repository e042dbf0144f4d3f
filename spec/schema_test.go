package spec_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/spec"
)

// TestSchemaIsPublishedWhereTheREADMESays: the embedded schema is the file,
// its $id is the URL consumers put in their modeline, and spec/README.md
// gives that modeline and the command that writes a local copy.
func TestSchemaIsPublishedWhereTheREADMESays(t *testing.T) {
	file, err := os.ReadFile("codes.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(spec.Schema(), file) {
		t.Error("spec.Schema() is not codes.schema.json")
	}
	var doc struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(file, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.ID != spec.SchemaURL {
		t.Errorf("$id is %q, want spec.SchemaURL %q", doc.ID, spec.SchemaURL)
	}
	if !strings.HasPrefix(spec.SchemaURL, "https://raw.githubusercontent.com/codebookgen/codebook/") {
		t.Errorf("SchemaURL %q is not a raw URL of the module's repository", spec.SchemaURL)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# yaml-language-server: $schema=" + spec.SchemaURL + "\n",
		"go run github.com/codebookgen/codebook/cmd/gen -schema > api/codes.schema.json",
	} {
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("spec/README.md does not say %q", want)
		}
	}
	s := spec.Schema()
	s[0] = 'x'
	if spec.Schema()[0] == 'x' {
		t.Error("Schema returns the embedded bytes themselves; a caller can change them")
	}
}

// TestREADMELinksExist: every relative link of spec/README.md points at a
// file that exists (it once linked ../DESIGN, which is not in the repository).
func TestREADMELinksExist(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	if strings.Contains(text, "../DESIGN") {
		t.Error("spec/README.md points at ../DESIGN, which is not in the repository")
	}
	for _, part := range strings.Split(text, "](")[1:] {
		target, _, _ := strings.Cut(part, ")")
		target, _, _ = strings.Cut(target, "#")
		if target == "" || strings.Contains(target, "://") {
			continue
		}
		if _, err := os.Stat(target); err != nil {
			t.Errorf("spec/README.md links %q: %v", target, err)
		}
	}
	if _, err := os.Stat("../README.md"); err != nil {
		t.Errorf("the classification comment points at ../README.md: %v", err)
	}
}
