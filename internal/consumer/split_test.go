package consumer

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// splitPackages are the packages the root package was split into, by
// directory from the module root: none declares a name the root declares.
var splitPackages = []string{"engine", "transport", "journal", "codebookimpl"}

// runtimePackages are the split packages and the runtimes of generated
// clients and servers, with a phrase each one's doc must hold to say who it
// is for.
var runtimePackages = map[string]string{
	"engine":       "It is for ",
	"transport":    "It is for ",
	"journal":      "It is for ",
	"codebookimpl": "for generated code only",
	"apiclient":    "It is for generated clients",
	"apiserver":    "It is for generated servers",
}

// packageDoc parses the non-test files of the package in dir (relative to
// the module root) and returns its documentation.
func packageDoc(t *testing.T, dir string) *doc.Package {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
	require.NoError(t, err)
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	require.NotEmpty(t, files, "no Go files in %s", dir)
	d, err := doc.NewFromFiles(fset, files, "github.com/codebookgen/codebook/"+dir)
	require.NoError(t, err)
	return d
}

// exported lists the exported top-level names of a package.
func exported(d *doc.Package) []string {
	var out []string
	for _, v := range append(d.Consts, d.Vars...) {
		out = append(out, v.Names...)
	}
	for _, f := range d.Funcs {
		out = append(out, f.Name)
	}
	for _, ty := range d.Types {
		out = append(out, ty.Name)
		for _, v := range append(ty.Consts, ty.Vars...) {
			out = append(out, v.Names...)
		}
		for _, f := range ty.Funcs {
			out = append(out, f.Name)
		}
	}
	slices.Sort(out)
	return out
}

// TestRootIsTheVocabulary pins the split of the root package: no name of
// the engine, the transport, the journal or the generated-code helpers is
// declared in the root again, the root imports none of them, and the root
// keeps the vocabulary users write against.
func TestRootIsTheVocabulary(t *testing.T) {
	rootDoc := packageDoc(t, ".")
	rootNames := exported(rootDoc)
	for _, want := range []string{"Outcome", "Retry", "Fault", "Category", "Class", "Result", "Error",
		"Secret", "ErrNotSent", "ErrInsufficientFunds", "EngineError"} {
		assert.Contains(t, rootNames, want, "the root package keeps %s", want)
	}
	for _, dir := range splitPackages {
		for _, name := range exported(packageDoc(t, dir)) {
			assert.NotContains(t, rootNames, name, "%s is declared in %s and again in the root package", name, dir)
		}
		for _, imp := range rootDoc.Imports {
			assert.NotEqual(t, "github.com/codebookgen/codebook/"+dir, imp, "the root package imports %s", dir)
		}
	}
	t.Logf("root package: %d exported names", len(rootNames))
}

// TestRuntimePackagesSayWhoTheyAreFor: each package of the split has a
// package doc that names its readers, and the generated-code helpers say
// they are for generated code only.
func TestRuntimePackagesSayWhoTheyAreFor(t *testing.T) {
	assert.Contains(t, packageDoc(t, ".").Doc, "It is for ", "the root package's doc says who it is for")
	for _, dir := range slices.Sorted(maps.Keys(runtimePackages)) {
		phrase := runtimePackages[dir]
		d := packageDoc(t, dir)
		assert.Contains(t, d.Doc, phrase, "the doc of package %s says who it is for", dir)
		t.Logf("%s: %d exported names", dir, len(exported(d)))
	}
}
