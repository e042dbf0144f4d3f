package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/emit/docs"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/load"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/pkgmodel"
)

// sideKey is the info extension of an OpenAPI file that describes calls a
// provider makes to us (x-codebook-side: server): it gets a server instead
// of a client.
const sideKey = "x-codebook-side"

// linkedAPI is one OpenAPI file, linked to its provider, and its IR once
// the package model has built it.
type linkedAPI struct {
	src      pkgmodel.Source
	provider *model.Provider
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

// loadAPIs loads every OpenAPI file of dir, positions kept, and links each
// to the one provider its x-codebook extensions name.
func loadAPIs(ctx context.Context, dir string, spec *model.Spec) (linkedAPIs, error) {
	if dir == "" {
		return nil, nil
	}
	files, err := specFiles(dir)
	if err != nil {
		return nil, err
	}
	var apis linkedAPIs
	var problems diag.List
	for _, file := range files {
		doc, err := load.Load(ctx, file)
		if err != nil {
			return nil, err
		}
		a := &linkedAPI{src: pkgmodel.Source{File: file, Doc: doc}}
		if doc.T.Info != nil {
			a.src.Server = doc.T.Info.Extensions[sideKey] == "server"
		}
		a.provider = fileProvider(file, doc, spec, &problems)
		apis = append(apis, a)
	}
	return apis, problems.Err()
}

// fileProvider returns the one provider every x-codebook of the file
// names.
func fileProvider(file string, doc *load.Doc, spec *model.Spec, problems *diag.List) *model.Provider {
	var p *model.Provider
	for _, cb := range build.Links(doc) {
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

// sides returns the file describing calls we make to p (the client) and
// the one describing calls p makes to us (the server), nil when none. Two
// of one side would declare the same Client or Server, and are refused.
func (as linkedAPIs) sides(p *model.Provider) (client, srv *linkedAPI, err error) {
	for _, a := range as {
		if a.provider != p {
			continue
		}
		switch {
		case !a.src.Server && client != nil:
			return nil, nil, fmt.Errorf("%s and %s both describe calls to %s: merge them into one OpenAPI file, "+
				"or mark the one the provider calls with info.%s: server", client.src.File, a.src.File, p.ID, sideKey)
		case a.src.Server && srv != nil:
			return nil, nil, fmt.Errorf("%s and %s both describe calls from %s: merge them into one OpenAPI file",
				srv.src.File, a.src.File, p.ID)
		case a.src.Server:
			srv = a
		default:
			client = a
		}
	}
	return client, srv, nil
}

// packages builds the model of every provider's package, in spec order,
// and keeps each file's IR for the link check, the warnings and the docs.
func (as linkedAPIs) packages(spec *model.Spec) ([]*pkgmodel.Package, error) {
	var pkgs []*pkgmodel.Package
	for _, p := range spec.Providers {
		client, srv, err := as.sides(p)
		if err != nil {
			return nil, err
		}
		pkg, err := pkgmodel.Build(p, client.source(), srv.source())
		if err != nil {
			return nil, err
		}
		client.keep(pkg.Client)
		srv.keep(pkg.Server)
		pkgs = append(pkgs, pkg)
	}
	return pkgs, nil
}

// source returns the file to build, nil for none.
func (a *linkedAPI) source() *pkgmodel.Source {
	if a == nil {
		return nil
	}
	return &a.src
}

// keep records the IR the package model built for a.
func (a *linkedAPI) keep(api *pkgmodel.API) {
	if a != nil && api != nil {
		a.api = api.IR
	}
}

// models returns the IR of every built file, for link.Check.
func (as linkedAPIs) models() []*oapimodel.API {
	var out []*oapimodel.API
	for _, a := range as {
		if a.api != nil {
			out = append(out, a.api)
		}
	}
	return out
}

// warnings lists the positioned problems that did not stop generation.
func (as linkedAPIs) warnings() []string {
	var out []string
	for _, a := range as.built() {
		for _, w := range a.api.Warnings {
			out = append(out, w.String())
		}
	}
	return out
}

// built returns the files the package models built, in file order.
func (as linkedAPIs) built() linkedAPIs {
	return slices.DeleteFunc(slices.Clone(as), func(a *linkedAPI) bool { return a.api == nil })
}

// endpoints lists every linked operation for the docs.
func (as linkedAPIs) endpoints() []docs.Endpoint {
	var out []docs.Endpoint
	for _, a := range as.built() {
		for _, op := range a.api.Operations {
			if op.Codebook == nil {
				continue
			}
			out = append(out, docs.Endpoint{
				Provider: op.Codebook.Provider, Table: op.Codebook.Table, OperationID: op.ID,
				Method: op.Method, Path: op.Path, Summary: op.Summary, Auth: authNames(op),
				MoneyMoving: op.Codebook.MoneyMoving, File: filepath.ToSlash(a.src.File),
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
