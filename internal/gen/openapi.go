package gen

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/emit/docs"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/oapi/server"
	"github.com/codebookgen/codebook/internal/write"
)

// sideKey is the info extension of an OpenAPI file that describes calls a
// provider makes to us (x-codebook-side: server): it gets a server instead
// of a client.
const sideKey = "x-codebook-side"

// linkedAPI is one OpenAPI file, built into the client generator's IR.
type linkedAPI struct {
	file     string // as given, for docs and messages
	provider *model.Provider
	server   bool // the provider calls us: a server is generated, no client
	doc      *load.Doc
	api      *oapimodel.API
}

type linkedAPIs []*linkedAPI

// specFiles lists the OpenAPI files of dir in name order.
func specFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".yaml", ".yml", ".json":
			if !e.IsDir() {
				files = append(files, filepath.Join(dir, e.Name()))
			}
		}
	}
	return files, nil
}

// loadAPIs loads every OpenAPI file of dir and builds it with the names
// the code tables' files declare kept free.
func loadAPIs(ctx context.Context, dir string, spec *model.Spec, codeFiles write.Files) (linkedAPIs, error) {
	if dir == "" {
		return nil, nil
	}
	files, err := specFiles(dir)
	if err != nil {
		return nil, err
	}
	reserved := reservedNames(codeFiles)
	var apis linkedAPIs
	var problems diag.List
	for _, file := range files {
		a, err := loadAPI(ctx, file, spec, reserved, &problems)
		if err != nil {
			return nil, err
		}
		if a != nil {
			apis = append(apis, a)
		}
	}
	return apis, problems.Err()
}

func loadAPI(ctx context.Context, file string, spec *model.Spec, reserved []string, problems *diag.List) (*linkedAPI, error) {
	doc, err := load.Load(ctx, file)
	if err != nil {
		return nil, err
	}
	api, err := build.Build(doc, build.Options{Reserved: append(ownNames(), reserved...), Codebook: true})
	if err != nil {
		return nil, err
	}
	a := &linkedAPI{file: file, doc: doc, api: api}
	if doc.T.Info != nil {
		a.server = doc.T.Info.Extensions[sideKey] == "server"
	}
	a.provider = fileProvider(file, api, spec, problems)
	return a, nil
}

// ownNames lists the names the client and server runtimes declare: every
// file is built with them reserved, since either may share its package.
func ownNames() []string {
	return append(emit.Reserved(true), server.Reserved()...)
}

// fileProvider returns the one provider every x-codebook of the file
// names, and points the operations at the code tables' Go names.
func fileProvider(file string, api *oapimodel.API, spec *model.Spec, problems *diag.List) *model.Provider {
	var p *model.Provider
	for _, op := range api.Operations {
		cb := op.Codebook
		if cb == nil {
			continue
		}
		this := spec.Provider(cb.Provider)
		if this == nil {
			continue // link.Check reports it
		}
		if p != nil && this != p {
			problems.Addf(diagPos(cb.Pos), "x-codebook names provider %q, but this file already links to %q: "+
				"put each provider's operations in its own file", cb.Provider, p.ID)
			continue
		}
		p = this
		if t := p.Table(cb.Table); t != nil {
			cb.TableConst = t.ConstName
		}
	}
	if p == nil {
		problems.Addf(diag.Pos{File: file, Line: 1, Col: 1},
			"no operation has an x-codebook extension naming a provider of the code tables: add one to each operation")
	}
	return p
}

func diagPos(p oapimodel.Pos) diag.Pos {
	return diag.Pos{File: p.File, Line: p.Line, Col: p.Col}
}

// models returns the IR of every file, for link.Check.
func (as linkedAPIs) models() []*oapimodel.API {
	out := make([]*oapimodel.API, len(as))
	for i, a := range as {
		out[i] = a.api
	}
	return out
}

// warnings lists the positioned problems that did not stop generation.
func (as linkedAPIs) warnings() []string {
	var out []string
	for _, a := range as {
		for _, w := range a.api.Warnings {
			out = append(out, w.String())
		}
	}
	return out
}

