package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportSeedThenLint imports a seed document to a file, and checks that
// the draft is a valid codes file whose every row lint reports as a draft,
// and that a second import refuses to replace it.
func TestImportSeedThenLint(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "codes.yaml")
	src := "../../spec/sources/clickairtime-v1-response-codes.txt"
	code, stdout, stderr := invoke("import", "-provider", "click_airtime", "-name", "Click Airtime", "-o", out, src)
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "4 tables, 32 rows") {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	draft, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := "source: \"" + filepath.ToSlash(mustRel(t, dir, src)) + "\""; !strings.Contains(string(draft), want) {
		t.Errorf("the draft lacks %s", want)
	}
	code, stdout, _ = invoke("lint", "-json", out)
	var findings []struct{ Rule string }
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatalf("lint -json: exit %d, %v: %s", code, err, stdout)
	}
	drafts := 0
	for _, f := range findings {
		if f.Rule == "draft" {
			drafts++
		}
	}
	if drafts != 32 {
		t.Errorf("lint reports %d draft rows, want 32", drafts)
	}
	if code, _, stderr = invoke("import", "-provider", "x", "-o", out, src); code != exitProblems || !strings.Contains(stderr, "exists") {
		t.Errorf("a second import over the draft: exit %d, %q", code, stderr)
	}
}

func mustRel(t *testing.T, base, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func TestImportStdoutAndErrors(t *testing.T) {
	code, stdout, _ := invoke("import", "-provider", "clickatell", "../../spec/sources/clickatell-status-codes.txt")
	if code != exitOK || !strings.Contains(stdout, `doc_row: "2010 | Insufficient funds | |"`) {
		t.Errorf("import to stdout: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := invoke("import", "../../spec/sources/clickatell-status-codes.txt"); code != exitUsage || !strings.Contains(stderr, "-provider") {
		t.Errorf("without -provider: exit %d, %q", code, stderr)
	}
	if code, _, stderr := invoke("import", "-provider", "x", "-format", "pdf", "../../spec/sources/clickatell-status-codes.txt"); code != exitProblems || !strings.Contains(stderr, "unknown format") {
		t.Errorf("-format pdf: exit %d, %q", code, stderr)
	}
	if code, _, _ := invoke("import", "-provider", "x", "a", "b"); code != exitUsage {
		t.Errorf("two files: exit %d, want %d", code, exitUsage)
	}
}

// TestDiffExitCodes: 0 for a file against itself, 1 with BREAKING lines
// for a breaking change, JSON with -json.
func TestDiffExitCodes(t *testing.T) {
	spec := "../../spec/codes.yaml"
	code, stdout, stderr := invoke("diff", spec, spec)
	if code != exitOK || !strings.Contains(stdout, "no changes") {
		t.Errorf("diff of a file with itself: exit %d, %q, %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	// Click Airtime's 90 (duplicate extRefId) changes category: breaking.
	changed := strings.Replace(string(data), "fault: caller\n            category: duplicate", "fault: caller\n            category: invalid_request", 1)
	if changed == string(data) {
		t.Fatal("spec/codes.yaml has no duplicate row to change: pick another")
	}
	newPath := filepath.Join(t.TempDir(), "codes.yaml")
	if err := os.WriteFile(newPath, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = invoke("diff", spec, newPath)
	if code != exitProblems || !strings.Contains(stdout, "BREAKING clickairtime/topup/code 90: category changed \"duplicate\" -> \"invalid_request\"") {
		t.Errorf("breaking diff: exit %d\n%s", code, stdout)
	}
	code, stdout, _ = invoke("diff", "-json", spec, newPath)
	var r struct {
		Breaking int `json:"breaking"`
	}
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || code != exitProblems || r.Breaking != 1 {
		t.Errorf("diff -json: exit %d, %v, %s", code, err, stdout)
	}
	if code, _, stderr := invoke("diff", spec, filepath.Join(t.TempDir(), "missing.yaml")); code != exitProblems || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("a missing file: exit %d, %q", code, stderr)
	}
	if code, _, _ := invoke("diff", spec); code != exitUsage {
		t.Errorf("one argument: exit %d, want %d", code, exitUsage)
	}
}
