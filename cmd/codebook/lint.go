package main

import (
	"encoding/json"
	"flag"
	"io"

	"github.com/codebookgen/codebook/internal/lint"
)

// lintCommand is "codebook lint": the validator's errors and the rows to
// look at again.
func lintCommand() *command {
	return &command{
		Name:    "lint",
		Summary: "report problems and doubtful rows of a codes.yaml",
		Args:    "[FILE]",
		MaxArgs: 1,
		Description: `Lint reads FILE (default spec/codes.yaml) and reports, sorted by position:

errors, which generate refuses:
  syntax        the file is not YAML of the codes.yaml shape
  invalid       a value or combination the validator refuses (an unsafe class, a duplicate code, ...)
  unclassified  a row without outcome, retry, fault or category

warnings, rows generate accepts that a person should look at again:
  draft         a row whose note starts with "draft": classified uncertain/reconcile until decided
  inferred      a field the docs do not state (the row's inferred list)
  doc-mistake   the docs' row kept as written, with a note of a mistake or ambiguity
  http-column   the docs' HTTP column holding a number that is no HTTP status (a code)

Each finding is printed as file:line:col: severity: message (rule); -json prints
an array of {file, line, col, severity, rule, message} instead. Lint exits 1
when there is an error, and with -strict when there is a warning too.`,
		Examples: `codebook lint spec/codes.yaml
# in CI, failing on anything left to decide:
codebook lint -strict api/codes.yaml
codebook lint -json spec/codes.yaml | jq '.[] | select(.rule == "draft")'`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			asJSON := fs.Bool("json", false, "print the findings as a JSON array of {file,line,col,severity,rule,message}")
			strict := fs.Bool("strict", false, "exit 1 on warnings too")
			return func(args []string, stdout, stderr io.Writer) int {
				path := "spec/codes.yaml"
				if len(args) > 0 {
					path = args[0]
				}
				return runLint(path, *asJSON, *strict, stdout, stderr)
			}
		},
	}
}

// runLint lints path, prints the findings and returns the exit code.
func runLint(path string, asJSON, strict bool, stdout, stderr io.Writer) int {
	findings, err := lint.File(path)
	if err != nil {
		fmtf(stderr, "codebook lint: %v\n", err)
		return exitProblems
	}
	if asJSON {
		if findings == nil {
			findings = []lint.Finding{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(findings); err != nil {
			fmtf(stderr, "codebook lint: %v\n", err)
			return exitProblems
		}
	} else {
		for _, f := range findings {
			fmtf(stdout, "%s\n", f)
		}
	}
	errs, warns := count(findings)
	if !asJSON || errs+warns > 0 {
		fmtf(stderr, "%s: %d errors, %d warnings\n", path, errs, warns)
	}
	if errs > 0 || (strict && warns > 0) {
		return exitProblems
	}
	return exitOK
}

// count returns the number of errors and of warnings.
func count(findings []lint.Finding) (errs, warns int) {
	for _, f := range findings {
		if f.Severity == lint.Error {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}
