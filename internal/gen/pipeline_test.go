package gen

import (
	"context"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/pkgmodel"
	"github.com/codebookgen/codebook/internal/write"
)

// TestGeneratorDoesNotParseItsOutput fails when a stage of the pipeline
// imports a Go parser: names come from the package model, never from
// emitted code read back.
func TestGeneratorDoesNotParseItsOutput(t *testing.T) {
	for _, dir := range []string{".", "../pkgmodel", "../naming", "../emit/gocode", "../oapi/emit",
		"../oapi/server", "../oapi/build", "../link"} {
		pkg, err := build.ImportDir(dir, 0)
		require.NoError(t, err, dir)
		for _, bad := range []string{"go/parser", "go/ast", "go/types"} {
			assert.NotContains(t, pkg.Imports, bad, "%s imports %s outside its tests", pkg.ImportPath, bad)
		}
	}
}

// TestDeclaredNamesAreTheEmittedOnes checks the name table against the
// output: the code tables' files declare exactly gocode.Declared, and a
// client's files no exported name outside its runtime's and the model's.
func TestDeclaredNamesAreTheEmittedOnes(t *testing.T) {
	cfg := Config{Codes: "../../spec/codes.yaml", OpenAPI: "../../spec/openapi", Out: "out"}
	spec, err := loadSpec(cfg.Codes)
	require.NoError(t, err)
	apis, err := loadAPIs(context.Background(), cfg.OpenAPI, spec)
	require.NoError(t, err)
	pkgs, err := apis.packages(spec)
	require.NoError(t, err)
	clients := 0
	for _, pkg := range pkgs {
		files := write.Files{}
		require.NoError(t, emitPackage(files, pkg, spec, cfg))
		codes := exportedDecls(t, files, func(name string) bool {
			return slices.Contains([]string{"codes.go", "rows.go", "classify.go"}, name)
		})
		assert.ElementsMatch(t, gocode.Declared(pkg.Provider), codes, pkg.Provider.ID)
		if pkg.Client == nil {
			continue
		}
		clients++
		allowed := append(emit.Reserved(), pkgmodel.Declared(pkg.Client.IR)...)
		for _, n := range exportedDecls(t, files, func(name string) bool { return strings.HasPrefix(name, "client") }) {
			assert.Contains(t, allowed, n, "%s: the client declares %s, which the name table does not hold", pkg.Provider.ID, n)
		}
	}
	assert.Positive(t, clients)
}

// TestNoNumberedNames fails when a package-level name of the generated
// packages (the repository's spec and the ok_combined case) is another
// one's followed by a number: a collision settled by counting, which the
// naming rule forbids (schema Code is CodeSchema, never Code2).
func TestNoNumberedNames(t *testing.T) {
	for _, cfg := range []Config{
		{Codes: "../../spec/codes.yaml", OpenAPI: "../../spec/openapi", Out: "out"},
		caseConfig("testdata/cases/ok_combined", "out"),
	} {
		files, err := Generate(cfg)
		require.NoError(t, err)
		byPkg := map[string]write.Files{}
		for path, data := range files {
			dir := filepath.Dir(path)
			if byPkg[dir] == nil {
				byPkg[dir] = write.Files{}
			}
			byPkg[dir][path] = data
		}
		numbered := regexp.MustCompile(`^(.*[^0-9])[0-9]+$`)
		for dir, pkgFiles := range byPkg {
			names := exportedDecls(t, pkgFiles, func(string) bool { return true })
			for _, n := range names {
				if m := numbered.FindStringSubmatch(n); m != nil {
					assert.NotContains(t, names, m[1], "%s declares %s beside %s", dir, n, m[1])
				}
			}
		}
	}
}

// TestUnsettledCollisionIsPositioned: a schema named like a code-table
// name whose suffixed name another schema holds is an error at the
// schema's position, naming who declared the name.
func TestUnsettledCollisionIsPositioned(t *testing.T) {
	dir := t.TempDir()
	spec, err := os.ReadFile("testdata/cases/ok_combined/openapi/shop.yaml")
	require.NoError(t, err)
	text := strings.Replace(string(spec), "  schemas:\n", "  schemas:\n    CodeSchema: {type: integer}\n", 1)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "shop.yaml"), []byte(text), 0o644))
	_, err = Generate(Config{Codes: "testdata/cases/ok_combined/codes.yaml", OpenAPI: dir, Out: "out"})
	require.Error(t, err)
	assert.Regexp(t, `shop\.yaml:\d+:\d+: the Go name Code is declared by the code tables of provider "shop" `+
		`\(.*codes\.yaml:\d+:\d+\), and CodeSchema is taken too`, err.Error())
}

// exportedDecls lists the exported package-level names declared by the
// non-test Go files of files whose base name keep accepts.
func exportedDecls(t *testing.T, files write.Files, keep func(string) bool) []string {
	t.Helper()
	var out []string
	for _, path := range files.Paths() {
		base := filepath.Base(path)
		if !strings.HasSuffix(base, ".go") || strings.HasSuffix(base, "_test.go") || !keep(base) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, files[path], parser.SkipObjectResolution)
		require.NoError(t, err, path)
		for _, d := range f.Decls {
			out = append(out, declNames(d)...)
		}
	}
	return slices.DeleteFunc(out, func(n string) bool { return !ast.IsExported(n) })
}

// declNames returns the package-level names a declaration introduces.
func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
	case *ast.GenDecl:
		var names []string
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return names
	}
	return nil
}
