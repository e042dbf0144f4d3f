// Package oapi generates a Go client from an OpenAPI 3.0 or 3.1 spec. The
// pipeline is load (kin-openapi, positions kept, strict validation turned
// into warnings) → build (the IR of package model, every name resolved by
// package naming) → emit (jennifer, gofmt'ed). Constructs that cannot be
// typed fall back to raw JSON with a warning naming file:line:col; only a
// spec that cannot be read at all fails the run.
package oapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Config says what to generate.
type Config struct {
	// PackageName is the Go package name of the generated files.
	PackageName string
	// Codebook makes operations carrying x-codebook return the code-table
	// Result too, classified by ClassifyHTTP, which the codebook generator
	// emits into the same package.
	Codebook bool
	// Reserved lists package-level identifiers other generators declare in
	// the same package; generated types take other names.
	Reserved []string
}

// Result is the output of Generate.
type Result struct {
	// Files maps file names to gofmt'ed Go source. The bytes depend only
	// on the spec and the Config.
	Files map[string][]byte
	// Warnings lists the spec's problems that did not stop generation,
	// ordered by position.
	Warnings []Warning
	// API is the IR the files were generated from, for tools that need the
	// operations, types or x-codebook links.
	API *model.API
}

// Warning is a positioned problem of the spec: file:line:col: message.
type Warning = model.Warning

// Generate generates a client for the spec at path.
func Generate(ctx context.Context, path string, cfg Config) (*Result, error) {
	if !naming.IsIdentifier(cfg.PackageName) || cfg.PackageName == "_" {
		return nil, fmt.Errorf("invalid package name %q", cfg.PackageName)
	}
	doc, err := load.Load(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	reserved := append(emit.Reserved(), cfg.Reserved...)
	opts := build.Options{Reserved: reserved, Codebook: cfg.Codebook}
	if cfg.Codebook {
		opts.Codes = gocode.Refs()
		reserved = append(reserved, opts.Codes.Names()...)
		opts.Reserved = reserved
	}
	api, err := build.Build(doc, opts)
	if err != nil {
		return nil, err
	}
	files, err := emit.Files(api, emit.Config{Package: cfg.PackageName, Codebook: cfg.Codebook})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("%s: generated code does not format (a generator bug)", path), err)
	}
	return &Result{Files: files, Warnings: api.Warnings, API: api}, nil
}
