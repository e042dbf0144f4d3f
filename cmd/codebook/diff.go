package main

import (
	"flag"
	"io"

	"github.com/codebookgen/codebook/internal/tablediff"
)

// diffCommand is "codebook diff": what changed between two codes.yaml.
func diffCommand() *command {
	return &command{
		Name:    "diff",
		Summary: "show what changed between two versions of a codes.yaml; exit 1 on breaking changes",
		Args:    "OLD NEW",
		MinArgs: 2, MaxArgs: 2,
		Description: `Diff compares two versions of a codes file and prints what changed for the code
that uses them: providers, tables and rows added or removed, rows renamed (same
code, new message or Go name), HTTP statuses, outcomes, retries, delays, faults
and categories changed.

A change that breaks callers is marked BREAKING, with the reason: a provider,
table or row removed or renamed; a class moved toward less safe (uncertain or
pending to failed or success, anything to failed, reconcile to never or
backoff, a retry that resends sooner); a category changed (errors.Is). Rows
are paired by code, then by status and message, then by name; a row reused
with "use" counts in every table that uses it.

Diff exits 1 when a change is breaking, 0 otherwise, like oasdiff's --fail-on,
so CI can stop a release that would break callers. Both files must be valid
(codebook lint shows why one is not). -json prints {old, new, breaking,
changes: [{provider, table, row, kind, breaking, old, new, why, old_pos,
new_pos}]}.`,
		Examples: `codebook diff old/codes.yaml spec/codes.yaml
# against the last release, in CI:
git show v1.2.0:spec/codes.yaml > /tmp/codes-v1.2.0.yaml && codebook diff /tmp/codes-v1.2.0.yaml spec/codes.yaml
codebook diff -json old.yaml new.yaml`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			asJSON := fs.Bool("json", false, "print the changes as JSON")
			return func(args []string, stdout, stderr io.Writer) int {
				return runDiff(args[0], args[1], *asJSON, stdout, stderr)
			}
		},
	}
}

func runDiff(oldPath, newPath string, asJSON bool, stdout, stderr io.Writer) int {
	old, err := tablediff.Load(oldPath)
	if err != nil {
		fmtf(stderr, "%v\n", err)
		return exitProblems
	}
	newSpec, err := tablediff.Load(newPath)
	if err != nil {
		fmtf(stderr, "%v\n", err)
		return exitProblems
	}
	changes := tablediff.Compare(old, newSpec)
	report := tablediff.NewReport(oldPath, newPath, changes)
	write := tablediff.WriteText
	if asJSON {
		write = tablediff.WriteJSON
	}
	if err := write(stdout, report); err != nil {
		fmtf(stderr, "codebook diff: %v\n", err)
		return exitProblems
	}
	if tablediff.Breaking(changes) {
		return exitProblems
	}
	return exitOK
}
