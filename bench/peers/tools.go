package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// Pinned peers. The proxy serves ogen v1.14.0; ogenFallback is used only
// when it does not.
const (
	oapiCodegenPkg = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	oapiCodegenVer = "v2.8.2"
	ogenPkg        = "github.com/ogen-go/ogen/cmd/ogen"
	ogenVer        = "v1.14.0"
	ogenFallback   = "v1.24.0"
)

// tool is one generator: how to run it on a spec into an empty directory.
type tool struct {
	name string
	// args returns the command line for spec writing into out; it may
	// write a config file into cfg (a directory of its own) first.
	args func(spec, out, cfg string) ([]string, error)
}

// prepare builds codebook into work (unless ours names a binary) and
// installs (or finds cached) the peers; the first tool is always codebook.
func prepare(ctx context.Context, root, work, ours string) ([]tool, error) {
	if ours == "" {
		ours = filepath.Join(work, "codebook")
		build := exec.CommandContext(ctx, "go", "build", "-o", ours, "./cmd/codebook")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building codebook: %v\n%s", err, out)
		}
	} else if _, err := os.Stat(ours); err != nil {
		return nil, err
	}
	oapi, err := install(ctx, oapiCodegenPkg, oapiCodegenVer)
	if err != nil {
		return nil, err
	}
	ogen, err := install(ctx, ogenPkg, ogenVer)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ogen %s: %v; using %s\n", ogenVer, err, ogenFallback)
		if ogen, err = install(ctx, ogenPkg, ogenFallback); err != nil {
			return nil, err
		}
	}
	return []tool{
		{"codebook", func(spec, out, _ string) ([]string, error) {
			return []string{ours, "client", "-package", "p", "-out", out, spec}, nil
		}},
		{"oapi-codegen " + oapiCodegenVer, func(spec, out, cfg string) ([]string, error) {
			return oapiCodegenArgs(oapi, spec, out, cfg)
		}},
		{"ogen " + filepath.Base(filepath.Dir(ogen)), func(spec, out, cfg string) ([]string, error) {
			return ogenArgs(ogen, spec, out, cfg)
		}},
	}, nil
}

// oapiCodegenConfig generates models and the client into one file,
// renaming colliding type names (api.github.com has some) instead of
// failing.
const oapiCodegenConfig = `package: p
output: %s
generate:
  models: true
  client: true
output-options:
  resolve-type-name-collisions: true
`

// ogenConfig skips the operations that use what ogen does not implement
// (k8s and api.github.com have some) instead of failing.
const ogenConfig = `generator:
  ignore_not_implemented: ["all"]
`

// oapiCodegenArgs writes oapi-codegen's config into cfg and returns its
// command line.
func oapiCodegenArgs(bin, spec, out, cfg string) ([]string, error) {
	path := filepath.Join(cfg, "oapi-codegen.yaml")
	text := fmt.Sprintf(oapiCodegenConfig, filepath.Join(out, "client.gen.go"))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return nil, err
	}
	return []string{bin, "-config", path, spec}, nil
}

// ogenArgs writes ogen's config into cfg and returns its command line.
func ogenArgs(bin, spec, out, cfg string) ([]string, error) {
	path := filepath.Join(cfg, "ogen.yml")
	if err := os.WriteFile(path, []byte(ogenConfig), 0o644); err != nil {
		return nil, err
	}
	return []string{bin, "-config", path, "-package", "p", "-target", out, "-clean", spec}, nil
}

// cacheDir is where the peers' binaries are kept between runs.
func cacheDir() string {
	if dir := os.Getenv("XDG_CACHE_HOME"); dir != "" {
		return filepath.Join(dir, "codebook-bench-peers")
	}
	return filepath.Join(os.TempDir(), "codebook-bench-peers")
}

// install returns the binary of pkg at version, running go install into
// a GOBIN of its own under cacheDir when it is not there yet.
func install(ctx context.Context, pkg, version string) (string, error) {
	gobin := filepath.Join(cacheDir(), version)
	bin := filepath.Join(gobin, filepath.Base(pkg))
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Fprintf(os.Stderr, "go install %s@%s\n", pkg, version)
	cmd := exec.CommandContext(ctx, "go", "install", pkg+"@"+version)
	cmd.Dir = os.TempDir() // outside this module: go.mod is not touched
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %v: %s", pkg, version, err, firstLine(string(out)))
	}
	return bin, nil
}

// result is one tool's outcome on one spec.
type result struct {
	times []time.Duration // wall time of each successful run
	cpu   []time.Duration // user+system CPU time of each successful run
	lines int             // generated Go lines of the last run
	err   string          // first line of the error, when it failed
}

// row is one spec's results, in the order of the tools.
type row struct {
	spec    string
	results []result
}

// measure runs every tool n times on spec, alternately (the order turns
// each round so no tool always runs first), each time into a fresh out.
// A tool that fails is not run again on this spec.
func measure(ctx context.Context, spec corpus.Spec, tools []tool, out string, n int) row {
	r := row{spec: spec.Name, results: make([]result, len(tools))}
	for round := range n {
		for k := range tools {
			i := (round + k) % len(tools)
			res := &r.results[i]
			if res.err != "" {
				continue
			}
			m, err := runOnce(ctx, tools[i], spec.Path, out)
			if err != nil {
				res.err = firstLine(err.Error())
				continue
			}
			res.times, res.cpu = append(res.times, m.wall), append(res.cpu, m.cpu)
			res.lines = m.lines
		}
	}
	return r
}

// measured is one measured process.
type measured struct {
	wall, cpu time.Duration // elapsed; user+system CPU
	lines     int           // Go lines written
}

// runOnce runs t on spec into an emptied out (its config, if any, in a
// directory beside it) and measures the process and the Go it wrote.
func runOnce(ctx context.Context, t tool, spec, out string) (measured, error) {
	cfg := out + "-config"
	for _, dir := range []string{out, cfg} {
		if err := os.RemoveAll(dir); err != nil {
			return measured{}, err
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return measured{}, err
		}
	}
	args, err := t.args(spec, out, cfg)
	if err != nil {
		return measured{}, err
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	m := measured{wall: time.Since(start)}
	if err != nil {
		return measured{}, fmt.Errorf("%v: %s", err, errorLine(stderr.String()))
	}
	m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	m.lines, err = goLines(out)
	return m, err
}

// goLines counts the lines of the .go files under dir.
func goLines(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		n += bytes.Count(data, []byte("\n"))
		return err
	})
	if n == 0 && err == nil {
		err = errors.New("no Go file written")
	}
	return n, err
}

// errorLine picks the first line of stderr that is not a warning or a
// log line (ogen logs INFO and WARN lines before its error), or the first
// line when every line is one.
func errorLine(stderr string) string {
	for line := range strings.Lines(stderr) {
		l := strings.TrimSpace(line)
		if l != "" && !strings.HasPrefix(l, "warning:") && !isLogLine(l) {
			return l
		}
	}
	return firstLine(stderr)
}

// isLogLine reports whether l starts with a log level, as ogen's do.
func isLogLine(l string) bool {
	for _, level := range []string{"DEBUG", "INFO", "WARN"} {
		if strings.HasPrefix(l, level+"\t") || strings.HasPrefix(l, level+" ") {
			return true
		}
	}
	return false
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if l := strings.TrimSpace(line); l != "" {
			return l
		}
	}
	return ""
}
