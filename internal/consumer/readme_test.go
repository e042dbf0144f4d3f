package consumer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
)

// Markers in README.md. The consumer section lies between stepsStart and
// stepsEnd; fileMarker names the file the next fenced block is; a
// snippetMarker before a ```go block holds package-level declarations the
// snippet takes as given (var resp *http.Response).
const (
	stepsStart    = "<!-- consumer-steps"
	stepsEnd      = "<!-- consumer-steps-end -->"
	fileMarker    = "<!-- file: "
	snippetMarker = "<!-- go-snippet: "
	printsComment = "# prints: "
	targetCmds    = 3 // commands from an empty module to a classified response
)

// block is one fenced block of README.md.
type block struct {
	lang  string
	line  int    // of the first line inside the fence
	text  string // without the fences
	file  string // from a file marker, if any
	decls string // from a go-snippet marker, if any
	steps bool   // inside the consumer section
}

// readmeBlocks returns every fenced block of the README.
func readmeBlocks(t *testing.T) []block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testmod.Root(t), "README.md"))
	require.NoError(t, err)
	var blocks []block
	var cur *block
	var file, decls string
	steps := false
	for i, line := range strings.Split(string(data), "\n") {
		switch {
		case cur != nil && strings.HasPrefix(line, "```"):
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.text += line + "\n"
		case strings.HasPrefix(line, "```"):
			cur = &block{lang: strings.TrimPrefix(line, "```"), line: i + 2, file: file, decls: decls, steps: steps}
			file, decls = "", ""
		case strings.HasPrefix(line, stepsEnd):
			steps = false
		case strings.HasPrefix(line, stepsStart):
			steps = true
		case strings.HasPrefix(line, fileMarker):
			file = strings.TrimSuffix(strings.TrimPrefix(line, fileMarker), " -->")
		case strings.HasPrefix(line, snippetMarker):
			decls = strings.TrimSuffix(strings.TrimPrefix(line, snippetMarker), " -->")
		}
	}
	require.Nil(t, cur, "README.md: a fenced block is not closed")
	return blocks
}

// TestREADMEConsumerSteps runs the README's consumer section as written in
// an empty directory: its files written, its commands run one by one. The
// module is not published, so after `go mod init` a replace directive
// pointing at this checkout is added, and `go get` runs with GOPROXY=off
// (see goGetTool); the README says both. It counts the commands from the
// empty module to the classified response (target: three) and checks what
// the last one prints.
func TestREADMEConsumerSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	dir := t.TempDir()
	var cmds []string
	for _, b := range readmeBlocks(t) {
		switch {
		case !b.steps:
		case b.file != "":
			require.NoError(t, os.WriteFile(filepath.Join(dir, b.file), []byte(b.text), 0o644))
		case b.lang == "sh":
			cmds = append(cmds, strings.Split(strings.TrimSpace(b.text), "\n")...)
		}
	}
	require.NotEmpty(t, cmds, "README.md has no consumer steps between %q and %q", stepsStart, stepsEnd)
	require.True(t, strings.HasPrefix(cmds[0], "go mod init "), "the steps start from an empty module: %q", cmds[0])
	assert.Len(t, cmds[1:], targetCmds, "commands from an empty module to a classified response")
	for i, line := range cmds {
		out := runStep(t, dir, line)
		if i == 0 {
			addReplace(t, dir)
		}
		if _, want, ok := strings.Cut(line, printsComment); ok {
			assert.Equal(t, strings.TrimSpace(want), strings.TrimSpace(out), "%s", line)
		}
	}
}

// runStep runs one README command line with sh in dir.
func runStep(t *testing.T, dir, line string) string {
	t.Helper()
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if strings.HasPrefix(line, "go get ") {
		cmd.Env = append(cmd.Env, "GOPROXY=off")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "README step %q:\n%s%s", line, stdout.String(), stderr.String())
	return stdout.String()
}

// addReplace points the new module's codebook requirement at this checkout.
func addReplace(t *testing.T, dir string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, "go.mod"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = fmt.Fprintf(f, "\nreplace %s => %s\n", module, testmod.Root(t))
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

// TestREADMEGoSnippetsCompile builds every ```go block of README.md outside
// the consumer section (whose main.go TestREADMEConsumerSteps builds), each
// as its own package in a module that requires this checkout. A block with
// top-level declarations is a file; any other is wrapped in a func. Imports
// are added for the packages a snippet names without importing them (this
// repository's and the standard library's, by package name), and a
// go-snippet marker before a block declares what it takes as given.
// Compiler errors point at README.md lines (a //line directive).
func TestREADMEGoSnippetsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	pkgs := packageNames(t)
	files := map[string][]byte{}
	n := 0
	for _, b := range readmeBlocks(t) {
		if b.lang != "go" || b.steps {
			continue
		}
		n++
		src, err := snippetFile(b, fmt.Sprintf("snippet%d", n), pkgs)
		require.NoError(t, err, "README.md:%d", b.line)
		files[fmt.Sprintf("snippet%d/snippet.go", n)] = src
	}
	require.NotZero(t, n, "README.md has no Go snippets")
	dir := testmod.Consumer(t, files)
	if out, err := testmod.RunGo(dir, "build", "./..."); err != nil {
		t.Errorf("README.md's Go snippets do not compile:\n%s", out)
	}
}

