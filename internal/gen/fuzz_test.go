package gen

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/validate"
)

// FuzzGenerate holds the generator's safety property for any input: it
// either rejects the spec with a positioned *diag.Error, or emits Go that
// parses, declares only what the model asks for, imports only the allowed
// packages, holds no bidi characters and no directives, and whose string
// literals all decode.
func FuzzGenerate(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/cases/*/codes.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := load.Parse("fuzz.yaml", data)
		if file == nil {
			requireDiag(t, err)
			return
		}
		spec, verr := validate.Spec(file)
		if err := diag.Join(err, verr); err != nil {
			requireDiag(t, err)
			return
		}
		files, err := Emit(spec, Config{Out: "out"})
		if err != nil {
			t.Fatalf("a valid spec failed to emit: %v", err)
		}
		for _, p := range spec.Providers {
			allowed := allowedDecls(p)
			for name, src := range files {
				if strings.Contains(name, string(filepath.Separator)+p.GoPackage+string(filepath.Separator)) {
					checkSafe(t, name, src, allowed)
				}
			}
		}
	})
}

func requireDiag(t *testing.T, err error) {
	t.Helper()
	var de *diag.Error
	if !errors.As(err, &de) || len(de.Problems) == 0 {
		t.Fatalf("a rejected spec must give positioned problems, got %T %v", err, err)
	}
}

// allowedDecls lists every top-level name a provider's package may declare.
func allowedDecls(p *model.Provider) map[string]bool {
	ok := map[string]bool{"_": true, "row": true, "classifyUncoded": true}
	for _, n := range []string{"Code", "ParseCode", "Table", "Tables", "Entry", "Entries", "Response",
		"Result", "Error", "Classify", "ClassifyHTTP", "DecodeResponse", "ExampleClassify", "ExampleError", "TestRowsAreTheSpecs"} {
		ok[n] = true
	}
	for _, tb := range p.Tables {
		ok[tb.ConstName], ok["matchStatus"+tb.GoName] = true, true
	}
	for _, e := range p.Entries() {
		ok[e.ConstName] = true
	}
	return ok
}

var allowedImports = map[string]bool{
	`"encoding/json"`: true, `"errors"`: true, `"fmt"`: true, `"github.com/codebookgen/codebook"`: true,
	`"github.com/codebookgen/codebook/codebookimpl"`: true,
	`"github.com/codebookgen/codebook/journal"`:      true,
	`"github.com/codebookgen/codebook/engine"`:       true,
	`"github.com/codebookgen/codebook/transport"`:    true, `"net/http"`: true,
	`"strconv"`: true, `"time"`: true,
}

func checkSafe(t *testing.T, name string, src []byte, allowed map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	for _, imp := range file.Imports {
		if !allowedImports[imp.Path.Value] && !(imp.Path.Value == `"testing"` && strings.HasSuffix(name, "_test.go")) {
			t.Fatalf("%s imports %s", name, imp.Path.Value)
		}
	}
	checkDecls(t, name, file, allowed)
	checkText(t, name, file, src)
}

func checkDecls(t *testing.T, name string, file *ast.File, allowed map[string]bool) {
	t.Helper()
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == "init" || d.Recv == nil && !allowed[d.Name.Name] {
				t.Fatalf("%s declares unexpected func %s", name, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				for _, id := range specNames(s) {
					if !allowed[id] {
						t.Fatalf("%s declares unexpected %s", name, id)
					}
				}
			}
		}
	}
}

func specNames(s ast.Spec) []string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []string{s.Name.Name}
	case *ast.ValueSpec:
		var names []string
		for _, n := range s.Names {
			names = append(names, n.Name)
		}
		return names
	}
	return nil
}

func checkText(t *testing.T, name string, file *ast.File, src []byte) {
	t.Helper()
	for _, r := range string(src) {
		if unicode.Is(unicode.Bidi_Control, r) {
			t.Fatalf("%s holds bidi control %U", name, r)
		}
	}
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line") || strings.HasPrefix(c.Text, "/*") {
				t.Fatalf("%s holds a directive or block comment: %q", name, c.Text)
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if _, err := strconv.Unquote(lit.Value); err != nil {
				t.Fatalf("%s: literal %s does not decode: %v", name, lit.Value, err)
			}
		}
		return true
	})
}
