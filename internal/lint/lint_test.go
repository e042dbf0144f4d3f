package lint

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// find returns the findings of rule at line:col.
func find(fs []Finding, line, col int, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Line == line && f.Col == col && f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// locate returns the line and column just after the last key before the
// end of anchor in data: where the value of key is, for the row anchor
// names. Positions are looked up, not written down, so that the test
// survives edits elsewhere in spec/codes.yaml.
func locate(t *testing.T, data []byte, anchor, key string) (line, col int) {
	t.Helper()
	end := bytes.Index(data, []byte(anchor))
	require.GreaterOrEqual(t, end, 0, "spec/codes.yaml no longer holds %q", anchor)
	i := bytes.LastIndex(data[:end+len(anchor)], []byte(key))
	require.GreaterOrEqual(t, i, 0, "no %q before %q", key, anchor)
	i += len(key)
	return bytes.Count(data[:i], []byte("\n")) + 1, i - bytes.LastIndexByte(data[:i], '\n')
}

// TestRepositorySpec lints spec/codes.yaml: no errors (it generates), and
// its inferred rows and noted doc mistakes reported at their positions.
func TestRepositorySpec(t *testing.T) {
	path := filepath.Join("..", "..", "spec", "codes.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	fs, err := File(path)
	require.NoError(t, err)
	for _, f := range fs {
		assert.Equal(t, Warning, f.Severity, "spec/codes.yaml generates, so nothing in it is an error: %s", f)
	}
	cases := []struct {
		anchor, key, rule, text string
	}{
		{"inferred: [http]", "inferred: [", RuleInferred, `row "OK": the docs do not state its http`},
		{`"9010 | 9010 |`, "doc_row: ", RuleHTTPColumn, `row "IncorrectCountry": the docs' HTTP column holds 9010`},
		{"The HTTP Status Code column holds 9010", "note: ", RuleDocMistake, `The HTTP Status Code column holds 9010`},
		{`"9030 | Timeout |`, "doc_row: ", RuleHTTPColumn, `holds 9030, which is not an HTTP status`},
		{"A 204 response has no body", "note: ", RuleDocMistake, `A 204 response has no body`},
		{"inferred: [http, code, message]", "inferred: [", RuleInferred, `its http, code, message`},
	}
	for _, c := range cases {
		line, col := locate(t, data, c.anchor, c.key)
		got := find(fs, line, col, c.rule)
		if assert.Len(t, got, 1, "%d:%d %s", line, col, c.rule) {
			assert.Contains(t, got[0].Message, c.text)
			assert.Equal(t, path, got[0].File)
		}
	}
	var held []string
	for _, f := range byRule(fs, RuleHTTPColumn) {
		_, after, _ := strings.Cut(f.Message, "HTTP column holds ")
		held = append(held, strings.Fields(after)[0])
	}
	assert.Equal(t, []string{"9010,", "9030,", "0000,", "0001,", "2040,", "2050,", "2055,", "2060,", "2070,", "2090,"}, held,
		"the bank table's 9010 and 9030, and the Transact table, whose rows the docs shift left (reused rows "+
			"included); not Reserve Funds, whose first column holds the code")
	assert.True(t, slices.IsSortedFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	}), "sorted by position")
}

// byRule returns the findings of rule.
func byRule(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestBadSpec reports the validator's errors and the lint's own rules, one
// finding per problem, sorted by position.
func TestBadSpec(t *testing.T) {
	path := filepath.Join("testdata", "bad.yaml")
	fs, err := File(path)
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Col, f.Severity, f.Rule))
	}
	assert.Equal(t, []string{
		"23:22 warning http-column",
		"28:13 error unclassified",
		"36:20 error invalid",
		"43:19 warning draft",
	}, got)
	require.Len(t, fs, 4)
	assert.Contains(t, fs[1].Message, `row "Unsorted" is not classified: add retry, fault, category`)
	assert.Contains(t, fs[2].Message, "uncertain cannot go with retry backoff")
	assert.Contains(t, fs[3].Message, `row "Draft" is a draft, classified uncertain/reconcile`)
	assert.Equal(t, path+":28:13: error: "+fs[1].Message+" (unclassified)", fs[1].String())
}

// TestSyntaxError reports a file that is not YAML as a positioned error.
func TestSyntaxError(t *testing.T) {
	fs, err := File(filepath.Join("testdata", "syntax.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, fs)
	assert.Equal(t, Error, fs[0].Severity)
	assert.Equal(t, RuleSyntax, fs[0].Rule)
	assert.NotZero(t, fs[0].Line)
}

// TestMissingFile is an error, not a finding, and names the path.
func TestMissingFile(t *testing.T) {
	_, err := File(filepath.Join(t.TempDir(), "nope.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nope.yaml")
}

// TestShapeErrorsKeepRowRules: a file with an unknown key still gets its
// rows linted, since load returns what it could read.
func TestShapeErrorsKeepRowRules(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "bad.yaml"))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "codes.yaml")
	require.NoError(t, os.WriteFile(path, append(data, "unknown_key: 1\n"...), 0o644))
	fs, err := File(path)
	require.NoError(t, err)
	assert.NotEmpty(t, byRule(fs, RuleSyntax), "the unknown key")
	assert.Len(t, byRule(fs, RuleDraft), 1)
	assert.Len(t, byRule(fs, RuleUnclassified), 1)
}