// snippetFile turns a README block into a Go file of package name.
func snippetFile(b block, name string, pkgs map[string]string) ([]byte, error) {
	imports, body := splitImports(b.text)
	bodyLine := b.line + strings.Count(b.text[:len(b.text)-len(body)], "\n")
	var src strings.Builder
	fmt.Fprintf(&src, "package %s\n\n%s\n%s\n", name, imports, b.decls)
	if topLevel(body) {
		fmt.Fprintf(&src, "//line README.md:%d\n%s", bodyLine, body)
	} else {
		fmt.Fprintf(&src, "func _() {\n//line README.md:%d\n%s}\n", bodyLine, body)
	}
	return addImports(src.String(), pkgs)
}

// splitImports separates a snippet's leading import declarations from the
// rest.
func splitImports(text string) (imports, body string) {
	lines := strings.SplitAfter(text, "\n")
	i := 0
	for i < len(lines) && strings.HasPrefix(lines[i], "import") {
		if strings.HasPrefix(lines[i], "import (") {
			for i < len(lines) && !strings.HasPrefix(lines[i], ")") {
				i++
			}
		}
		i++
		for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
			i++
		}
	}
	i = min(i, len(lines))
	return strings.Join(lines[:i], ""), strings.Join(lines[i:], "")
}

// topLevel reports whether a snippet is made of declarations (a file)
// rather than statements.
func topLevel(body string) bool {
	for _, kw := range []string{"package ", "func ", "type ", "//go:generate"} {
		if strings.HasPrefix(strings.TrimSpace(body), kw) {
			return true
		}
	}
	return false
}

// addImports parses src and imports, for every name used as a package
// (x.Y) that the file neither declares nor imports, the package of that
// name from pkgs.
func addImports(src string, pkgs map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		have[p[strings.LastIndex(p, "/")+1:]] = true
	}
	var missing []string
	for _, id := range f.Unresolved {
		if !have[id.Name] && usedAsPackage(f, id) && !slices.Contains(missing, id.Name) {
			missing = append(missing, id.Name)
		}
	}
	var adds strings.Builder
	for _, name := range missing {
		path, ok := pkgs[name]
		if !ok {
			return nil, fmt.Errorf("the snippet uses %s.X, and %s is neither declared nor a package this test knows: declare it in a %s ... --> marker", name, name, strings.TrimSpace(snippetMarker))
		}
		fmt.Fprintf(&adds, "import %q\n", path)
	}
	pkgEnd := strings.Index(src, "\n") + 1
	return []byte(src[:pkgEnd] + adds.String() + src[pkgEnd:]), nil // unformatted: //line must stay at the start of its line
}

// usedAsPackage reports whether id is the X of a selector x.Y in f.
func usedAsPackage(f *ast.File, id *ast.Ident) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.X == id {
			found = true
		}
		return !found
	})
	return found
}

// packageNames maps package names to import paths: the standard library's
// and this repository's public ones (a generated package wins over a fake
// of the same name).
func packageNames(t *testing.T) map[string]string {
	t.Helper()
	names := map[string]string{}
	add := func(out string) {
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			name, path, _ := strings.Cut(line, " ")
			if strings.Contains(path, "internal") || strings.Contains(path, "vendor/") || name == "main" {
				continue
			}
			if old, ok := names[name]; !ok || better(path, old) {
				names[name] = path
			}
		}
	}
	root := testmod.Root(t)
	add(testmod.Go(t, root, "list", "-e", "-f", "{{.Name}} {{.ImportPath}}", "std"))
	add(testmod.Go(t, root, "list", "-e", "-f", "{{.Name}} {{.ImportPath}}", "./..."))
	return names
}

// better prefers, between two packages of one name, a generated one, then
// the shorter path.
func better(path, old string) bool {
	if g, og := strings.Contains(path, "/generated/"), strings.Contains(old, "/generated/"); g != og {
		return g
	}
	return len(path) < len(old)
}
