package conformance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
)

// TestGeneratedDocComments: every exported symbol of the generated
// packages has a doc comment (constants may share their group's), and
// each package has a package doc.
func TestGeneratedDocComments(t *testing.T) {
	for _, pkg := range []string{"clickatell", "clickairtime"} {
		dir := filepath.Join(testmod.Root(t), "generated", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		hasPackageDoc := false
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ParseComments)
			require.NoError(t, err)
			hasPackageDoc = hasPackageDoc || f.Doc != nil
			for _, name := range undocumented(f) {
				t.Errorf("%s: exported %s has no doc comment", filepath.Base(path), name)
			}
		}
		assert.True(t, hasPackageDoc, "package %s has no package doc", pkg)
	}
}

// undocumented lists the exported top-level names of f without a doc
// comment of their own or of their declaration group.
func undocumented(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && d.Doc == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				for _, name := range exportedNames(s) {
					if d.Doc == nil && specDoc(s) == nil {
						out = append(out, name)
					}
				}
			}
		}
	}
	return out
}

func exportedNames(s ast.Spec) []string {
	var out []string
	switch s := s.(type) {
	case *ast.TypeSpec:
		if s.Name.IsExported() {
			out = append(out, s.Name.Name)
		}
	case *ast.ValueSpec:
		for _, n := range s.Names {
			if n.IsExported() {
				out = append(out, n.Name)
			}
		}
	}
	return out
}

func specDoc(s ast.Spec) *ast.CommentGroup {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return s.Doc
	case *ast.ValueSpec:
		return s.Doc
	}
	return nil
}
