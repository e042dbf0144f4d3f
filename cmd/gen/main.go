// Command gen generates typed, classified Go from response-code tables.
//
// Run it from go generate in the module that holds the spec:
//
//	//go:generate go run github.com/codebookgen/codebook/cmd/gen -codes spec/codes.yaml -openapi spec/openapi -out generated -docs docs
//
// With -check it writes nothing, prints a diff of what would change and
// exits with status 1 when the generated files are stale. Problems in the
// spec are printed as file:line:col: message, and nothing is written.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/codebookgen/codebook/internal/gen"
	"github.com/codebookgen/codebook/internal/write"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg gen.Config
	fs.StringVar(&cfg.Codes, "codes", "spec/codes.yaml", "path of the code tables")
	fs.StringVar(&cfg.OpenAPI, "openapi", "", "directory of OpenAPI files linked to the code tables (x-codebook); clients are generated from them")
	fs.StringVar(&cfg.Out, "out", "generated", "directory for the generated Go packages")
	fs.StringVar(&cfg.Docs, "docs", "", "directory for the generated docs (Markdown, HTML, JSON); none when empty")
	fs.StringVar(&cfg.Templates, "templates", "", "directory of templates that replace the embedded doc templates of the same name")
	check := fs.Bool("check", false, "compare with the files on disk instead of writing; exit 1 when stale")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	out, err := gen.Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range out.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	files := out.Files
	if *check {
		return report(files, cfg, stdout, stderr)
	}
	if err := write.Write(files, cfg.Dirs()); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func report(files write.Files, cfg gen.Config, stdout, stderr io.Writer) int {
	diff, err := write.Check(files, cfg.Dirs())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if diff != "" {
		fmt.Fprint(stdout, diff)
		fmt.Fprintln(stderr, "generated files are stale: run go generate ./...")
		return 1
	}
	return 0
}
