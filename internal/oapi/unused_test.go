package oapi_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// runtimeNames are the names a client or a server declared itself before
// packages apiclient and apiserver held them; a generated package may
// declare one (as an alias) only when something in it takes or returns it.
var runtimeNames = []string{"APIError", "Secret", "ClientCredentials", "TokenAuthMethod", "Date", "Nullable",
	"ServerOption", "ServerReplayStore", "ServerRecord", "ServerMemoryStore"}

// TestGeneratedDeclaresNothingUnused type-checks every package under
// generated/ and fails on a declaration nothing uses: an unexported
// function, method, type, variable or constant never referenced (what
// staticcheck's U1000 reports), or one of runtimeNames that no other
// declaration of the package takes or returns.
func TestGeneratedDeclaresNothingUnused(t *testing.T) {
	dirs, err := filepath.Glob("../../generated/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no generated packages: %v", err)
	}
	imp := importer.ForCompiler(token.NewFileSet(), "source", nil)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			fset := token.NewFileSet()
			files := parseDir(t, fset, dir)
			if unused := unusedDecls(t, fset, files, imp); len(unused) > 0 {
				t.Errorf("unused declarations:\n%s", strings.Join(unused, "\n"))
			}
		})
	}
}

// TestUnusedDeclsCatchesOne is the control: an unexported function nobody
// calls, and an APIError nothing takes, are reported.
func TestUnusedDeclsCatchesOne(t *testing.T) {
	src := `package p

type APIError struct{}

type Client struct{}

func (c *Client) Get() error { return helper() }

func helper() error { return nil }

func oapiOrphan() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := unusedDecls(t, fset, []*ast.File{f}, importer.Default())
	if all := strings.Join(got, " "); len(got) != 2 || !strings.Contains(all, ": APIError") || !strings.Contains(all, ": oapiOrphan") {
		t.Errorf("unused = %q, want APIError and oapiOrphan", got)
	}
}

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// unusedDecls type-checks files as one package and lists, sorted, the
// unused declarations TestGeneratedDeclaresNothingUnused describes.
func unusedDecls(t *testing.T, fset *token.FileSet, files []*ast.File, imp types.Importer) []string {
	t.Helper()
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: imp}).Check(files[0].Name.Name, fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	used := map[types.Object]bool{}
	for id, obj := range info.Uses {
		if def := info.Defs[enclosingDecl(files, id.Pos())]; def != obj {
			used[obj] = true
		}
	}
	var out []string
	for id, obj := range info.Defs {
		if obj == nil || !declared(obj, pkg) || used[obj] {
			continue
		}
		if obj.Exported() && !slices.Contains(runtimeNames, obj.Name()) {
			continue
		}
		out = append(out, fset.Position(id.Pos()).String()+": "+obj.Name())
	}
	slices.Sort(out)
	return out
}

// declared reports whether obj is a package-level declaration of pkg or a
// method, the kinds U1000 reports, but for interface-satisfying methods
// (String, Error, MarshalJSON...), which are exported.
func declared(obj types.Object, pkg *types.Package) bool {
	if fn, ok := obj.(*types.Func); ok {
		return fn.Pkg() == pkg && (fn.Signature().Recv() != nil || obj.Parent() == pkg.Scope()) && obj.Name() != "_"
	}
	return obj.Parent() == pkg.Scope() && obj.Name() != "_"
}

// enclosingDecl returns the name of the top-level function declaring pos,
// so that a recursive call does not count as a use; nil outside one.
func enclosingDecl(files []*ast.File, pos token.Pos) *ast.Ident {
	for _, f := range files {
		if pos < f.Pos() || pos > f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos <= fd.End() {
				return fd.Name
			}
		}
	}
	return nil
}
