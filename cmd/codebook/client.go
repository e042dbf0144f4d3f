package main

import (
	"context"
	"flag"
	"io"
	"path/filepath"
	"strings"

	"github.com/codebookgen/codebook/internal/gen"
	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/write"
)

// clientCommand is "codebook client": a client for any OpenAPI file.
func clientCommand() *command {
	return &command{
		Name:    "client",
		Summary: "generate a typed client (and server interfaces) for any OpenAPI 3.0/3.1 file",
		Args:    "SPEC",
		MinArgs: 1, MaxArgs: 1,
		Description: `Client generates one Go package from the OpenAPI 3.0 or 3.1 file SPEC (YAML or
JSON); the file needs no x-codebook extension and no code tables. The package
holds the models (open enums that keep unknown values, allOf, oneOf/anyOf,
nullable, formats), a Client with one method per operation, NewClient and its
options (base URL, *http.Client, user agent, hooks, slog logger, the spec's
API key, bearer, basic or OAuth2 client-credentials auth). With -server it
also holds Server, an interface with one method per operation, and
NewServerHandler, the http.Handler that routes and decodes requests for it.

What cannot be typed becomes json.RawMessage with a file:line:col warning on
stderr; only a spec that cannot be read fails. The output depends only on the
spec and the flags. Files are written all or nothing; the client*.go and
server*.go files of an earlier run that this run no longer produces are
removed from -out (only there, not below it; other generated files are kept).
With -check nothing is written: a diff is printed and the exit code is 1 when
the files on disk differ. An x-codebook in SPEC is ignored here (generate
links it to code tables). The server refuses paths it cannot route (a
variable inside a segment, two paths that route alike) with their position.

-package defaults to the base name of -out, and -out to the spec's file name
without its extension, so "codebook client petstore.yaml" writes package
petstore into ./petstore.`,
		Examples: `codebook client -package petstore -out internal/petstore api/petstore.yaml
codebook client -server -out internal/bank openapi/bank.json
# from go generate, in the package's directory:
` + goGenerate + ` go run github.com/codebookgen/codebook/cmd/codebook client -package stripe -out . stripe.yaml`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			var cfg gen.ClientConfig
			fs.StringVar(&cfg.Package, "package", "", "Go package name (default: the base name of -out)")
			fs.StringVar(&cfg.Out, "out", "", "directory of the generated package (default: the spec's file name without extension)")
			fs.BoolVar(&cfg.Server, "server", false, "also generate the Server interface and its http.Handler")
			check := fs.Bool("check", false, "compare with the files on disk instead of writing; exit 1 when stale")
			return func(args []string, stdout, stderr io.Writer) int {
				cfg.Spec = args[0]
				return runClient(cfg, *check, stdout, stderr)
			}
		},
	}
}

// runClient fills in the defaults, generates and writes (or checks).
func runClient(cfg gen.ClientConfig, check bool, stdout, stderr io.Writer) int {
	if cfg.Out == "" {
		cfg.Out = strings.TrimSuffix(filepath.Base(cfg.Spec), filepath.Ext(cfg.Spec))
	}
	if cfg.Package == "" {
		cfg.Package = packageName(cfg.Out)
		if cfg.Package == "" {
			fmtf(stderr, "codebook client: no Go package name follows from -out %q: pass -package\n", cfg.Out)
			return exitUsage
		}
	}
	out, err := gen.Client(context.Background(), cfg)
	if err != nil {
		fmtf(stderr, "codebook client: %v\n", err)
		return exitProblems
	}
	for _, w := range out.Warnings {
		fmtf(stderr, "warning: %s\n", w)
	}
	stale, err := gen.StaleIn(out.Files, cfg.Out)
	if err != nil {
		fmtf(stderr, "codebook client: %v\n", err)
		return exitProblems
	}
	if check {
		return checkClient(out.Files, stale, stdout, stderr)
	}
	if err := write.Write(out.Files, nil); err != nil {
		fmtf(stderr, "codebook client: %v\n", err)
		return exitProblems
	}
	if err := write.Remove(stale); err != nil {
		fmtf(stderr, "codebook client: %v\n", err)
		return exitProblems
	}
	return exitOK
}

// checkClient prints what writing would change and returns exitProblems
// when anything would.
func checkClient(files write.Files, stale []string, stdout, stderr io.Writer) int {
	diff, err := write.Check(files, nil)
	if err != nil {
		fmtf(stderr, "codebook client: %v\n", err)
		return exitProblems
	}
	fmtf(stdout, "%s", diff)
	for _, path := range stale {
		fmtf(stdout, "stale: %s (would be removed)\n", path)
	}
	if diff != "" || len(stale) > 0 {
		fmtf(stderr, "the generated client is stale: run codebook client with the same flags\n")
		return exitProblems
	}
	return exitOK
}

// packageName derives a Go package name from a directory: its base name,
// lower-cased, letters and digits only, not starting with a digit; empty
// when nothing usable is left.
func packageName(dir string) string {
	base := filepath.Base(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		base = filepath.Base(abs)
	}
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
	}
	if name := b.String(); naming.IsIdentifier(name) {
		return name
	}
	return ""
}
