// Command peers compares whole-process client generation by codebook with
// its peers, oapi-codegen and ogen, on specs of the shared OpenAPI corpus.
// It installs the pinned peers with go install into a cached GOBIN, builds
// the codebook binary once, then for each spec runs codebook, oapi-codegen
// and ogen alternately -n times each, every run a whole process writing
// into a fresh temporary directory, and prints per spec the median wall
// times, the ratios codebook/oapi-codegen and codebook/ogen, and the
// generated Go line counts. A peer that fails on a spec is shown as failed
// with the first line of its error.
//
//	go run ./bench/peers [-n 5] [-all] [-only name,...] [-corpus DIR] [-codebook BIN]
//
// Without -all it runs tinkoff, openai, k8s and api.github.com (issue 14's
// specs). -codebook compares a binary built elsewhere (another branch's).
// The peers are cached under $XDG_CACHE_HOME/codebook-bench-peers
// (or /tmp/codebook-bench-peers); go.mod is not touched. It is not run in
// CI: make bench-peers runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// defaultSpecs are the specs of issue 14's comparison.
var defaultSpecs = []string{"tinkoff", "openai", "k8s", "api.github.com"}

func main() {
	os.Exit(run())
}

// run parses the flags, prepares the tools and prints the comparison.
func run() int {
	n := flag.Int("n", 5, "runs of each tool on each spec (the median is printed)")
	all := flag.Bool("all", false, "every spec of the corpus, not only issue 14's four")
	only := flag.String("only", "", "comma-separated spec names (without extension) to run")
	dir := flag.String("corpus", "", "corpus directory (default "+corpus.DefaultDir+" relative to the repository root)")
	ours := flag.String("codebook", "", "run this codebook binary instead of building one from the repository")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *n < 1 {
		fmt.Fprintln(os.Stderr, "peers: -n must be at least 1")
		return 2
	}
	specs, root, err := selectSpecs(*dir, *all, *only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		return 2
	}
	work, err := os.MkdirTemp("", "codebook-peers-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		return 1
	}
	defer os.RemoveAll(work)
	tools, err := prepare(ctx, root, work, *ours)
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		return 1
	}
	return compare(ctx, specs, tools, work, *n)
}

// selectSpecs resolves the repository root and the specs to run.
func selectSpecs(dir string, all bool, only string) ([]corpus.Spec, string, error) {
	root, err := corpus.RepoRoot()
	if err != nil {
		return nil, "", err
	}
	if dir, err = corpus.ResolveDir(dir, root); err != nil {
		return nil, "", err
	}
	specs, err := corpus.List(dir)
	if err != nil {
		return nil, "", err
	}
	names := defaultSpecs
	if only != "" {
		names = strings.Split(only, ",")
	}
	if all && only == "" {
		return specs, root, nil
	}
	specs, err = corpus.Select(specs, true, names)
	return specs, root, err
}

// compare runs every spec and prints the table; it returns 1 when
// codebook itself failed on a spec, else 0 (peers may fail).
func compare(ctx context.Context, specs []corpus.Spec, tools []tool, work string, n int) int {
	fmt.Printf("load average before: %s\n", loadAverage())
	var rows []row
	code := 0
	for _, spec := range specs {
		fmt.Fprintf(os.Stderr, "%s: %d x %d runs\n", spec.Name, n, len(tools))
		r := measure(ctx, spec, tools, filepath.Join(work, "out"), n)
		if r.results[0].err != "" {
			code = 1
		}
		rows = append(rows, r)
	}
	fmt.Printf("load average after: %s\n", loadAverage())
	fmt.Printf("\nmedian wall time of %d whole-process runs per tool, run alternately\n\n", n)
	fmt.Print(table(tools, rows))
	return code
}

// loadAverage returns the 1, 5 and 15 minute load averages, or "unknown".
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	if len(fields) < 3 {
		return "unknown"
	}
	return strings.Join(fields[:3], " ")
}
