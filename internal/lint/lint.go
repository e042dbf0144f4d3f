// Package lint reports what is wrong or doubtful in a codes.yaml: every
// problem the validator refuses (errors), and the rows it accepts that a
// person should look at again (warnings): fields the docs do not state
// (inferred), doc mistakes kept as written (a doc_row with a note), an HTTP
// column holding a code, and draft rows nobody has classified yet. Each
// finding has a file:line:col, a severity and a rule name.
package lint

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/validate"
)

// Severity says whether a finding stops generation.
type Severity string

// The severities, from the worst.
const (
	// Error is a problem the generator refuses.
	Error Severity = "error"
	// Warning is a row the generator accepts that a person should check.
	Warning Severity = "warning"
)

// Rule names, as printed and in the JSON output.
const (
	RuleSyntax       = "syntax"       // the file is not YAML of the codes.yaml shape
	RuleInvalid      = "invalid"      // the validator refuses it
	RuleUnclassified = "unclassified" // a row lacks outcome, retry, fault or category
	RuleDraft        = "draft"        // a row classified only provisionally (a note starting with "draft")
	RuleInferred     = "inferred"     // a row states fields the docs do not give
	RuleDocMistake   = "doc-mistake"  // the docs' row is kept as written, with a note of what is wrong
	RuleHTTPColumn   = "http-column"  // the docs' HTTP column holds a number that is no HTTP status
)

// Finding is one problem or doubt, at a position of the file.
type Finding struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// String formats the finding as file:line:col: severity: message (rule).
func (f Finding) String() string {
	pos := diag.Pos{File: f.File, Line: f.Line, Col: f.Col}
	return fmt.Sprintf("%s: %s: %s (%s)", pos, f.Severity, f.Message, f.Rule)
}

// File lints the codes file at path. The error is non-nil only when the
// file cannot be read; everything wrong inside it is a Finding.
func File(path string) ([]Finding, error) {
	f, err := load.ReadFile(path)
	var de *diag.Error
	if err != nil && !errors.As(err, &de) {
		return nil, err
	}
	return Parsed(f, err), nil
}

// Parsed lints a file already loaded: loadErr is what load returned with
// it (a *diag.Error or nil); f may be nil when the YAML did not parse.
func Parsed(f *load.File, loadErr error) []Finding {
	var out []Finding
	out = append(out, problems(loadErr, RuleSyntax)...)
	if f == nil {
		return sortFindings(out)
	}
	if loadErr == nil {
		_, err := validate.Spec(f)
		out = append(out, problems(err, RuleInvalid)...)
	}
	out = append(out, rows(f)...)
	return dedupe(sortFindings(out))
}

// problems turns a stage's *diag.Error into error findings.
func problems(err error, rule string) []Finding {
	var de *diag.Error
	if !errors.As(err, &de) {
		return nil
	}
	out := make([]Finding, 0, len(de.Problems))
	for _, p := range de.Problems {
		out = append(out, at(p.Pos, Error, rule, p.Msg))
	}
	return out
}

// at builds a finding at pos.
func at(pos diag.Pos, sev Severity, rule, msg string) Finding {
	return Finding{File: pos.File, Line: pos.Line, Col: pos.Col, Severity: sev, Rule: rule, Message: msg}
}

// sortFindings orders findings by file, line, column, then severity, rule
// and message, so that output is stable.
func sortFindings(fs []Finding) []Finding {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Message, b.Message))
	})
	return fs
}

// dedupe drops the validator's error about a missing classification where
// the unclassified rule reports the same row, and exact repeats.
func dedupe(fs []Finding) []Finding {
	unclassified := map[diag.Pos]bool{}
	for _, f := range fs {
		if f.Rule == RuleUnclassified {
			unclassified[diag.Pos{File: f.File, Line: f.Line, Col: f.Col}] = true
		}
	}
	out := make([]Finding, 0, len(fs))
	for i, f := range fs {
		pos := diag.Pos{File: f.File, Line: f.Line, Col: f.Col}
		if f.Rule == RuleInvalid && unclassified[pos] && isMissingClass(f.Message) {
			continue
		}
		if i > 0 && f == fs[i-1] {
			continue
		}
		out = append(out, f)
	}
	return out
}