// addClients emits the client of every file that describes calls we make,
// into its provider's package, then the servers (addServers). Two such
// files for one provider would declare the same client, and are refused.
func (as linkedAPIs) addClients(files write.Files, spec *model.Spec, out string) error {
	owner := map[string]string{}
	for _, a := range as {
		if a.server || a.provider == nil {
			continue
		}
		pkg := a.provider.GoPackage
		if prev, ok := owner[pkg]; ok {
			return fmt.Errorf("%s and %s both describe calls to %s: merge them into one OpenAPI file, "+
				"or mark the one the provider calls with info.%s: server", prev, a.file, a.provider.ID, sideKey)
		}
		owner[pkg] = a.file
		client, err := emit.Files(a.api, emit.Config{Package: pkg, Codebook: true})
		if err != nil {
			return fmt.Errorf("%s: generated client does not format (a generator bug): %w", a.file, err)
		}
		for name, data := range client {
			files[filepath.Join(out, pkg, name)] = data
		}
	}
	return as.addServers(files, spec, out, owner)
}

// addServers emits the server of every file that describes calls the
// provider makes to us, into its provider's package, after the code tables
// and the client (clients names the packages that have one). The file is
// built again with the package's declared names reserved, so that its
// types do not collide with the client's. Two such files for one provider
// would declare the same Server, and are refused.
func (as linkedAPIs) addServers(files write.Files, spec *model.Spec, out string, clients map[string]string) error {
	owner := map[string]string{}
	for _, a := range as {
		if !a.server || a.provider == nil {
			continue
		}
		pkg := a.provider.GoPackage
		if prev, ok := owner[pkg]; ok {
			return fmt.Errorf("%s and %s both describe calls from %s: merge them into one OpenAPI file", prev, a.file, a.provider.ID)
		}
		owner[pkg] = a.file
		taken := reservedNames(filesIn(files, filepath.Join(out, pkg)))
		if err := a.rebuild(spec, taken); err != nil {
			return err
		}
		_, client := clients[pkg]
		srv, err := server.Files(a.api, server.Config{Package: pkg, Reserved: taken, Client: client})
		if err != nil {
			return fmt.Errorf("%s: %w", a.file, err)
		}
		for name, data := range srv {
			files[filepath.Join(out, pkg, name)] = data
		}
	}
	return nil
}

// filesIn returns the files directly in dir.
func filesIn(files write.Files, dir string) write.Files {
	in := write.Files{}
	for path, data := range files {
		if filepath.Dir(path) == filepath.Clean(dir) {
			in[path] = data
		}
	}
	return in
}

// rebuild builds the file again with taken reserved too, and links its
// operations to the code tables as before.
func (a *linkedAPI) rebuild(spec *model.Spec, taken []string) error {
	api, err := build.Build(a.doc, build.Options{Reserved: append(ownNames(), taken...), Codebook: true})
	if err != nil {
		return err
	}
	var problems diag.List // reported by the first build already
	fileProvider(a.file, api, spec, &problems)
	a.api = api
	return nil
}

// endpoints lists every linked operation for the docs.
func (as linkedAPIs) endpoints() []docs.Endpoint {
	var out []docs.Endpoint
	for _, a := range as {
		for _, op := range a.api.Operations {
			if op.Codebook == nil {
				continue
			}
			out = append(out, docs.Endpoint{
				Provider: op.Codebook.Provider, Table: op.Codebook.Table, OperationID: op.ID,
				Method: op.Method, Path: op.Path, Summary: op.Summary, Auth: authNames(op),
				MoneyMoving: op.Codebook.MoneyMoving, File: filepath.ToSlash(a.file),
			})
		}
	}
	return out
}

// authNames lists the security schemes that may authorize op, once each.
func authNames(op *oapimodel.Operation) []string {
	var names []string
	for _, alt := range op.Security {
		for _, s := range alt {
			if !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
	}
	return names
}

// reservedNames lists every package-level name the code-table files
// declare, so that the client generator gives its types other names.
func reservedNames(files write.Files) []string {
	seen := map[string]bool{}
	for _, path := range files.Paths() {
		if strings.HasSuffix(path, "_test.go") || !strings.HasSuffix(path, ".go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, files[path], parser.SkipObjectResolution)
		if err != nil {
			continue // emitted code always parses; the golden tests prove it
		}
		for _, d := range f.Decls {
			for _, n := range declNames(d) {
				seen[n] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
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
