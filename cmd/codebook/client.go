package main

import (
	"flag"
	"io"
)

// clientCommand is "codebook client": a client for any OpenAPI file.
func clientCommand() *command {
	return &command{
		Name:    "client",
		Summary: "generate a typed client (and server interfaces) for any OpenAPI 3.0/3.1 file",
		Args:    "SPEC",
		MinArgs: 1, MaxArgs: 1,
		Description: `Client generates a typed Go client for the OpenAPI 3.0 or 3.1 file SPEC.`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(_ []string, _, stderr io.Writer) int {
				fmtf(stderr, "codebook client: not implemented yet\n")
				return exitProblems
			}
		},
	}
}
