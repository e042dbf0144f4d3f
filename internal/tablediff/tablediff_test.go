package tablediff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func compareFiles(t *testing.T, oldPath, newPath string) []Change {
	t.Helper()
	o, err := Load(oldPath)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Load(newPath)
	if err != nil {
		t.Fatal(err)
	}
	return Compare(o, n)
}

// TestFixtures checks every kind of change and which of them break callers.
func TestFixtures(t *testing.T) {
	changes := compareFiles(t, "testdata/old.yaml", "testdata/new.yaml")
	type key struct {
		where    string
		kind     Kind
		breaking bool
	}
	var got []key
	for _, c := range changes {
		got = append(got, key{c.Table + "/" + c.Row, c.Kind, c.Breaking})
	}
	want := []key{
		{"new_table/", TableAdded, false},
		{"old_table/", TableRemoved, true},
		{"pay/code 1", MessageChanged, true},
		{"pay/code 2", OutcomeChanged, true},
		{"pay/code 2", RetryChanged, true},
		{"pay/code 3", FaultChanged, false},
		{"pay/code 4", RowRemoved, true},
		{"pay/code 5", RowAdded, false},
		{"pay/http 410 \"Not found\"", StatusChanged, false},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d:\n%v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if !Breaking(changes) {
		t.Error("Breaking is false")
	}
}

func TestNoChanges(t *testing.T) {
	changes := compareFiles(t, "testdata/old.yaml", "testdata/old.yaml")
	if len(changes) != 0 || Breaking(changes) {
		t.Errorf("a file against itself: %v", changes)
	}
	var b bytes.Buffer
	if err := WriteText(&b, NewReport("a", "b", changes)); err != nil || !strings.Contains(b.String(), "no changes") {
		t.Errorf("text %q, %v", b.String(), err)
	}
}

// TestSafetyDirections checks the direction rules: toward less safe is
// breaking, toward safer is not.
func TestSafetyDirections(t *testing.T) {
	type class struct{ outcome, retry, category string }
	cases := []struct {
		from, to class
		breaking bool
	}{
		{class{"uncertain", "reconcile", "timeout"}, class{"failed", "never", "timeout"}, true},
		{class{"uncertain", "reconcile", "timeout"}, class{"pending", "reconcile", "timeout"}, false},
		{class{"pending", "reconcile", "timeout"}, class{"failed", "after_fix", "timeout"}, true},
		{class{"pending", "reconcile", "timeout"}, class{"success", "never", "timeout"}, true},
		{class{"pending", "reconcile", "timeout"}, class{"uncertain", "reconcile", "timeout"}, false},
		{class{"failed", "never", "timeout"}, class{"uncertain", "reconcile", "timeout"}, false},
		{class{"failed", "never", "timeout"}, class{"failed", "backoff", "timeout"}, true},
		{class{"failed", "backoff", "timeout"}, class{"failed", "never", "timeout"}, false},
		{class{"uncertain", "reconcile", "timeout"}, class{"uncertain", "reconcile", "unknown"}, true},
	}
	base, err := os.ReadFile("testdata/old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Row 2 (Timeout) is uncertain/reconcile/provider/timeout; rewrite it.
	const row = "outcome: uncertain\n            retry: reconcile\n            fault: provider\n            category: timeout"
	if !strings.Contains(string(base), row) {
		t.Fatal("testdata/old.yaml lost its Timeout row")
	}
	with := func(c class) string {
		return strings.Replace(string(base), row, "outcome: "+c.outcome+"\n            retry: "+c.retry+
			"\n            fault: provider\n            category: "+c.category, 1)
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.from, "->", c.to), func(t *testing.T) {
			dir := t.TempDir()
			o, n := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
			writeFile(t, o, with(c.from))
			writeFile(t, n, with(c.to))
			changes := compareFiles(t, o, n)
			if len(changes) == 0 || Breaking(changes) != c.breaking {
				t.Errorf("changes %+v, want breaking %v", changes, c.breaking)
			}
		})
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSpecAgainstModifiedCopy diffs spec/codes.yaml against a copy with one
// code's class moved from uncertain to failed and one row removed.
func TestSpecAgainstModifiedCopy(t *testing.T) {
	data, err := os.ReadFile("../../spec/codes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	// Clickatell Transact 2090 Unknown error: uncertain -> failed.
	i := strings.Index(s, "doc_row: \"2090 | Unknown error | |\"")
	j := strings.Index(s[i:], "outcome: uncertain")
	if i < 0 || j < 0 {
		t.Fatal("spec/codes.yaml has changed: find another row to modify")
	}
	s = s[:i+j] + "outcome: failed" + s[i+j+len("outcome: uncertain"):]
	dir := t.TempDir()
	path := filepath.Join(dir, "codes.yaml")
	writeFile(t, path, s)
	o, err := Load("../../spec/codes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(path)
	if err == nil {
		t.Fatal("failed with reconcile should not validate")
	}
	s = s[:i+j] + strings.Replace(s[i+j:], "retry: reconcile", "retry: never", 1)
	writeFile(t, path, s)
	n, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	changes := Compare(o, n)
	r := NewReport("../../spec/codes.yaml", path, changes)
	// Reserve Funds' 2090 is used by Transact and Transaction Lookup too:
	// the change reaches all three tables, outcome and retry each.
	if r.Breaking != 6 || len(changes) != 6 {
		t.Fatalf("changes %+v, want outcome and retry of 2090 in three tables, all breaking", changes)
	}
	tables := map[string]bool{}
	for _, c := range changes {
		tables[c.Table] = true
		if c.Provider != "clickatell" || c.Row != "code 2090" || !c.Breaking {
			t.Errorf("change %+v, want clickatell code 2090, breaking", c)
		}
	}
	if len(tables) != 3 {
		t.Errorf("tables %v, want reserve_funds, transact, transaction_lookup", tables)
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || back.Breaking != 6 || back.Changes[0].Kind != OutcomeChanged {
		t.Errorf("JSON round trip: %v, %+v", err, back)
	}
	var txt bytes.Buffer
	if err := WriteText(&txt, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "BREAKING clickatell/") || !strings.Contains(txt.String(), `"uncertain" -> "failed"`) {
		t.Errorf("text output:\n%s", txt.String())
	}
	if self := Compare(o, o); len(self) != 0 {
		t.Errorf("spec/codes.yaml against itself: %+v", self)
	}
}

// TestProviderChanges: a provider's code kind or Go package changing breaks
// every caller of its generated package.
func TestProviderChanges(t *testing.T) {
	base, err := os.ReadFile("testdata/old.yaml")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(base), "    code:\n      kind: integer", "    go_package: acmepay\n    code:\n      kind: string", 1)
	dir := t.TempDir()
	o, n := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml")
	writeFile(t, o, string(base))
	writeFile(t, n, changed)
	changes := compareFiles(t, o, n)
	kinds := map[Kind]bool{}
	for _, c := range changes {
		kinds[c.Kind] = c.Breaking
	}
	if !kinds[CodeKindChanged] || !kinds[PackageChanged] {
		t.Errorf("changes %+v, want breaking code kind and go_package changes", changes)
	}
}
