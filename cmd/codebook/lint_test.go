package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/lint"
)

// TestLintRepositorySpec: spec/codes.yaml has no errors (exit 0), and its
// warnings are printed as file:line:col: severity: message (rule), in order
// of position; -strict turns them into exit 1.
func TestLintRepositorySpec(t *testing.T) {
	path := repoFile("spec", "codes.yaml")
	code, out, errOut := invoke("lint", path)
	assert.Equal(t, exitOK, code, errOut)
	mistake := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(path) + `:(\d+):22: warning: row "IncorrectCountry": the docs' HTTP column holds 9010, `)
	inferred := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(path) + `:(\d+):24: warning: row "OK": the docs do not state its http;`)
	assert.Regexp(t, mistake, out)
	assert.Regexp(t, inferred, out)
	assert.Regexp(t, `spec/codes.yaml: 0 errors, [1-9][0-9]* warnings`, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	assert.Less(t, inferred.FindStringIndex(out)[0], mistake.FindStringIndex(out)[0], "sorted by position")
	for _, l := range lines {
		assert.Regexp(t, `^\S+:\d+:\d+: (error|warning): .+ \([a-z-]+\)$`, l)
	}
	code, _, _ = invoke("lint", "-strict", path)
	assert.Equal(t, exitProblems, code)
}

// TestLintJSON prints an array of findings with every field, and exits 1
// on a spec with errors.
func TestLintJSON(t *testing.T) {
	code, out, _ := invoke("lint", "-json", repoFile("internal", "lint", "testdata", "bad.yaml"))
	assert.Equal(t, exitProblems, code)
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)
	require.Len(t, got, 4)
	assert.Equal(t, map[string]any{
		"file": repoFile("internal", "lint", "testdata", "bad.yaml"), "line": 28.0, "col": 13.0,
		"severity": "error", "rule": "unclassified",
		"message": `row "Unsorted" is not classified: add retry, fault, category (when the docs do not say, outcome: uncertain, retry: reconcile)`,
	}, got[1])
	var typed []lint.Finding
	require.NoError(t, json.Unmarshal([]byte(out), &typed))
	assert.Equal(t, "draft", typed[3].Rule)
}

// TestLintJSONEmpty prints [] for a spec with nothing to report, not null.
func TestLintJSONEmpty(t *testing.T) {
	code, out, errOut := invoke("lint", "-json", "-strict", "testdata/clean.yaml")
	assert.Equal(t, exitOK, code, out+errOut)
	assert.Equal(t, "[]\n", out)
}

// TestLintMissingFile exits 1 and names the file.
func TestLintMissingFile(t *testing.T) {
	code, _, errOut := invoke("lint", "nope/codes.yaml")
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, errOut, "nope/codes.yaml")
}
