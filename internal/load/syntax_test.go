package load

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook/internal/diag"
)

// problems parses src and returns its problems as file:line:col: message.
func problems(t *testing.T, src string) []string {
	t.Helper()
	_, err := Parse("codes.yaml", []byte(src))
	var de *diag.Error
	if !errors.As(err, &de) {
		t.Fatalf("want a *diag.Error, got %T: %v", err, err)
	}
	var out []string
	for _, p := range de.Problems {
		out = append(out, p.String())
	}
	return out
}

// rows is a codes file whose rows are given, one YAML line each, starting
// at line 7.
func rows(lines ...string) string {
	return "format: codebook/v1\nproviders:\n  - id: acme\n    name: Acme\n    tables:\n      - id: t\n" +
		"        rows:\n" + strings.Join(lines, "\n") + "\n"
}

func assertProblems(t *testing.T, src string, want ...string) {
	t.Helper()
	got := problems(t, src)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A quoted message that legally spans two lines comes before the mistake:
// the mistake is still the one reported, not the quote.
func TestSyntaxErrorAfterMultilineQuote(t *testing.T) {
	assertProblems(t, rows(
		`          - code: "1"`,
		`            message: "a message that goes`,
		`              on to the next line"`,
		`          - code: "2"`,
		`            message no colon`,
	), "codes.yaml:12:13: invalid YAML: `message no colon` is not a `key: value` pair: a colon is missing")
}

// The same with a flow row spread over lines.
func TestSyntaxErrorAfterMultilineFlowRow(t *testing.T) {
	assertProblems(t, rows(
		`          - {code: "1",`,
		`             message: fine}`,
		`          - code: "2"`,
		"\t    message: tab",
	), "codes.yaml:11:1: invalid YAML: a tab in the indentation: YAML indents with spaces only")
}

// Quotes inside quotes and comments do not confuse the column.
func TestUnclosedQuoteColumn(t *testing.T) {
	assertProblems(t, rows(
		`          - code: "1"`,
		`            message: 'It''s fine' # "not a quote`,
		`            description: "say \"hi\" and go`,
	), "codes.yaml:10:26: invalid YAML: the quote opened here is not closed: close it, or escape the quotes inside it")
}

// Every mistake is reported, sorted by position, up to maxSyntaxProblems.
func TestEverySyntaxErrorUpToTheBound(t *testing.T) {
	var lines, want []string
	for i := range maxSyntaxProblems + 5 {
		lines = append(lines, fmt.Sprintf(`          - code: "%d"`, i), `            message no colon`)
		if i < maxSyntaxProblems {
			want = append(want, fmt.Sprintf("codes.yaml:%d:13: invalid YAML: `message no colon` is not a `key: value` pair: a colon is missing", 9+2*i))
		}
	}
	assertProblems(t, rows(lines...), want...)
}

// A block key with a wrong indentation is blanked with its children, so
// that they are not reported again.
func TestBadIndentHidesItsChildrenOnly(t *testing.T) {
	src := "format: codebook/v1\nproviders:\n  - id: acme\n    name: Acme\n   tables:\n      - id: t\n        rows: []\n" +
		"  - id: other\n    name: Other\n    tables: [\n"
	assertProblems(t, src,
		"codes.yaml:5:4: invalid YAML: this line's indentation (3 spaces) fits no enclosing block: indent it like the lines it belongs with (the parser: did not find expected '-' indicator)",
		"codes.yaml:10:13: invalid YAML: `[` opened here is not closed: end it with `]`")
}

// BenchmarkSyntaxErrorInSpec: the repository's spec with a colon missing on
// its last line, located with its column, against the plain parse that
// finds the error without one (the ratio of the two is the cost of the
// syntax pass).
func BenchmarkSyntaxErrorInSpec(b *testing.B) {
	data, err := os.ReadFile("../../spec/codes.yaml")
	if err != nil {
		b.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	last := len(lines) - 1
	for strings.TrimSpace(lines[last]) == "" {
		last--
	}
	lines[last] = strings.Replace(lines[last], ": ", " ", 1)
	bad := []byte(strings.Join(lines, ""))
	b.Run("yaml.v3", func(b *testing.B) {
		for b.Loop() {
			var n yaml.Node
			if yaml.Unmarshal(bad, &n) == nil {
				b.Fatal("no error")
			}
		}
	})
	b.Run("located", func(b *testing.B) {
		for b.Loop() {
			if _, err := Parse("codes.yaml", bad); err == nil {
				b.Fatal("no error")
			}
		}
	})
}
