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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/codebookgen/codebook/cmd/internal/genflag"
	"github.com/codebookgen/codebook/internal/gen"
	"github.com/codebookgen/codebook/internal/write"
	"github.com/codebookgen/codebook/spec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// usage is the text of -h: what the command does, how to call it, an
// example and the exit codes; the flags follow it.
const usage = `gen turns response-code tables (codes.yaml) into typed, classified Go: constants,
Classify and ClassifyHTTP, an error type and examples per provider, and, with -openapi, a typed
client from OpenAPI files linked to the tables by x-codebook. With -docs it writes Markdown, HTML and
JSON references too. Output is all or nothing: a spec with problems prints each as
file:line:col: message and writes nothing.

Usage:
  gen [-codes FILE] [-openapi DIR] [-out DIR] [-docs DIR] [-templates DIR] [-check]
  gen -schema > codes.schema.json   (the JSON Schema of codes.yaml, for an editor)

Example (the go:generate line of a consuming repository):
  //go:generate go run github.com/codebookgen/codebook/cmd/gen -codes api/codes.yaml -out internal/codes

Exit status: 0 done (or, with -check, up to date); 1 a problem in the spec or the files, or, with
-check, stale files; 2 a usage error (an unknown flag, an argument).

Flags:
`

// run is main without the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	cfg := genflag.Declare(fs)
	check := fs.Bool("check", false, "compare with the files on disk instead of writing; exit 1 when stale")
	schema := fs.Bool("schema", false, "print the JSON Schema of codes.yaml for an editor, and nothing else (see spec/README.md)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "gen: unexpected argument %q: gen takes flags only, such as -codes %s (gen -h for help)\n",
			fs.Arg(0), fs.Arg(0))
		return 2
	}
	if *schema {
		_, _ = stdout.Write(spec.Schema())
		return 0
	}
	if err := checkDir("-openapi", cfg.OpenAPI); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	out, err := gen.Run(context.Background(), *cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range out.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	files := out.Files
	if *check {
		return report(files, *cfg, stdout, stderr)
	}
	if err := write.Write(files, cfg.Dirs()); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// checkDir says, naming the flag, what is wrong with a directory given to
// it; nil when dir is empty (the flag unset) or a directory.
func checkDir(flagName, dir string) error {
	if dir == "" {
		return nil
	}
	info, err := os.Stat(dir)
	switch {
	case err != nil:
		return fmt.Errorf("gen: %s %s: %v; give the directory that holds the OpenAPI files, or leave %s out",
			flagName, dir, errors.Unwrap(err), flagName)
	case !info.IsDir():
		return fmt.Errorf("gen: %s %s is a file; give the directory that holds it (%s %s)",
			flagName, dir, flagName, filepath.Dir(dir))
	}
	return nil
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
