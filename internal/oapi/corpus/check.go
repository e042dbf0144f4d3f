package corpus

import (
	"bytes"
	"context"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/codebookgen/codebook/internal/oapi"
)

// Options says how to check specs.
type Options struct {
	// Root is the repository root, the target of the replace directive a
	// module gets when its generated code imports this module.
	Root string
	// Keep, when set, is the directory the modules are written to (one
	// subdirectory per spec) and left in; otherwise each goes to a
	// temporary directory removed afterwards.
	Keep string
	// Config is the generator's configuration; PackageName defaults to
	// "client".
	Config oapi.Config
}

// Result is the outcome of one spec.
type Result struct {
	Spec      Spec
	GenTime   time.Duration // time of oapi.Generate
	CheckTime time.Duration // time of go build and go vet
	Files     int           // generated files
	Lines     int           // generated lines
	Warnings  []oapi.Warning
	// Err is why the spec failed: generation, writing, build or vet; nil
	// when the client builds and vets.
	Err error
	// Output is the output of the failing go command, "" otherwise.
	Output string
}

// OK reports whether the generated client builds and vets.
func (r Result) OK() bool { return r.Err == nil }

// Check generates the client of spec into a module of its own and runs
// go build ./... and go vet ./... there.
func Check(ctx context.Context, spec Spec, opts Options) Result {
	res := Result{Spec: spec}
	files, err := generate(ctx, spec, opts, &res)
	if err != nil {
		res.Err = err
		return res
	}
	dir, cleanup, err := moduleDir(spec, opts.Keep)
	if err != nil {
		res.Err = err
		return res
	}
	defer cleanup()
	if err := WriteModule(dir, moduleName(spec.Name), files, opts.Root); err != nil {
		res.Err = err
		return res
	}
	start := time.Now()
	res.Output, res.Err = buildAndVet(ctx, dir)
	res.CheckTime = time.Since(start)
	return res
}

// generate runs the generator, turning a panic into an error so that one
// spec cannot stop the run.
func generate(ctx context.Context, spec Spec, opts Options, res *Result) (files map[string][]byte, err error) {
	cfg := opts.Config
	if cfg.PackageName == "" {
		cfg.PackageName = "client"
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("generate: panic: %v", r)
		}
	}()
	start := time.Now()
	out, err := oapi.Generate(ctx, spec.Path, cfg)
	res.GenTime = time.Since(start)
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	res.Files, res.Warnings = len(out.Files), out.Warnings
	for _, src := range out.Files {
		res.Lines += bytes.Count(src, []byte("\n"))
	}
	return out.Files, nil
}

// moduleDir returns the directory to write spec's module to and the
// function removing it when it is temporary.
func moduleDir(spec Spec, keep string) (string, func(), error) {
	if keep == "" {
		dir, err := os.MkdirTemp("", "corpus-"+moduleName(spec.Name)+"-")
		return dir, func() { os.RemoveAll(dir) }, err
	}
	dir := filepath.Join(keep, moduleName(spec.Name))
	if err := os.RemoveAll(dir); err != nil {
		return "", nil, err
	}
	return dir, func() {}, os.MkdirAll(dir, 0o755)
}

// moduleName turns a spec name into a module path element: lower-case
// letters, digits, dots and dashes.
func moduleName(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	if s := strings.Trim(b.String(), ".-"); s != "" {
		return s
	}
	return "spec"
}

// WriteModule writes go.mod (module example.com/corpus/<name>, go 1.24)
// and files into dir. The module requires this repository, replaced by
// root, only when the generated code imports it.
func WriteModule(dir, name string, files map[string][]byte, root string) error {
	gomod := fmt.Sprintf("module example.com/corpus/%s\n\ngo 1.24\n", name)
	imports, err := importsRepo(files)
	if err != nil {
		return err
	}
	if imports {
		if root == "" {
			return fmt.Errorf("generated code imports %s but no repository root is known", ModulePath)
		}
		gomod += fmt.Sprintf("\nrequire %s v0.0.0-00010101000000-000000000000\n\nreplace %s => %s\n", ModulePath, ModulePath, strconv.Quote(root))
		if sum, err := os.ReadFile(filepath.Join(root, "go.sum")); err == nil {
			files = withFile(files, "go.sum", sum)
		}
	}
	files = withFile(files, "go.mod", []byte(gomod))
	for _, name := range sortedKeys(files) {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// withFile returns a copy of files with name set to data.
func withFile(files map[string][]byte, name string, data []byte) map[string][]byte {
	out := make(map[string][]byte, len(files)+1)
	for k, v := range files {
		out[k] = v
	}
	out[name] = data
	return out
}

// importsRepo reports whether any generated Go file imports a package of
// this module.
func importsRepo(files map[string][]byte) (bool, error) {
	fset := token.NewFileSet()
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, files[name], parser.ImportsOnly)
		if err != nil {
			return false, fmt.Errorf("generated %s does not parse: %w", name, err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == ModulePath || strings.HasPrefix(p, ModulePath+"/") {
				return true, nil
			}
		}
	}
	return false, nil
}

// buildAndVet runs go build ./... and then go vet ./... in dir.
func buildAndVet(ctx context.Context, dir string) (string, error) {
	for _, verb := range []string{"build", "vet"} {
		if out, err := Go(ctx, dir, verb, "./..."); err != nil {
			return out, err
		}
	}
	return "", nil
}

// Go runs the go command with args in dir, the module standing alone
// (GOFLAGS=-mod=mod, GOWORK=off, the local toolchain), and returns its
// combined output when it fails.
func Go(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return "", nil
}

// sortedKeys returns the keys of m in byte order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
