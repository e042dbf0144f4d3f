package main

import (
	"context"
	"flag"
	"io"

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
			cfg := genFlags(fs)
			return func(_ []string, stdout, stderr io.Writer) int {
				return runGenerate(*cfg, false, stdout, stderr)
			}
		},
	}
}

// genFlags declares cmd/gen's flags (without -check) on fs.
func genFlags(fs *flag.FlagSet) *gen.Config {
	var cfg gen.Config
	fs.StringVar(&cfg.Codes, "codes", "spec/codes.yaml", "path of the code tables")
	fs.StringVar(&cfg.OpenAPI, "openapi", "", "directory of OpenAPI files linked to the code tables (x-codebook); clients are generated from them")
	fs.StringVar(&cfg.Out, "out", "generated", "directory for the generated Go packages")
	fs.StringVar(&cfg.Docs, "docs", "", "directory for the generated docs (Markdown, HTML, JSON); none when empty")
	fs.StringVar(&cfg.Templates, "templates", "", "directory of templates that replace the embedded doc templates of the same name")
	return &cfg
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
