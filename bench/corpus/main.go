// Command corpus generates a client for each spec of the shared OpenAPI
// corpus, checks that it passes go build and go vet, and prints per spec
// the generation time, generated lines, warnings and outcome, then the
// count "N/M build and vet". It exits 1 when any spec fails.
//
//	go run ./bench/corpus [-all] [-only name,...] [-keep DIR] [-corpus DIR] [-v]
//
// Without -all only the small specs (at most 130 KB) are checked; -v
// prints the generator's warnings. The corpus defaults to
// ../shared/corpus/openapi beside the repository root and is read in
// place. The build+vet time counts what the go build cache does not
// already hold.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

func main() {
	os.Exit(run())
}

// run parses the flags, checks the selected specs and returns the exit code.
func run() int {
	all := flag.Bool("all", false, "check every spec, not only those of at most 130 KB")
	only := flag.String("only", "", "comma-separated spec names (file names with or without extension) to check")
	keep := flag.String("keep", "", "write the generated modules under this directory and keep them")
	verbose := flag.Bool("v", false, "print the generator's warnings of every spec")
	dir := flag.String("corpus", "", "corpus directory (default "+corpus.DefaultDir+" relative to the repository root)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opts, specs, err := setup(*dir, *keep, *all, *only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		return 2
	}
	return check(ctx, specs, opts, *verbose)
}

// setup resolves the repository root, the corpus and the selected specs.
func setup(dir, keep string, all bool, only string) (corpus.Options, []corpus.Spec, error) {
	root, err := corpus.RepoRoot()
	if err != nil {
		return corpus.Options{}, nil, err
	}
	if dir, err = corpus.ResolveDir(dir, root); err != nil {
		return corpus.Options{}, nil, err
	}
	specs, err := corpus.List(dir)
	if err != nil {
		return corpus.Options{}, nil, err
	}
	specs, err = corpus.Select(specs, all, splitList(only))
	if err != nil {
		return corpus.Options{}, nil, err
	}
	opts := corpus.Options{Root: root}
	if keep != "" {
		if opts.Keep, err = filepath.Abs(keep); err != nil {
			return corpus.Options{}, nil, err
		}
	}
	fmt.Printf("corpus %s: %d specs\n", dir, len(specs))
	return opts, specs, nil
}

// check checks every spec, printing progress (and, when verbose, the
// warnings) to stderr and the table to stdout, and returns the exit code.
func check(ctx context.Context, specs []corpus.Spec, opts corpus.Options, verbose bool) int {
	start := time.Now()
	var results []corpus.Result
	for _, s := range specs {
		r := corpus.Check(ctx, s, opts)
		fmt.Fprintf(os.Stderr, "%-24s generate %v, build+vet %v: %s\n", s.Name,
			r.GenTime.Round(time.Millisecond), r.CheckTime.Round(time.Millisecond), status(r))
		if verbose {
			for _, w := range r.Warnings {
				fmt.Fprintln(os.Stderr, "\t"+w.String())
			}
		}
		results = append(results, r)
	}
	if err := corpus.WriteTable(os.Stdout, results); err != nil {
		fmt.Fprintln(os.Stderr, "corpus:", err)
		return 2
	}
	fmt.Printf("total %v\n", time.Since(start).Round(time.Millisecond))
	code := 0
	for _, r := range results {
		if !r.OK() {
			fmt.Fprintln(os.Stderr, corpus.Failure(r, 30))
			code = 1
		}
	}
	return code
}

// status is "ok" or "FAIL".
func status(r corpus.Result) string {
	if r.OK() {
		return "ok"
	}
	return "FAIL"
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}
