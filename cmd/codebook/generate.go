package main

import (
	"context"
	"flag"
	"io"

	"github.com/codebookgen/codebook/cmd/internal/genflag"
	"github.com/codebookgen/codebook/internal/gen"
	"github.com/codebookgen/codebook/internal/write"
)

// generateCommand is "codebook generate": cmd/gen's behaviour.
func generateCommand() *command {
	return &command{
		Name:    "generate",
		Summary: "generate Go packages and docs from codes.yaml and OpenAPI files",
		Description: `Generate reads the code tables (-codes) and, with -openapi, the OpenAPI files
linked to them by x-codebook, and writes one Go package per provider under -out:
typed codes, Classify, the error type, examples and the typed client; with
-docs, the Markdown, HTML and JSON reference too.

Files are written all or nothing. A spec with problems prints every one as
file:line:col: message and writes nothing. Generated files in the output
directories that the spec no longer produces are removed.`,
		Examples: `codebook generate -codes spec/codes.yaml -openapi spec/openapi -out generated -docs docs
# from go generate:
` + goGenerate + ` go run github.com/codebookgen/codebook/cmd/codebook generate -codes api/codes.yaml -out internal/codes`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			cfg := genflag.Declare(fs)
			return func(_ []string, stdout, stderr io.Writer) int {
				return runGenerate(*cfg, false, stdout, stderr)
			}
		},
	}
}

// runGenerate generates, then writes the files or, with check, compares
// them with the files on disk.
func runGenerate(cfg gen.Config, check bool, stdout, stderr io.Writer) int {
	out, err := gen.Run(context.Background(), cfg)
	if err != nil {
		fmtf(stderr, "%v\n", err)
		return exitProblems
	}
	for _, w := range out.Warnings {
		fmtf(stderr, "warning: %s\n", w)
	}
	if check {
		return reportStale(out.Files, cfg.Dirs(), stdout, stderr)
	}
	if err := write.Write(out.Files, cfg.Dirs()); err != nil {
		fmtf(stderr, "%v\n", err)
		return exitProblems
	}
	return exitOK
}
