package main

import (
	"flag"
	"io"
)

// lintCommand is "codebook lint".
func lintCommand() *command {
	return &command{
		Name:        "lint",
		Summary:     "report problems and doubtful rows of a codes.yaml",
		Args:        "[FILE]",
		MaxArgs:     1,
		Description: `Lint reports what the validator refuses and what it only warns about.`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(_ []string, _, stderr io.Writer) int {
				fmtf(stderr, "codebook lint: not implemented yet\n")
				return exitProblems
			}
		},
	}
}
