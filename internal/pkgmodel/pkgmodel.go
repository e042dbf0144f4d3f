// Package pkgmodel is the model of one generated Go package: a provider's
// code tables, the OpenAPI file describing the calls we make to it (the
// client), the one describing the calls it makes to us (the server), and
// the package's name table. Every package-level Go name is resolved once,
// here, in the order the naming package's collision rule states: the code
// tables' names, the runtimes', the client file's, the server file's. The
// emitters read their names from this model; none parses another's output.
package pkgmodel

import (
	"fmt"
	"slices"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/oapi/server"
)

// Owners of the names no spec wrote.
const (
	ClientRuntime = "the client runtime"
	ServerRuntime = "the server runtime"
)

// Source is one loaded OpenAPI file, linked to the provider whose package
// it is emitted into.
type Source struct {
	File   string    // as given, for docs and messages
	Doc    *load.Doc // the loaded file, positions kept
	Server bool      // the provider calls us: a server is generated, no client
}

// API is one OpenAPI file of the package, built with the package's names.
type API struct {
	File string
	IR   *oapimodel.API
}

// Package is the model of one output package.
type Package struct {
	Provider *model.Provider
	Client   *API // nil when no file describes calls we make
	Server   *API // nil when no file describes calls the provider makes
	// Names is the name table: who declares each package-level name.
	Names *naming.Declared
}

// Build builds the model of p's package from its OpenAPI files (nil when
// none): it claims the code tables' names and the runtimes', builds the
// client file with them declared and claims its names, then builds the
// server file with all of those declared. Each file is built once.
func Build(p *model.Provider, client, srv *Source) (*Package, error) {
	pkg := &Package{Provider: p, Names: naming.NewDeclared()}
	tables := fmt.Sprintf("the code tables of provider %q (%s)", p.ID, p.Pos)
	if err := pkg.Names.Add(tables, gocode.Declared(p)...); err != nil {
		return nil, err
	}
	if err := pkg.Names.Add(ClientRuntime, emit.Reserved()...); err != nil {
		return nil, err
	}
	if err := pkg.Names.Add(ServerRuntime, server.Reserved()...); err != nil {
		return nil, err
	}
	var err error
	if pkg.Client, err = pkg.build(client); err != nil {
		return nil, err
	}
	if pkg.Client != nil {
		if err := pkg.Names.Add(client.File, Declared(pkg.Client.IR)...); err != nil {
			return nil, err
		}
	}
	if pkg.Server, err = pkg.build(srv); err != nil {
		return nil, err
	}
	return pkg, nil
}

// build builds one file with the package's names declared; nil for none.
func (pkg *Package) build(src *Source) (*API, error) {
	if src == nil {
		return nil, nil
	}
	api, err := build.Build(src.Doc, build.Options{
		Declared: pkg.Names, Codebook: true, TableConst: pkg.tableConst, Codes: gocode.Refs(),
	})
	if err != nil {
		return nil, err
	}
	return &API{File: src.File, IR: api}, nil
}

// tableConst returns the Go name of the constant of a table of the
// package's provider, "" for another provider's or an unknown table (the
// link check reports those).
func (pkg *Package) tableConst(provider, table string) string {
	if provider != pkg.Provider.ID {
		return ""
	}
	if t := pkg.Provider.Table(table); t != nil {
		return t.ConstName
	}
	return ""
}

// ServerReserved lists the names the server's file must leave free: every
// declared name but the server runtime's own, which it declares itself.
func (pkg *Package) ServerReserved() []string {
	return slices.DeleteFunc(pkg.Names.Names(), func(n string) bool { return pkg.Names.Owner(n) == ServerRuntime })
}

// Declared lists the exported package-level names the client emitter
// declares for api beyond its runtime's: the types, enum constants,
// parameter structs, error types and security options, all from the model.
func Declared(api *oapimodel.API) []string {
	var out []string
	for _, t := range api.Types {
		out = append(out, t.Name)
		if t.Enum != nil {
			for _, v := range t.Enum.Values {
				out = append(out, v.Name)
			}
		}
	}
	for _, op := range api.Operations {
		out = appendNonEmpty(out, op.ParamsType, op.ErrorType)
	}
	for _, s := range api.Security {
		out = appendNonEmpty(out, s.Option, s.ClientCredentials)
	}
	return out
}

func appendNonEmpty(out []string, names ...string) []string {
	for _, n := range names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}
