package main

import (
	"flag"
	"io"

	"github.com/codebookgen/codebook/cmd/internal/genflag"
	"github.com/codebookgen/codebook/internal/write"
)

// checkCommand is "codebook check": the staleness check.
func checkCommand() *command {
	return &command{
		Name:    "check",
		Summary: "exit 1 with a diff when the generated files are stale",
		Description: `Check generates exactly as generate does with the same flags, writes nothing,
and compares the result with the files on disk. When they differ it prints a
unified diff on stdout and exits 1; a generated file that the spec no longer
produces counts as stale too. Run it in CI after go generate.`,
		Examples: `codebook check -codes spec/codes.yaml -openapi spec/openapi -out generated -docs docs`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			cfg := genflag.Declare(fs)
			return func(_ []string, stdout, stderr io.Writer) int {
				return runGenerate(*cfg, true, stdout, stderr)
			}
		},
	}
}

// reportStale prints the diff between files and the disk, and returns
// exitProblems when there is one.
func reportStale(files write.Files, dirs []string, stdout, stderr io.Writer) int {
	diff, err := write.Check(files, dirs)
	if err != nil {
		fmtf(stderr, "%v\n", err)
		return exitProblems
	}
	if diff != "" {
		fmtf(stdout, "%s", diff)
		fmtf(stderr, "generated files are stale: run go generate ./... (or codebook generate with the same flags)\n")
		return exitProblems
	}
	return exitOK
}
