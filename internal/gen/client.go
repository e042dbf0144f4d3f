package gen

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/oapi/server"
	"github.com/codebookgen/codebook/internal/pkgmodel"
	"github.com/codebookgen/codebook/internal/write"
)

// ClientConfig says what Client generates: one Go package for one OpenAPI
// 3.0/3.1 file that needs no code tables and no x-codebook.
type ClientConfig struct {
	Spec    string // the OpenAPI file
	Package string // the Go package name
	Out     string // the package's directory; the files are keyed under it
	Server  bool   // also the Server interface and its http.Handler
}

// Client generates a typed client for the spec, and with cfg.Server the
// server interface too, into one package. The output depends only on the
// spec and cfg. Problems that did not stop it are Output.Warnings.
func Client(ctx context.Context, cfg ClientConfig) (*Output, error) {
	if !naming.IsIdentifier(cfg.Package) || cfg.Package == "_" {
		return nil, fmt.Errorf("invalid package name %q: pass a Go identifier with -package", cfg.Package)
	}
	doc, validation, err := load.Start(ctx, cfg.Spec)
	if err != nil {
		return nil, withPath(cfg.Spec, err)
	}
	defer validation() // the validator, on the other core, meanwhile
	reserved := emit.Reserved()
	if cfg.Server {
		reserved = append(reserved, server.Reserved()...)
	}
	api, err := build.Build(doc, build.Options{Reserved: reserved})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	files, err := emit.Files(api, emit.Config{Package: cfg.Package})
	if err != nil {
		return nil, fmt.Errorf("%s: generated client does not format (a generator bug): %w", cfg.Spec, err)
	}
	build.AddWarnings(api, validation())
	out := &Output{Files: write.Files{}}
	for _, w := range api.Warnings {
		out.Warnings = append(out.Warnings, w.String())
	}
	if cfg.Server {
		if err := addServer(files, doc, api, cfg); err != nil {
			return nil, err
		}
	}
	for name, data := range files {
		out.Files[filepath.Join(cfg.Out, name)] = data
	}
	return out, nil
}

// addServer adds the server of doc to the client's files. The server's
// request and reply types are declared apart from the client's, so the
// file is built for the server with the client's names (from its model,
// never from its output) declared: by the naming rule its types take the
// kind suffix (the client's Order, the server's OrderSchema). An
// x-codebook in the file is ignored: the package has no code tables to
// answer with.
func addServer(files map[string][]byte, doc *load.Doc, client *oapimodel.API, cfg ClientConfig) error {
	names := naming.NewDeclared()
	if err := names.Add(pkgmodel.ClientRuntime, emit.Reserved()...); err != nil {
		return err
	}
	if err := names.Add(cfg.Spec, pkgmodel.Declared(client)...); err != nil {
		return err
	}
	api, err := build.Build(doc, build.Options{Reserved: server.Reserved(), Declared: names})
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	for _, op := range api.Operations {
		op.Codebook = nil // no code tables in this package: a plain status-and-body server
	}
	srv, err := server.Files(api, server.Config{Package: cfg.Package, Reserved: names.Names(), Client: true})
	if err != nil {
		return fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	for name, data := range srv {
		files[name] = data
	}
	return nil
}

// withPath prefixes err with path unless it names the path already.
func withPath(path string, err error) error {
	if strings.Contains(err.Error(), path) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// StaleIn lists the files directly in dir (not below it) that a run of
// Client would have written (client*.go, server*.go), that carry the
// generator's marker, and that files does not hold: what an earlier run
// left behind. Other generated files in dir (code tables written by
// Generate) and below it are left alone.
func StaleIn(files write.Files, dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var stale []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if _, ok := files[path]; ok || !e.Type().IsRegular() || !isClientFile(e.Name()) {
			continue
		}
		if marked, err := hasMarker(path); err != nil {
			return nil, err
		} else if marked {
			stale = append(stale, path)
		}
	}
	slices.Sort(stale)
	return stale, nil
}

// isClientFile reports whether name is one Client writes.
func isClientFile(name string) bool {
	return strings.HasSuffix(name, ".go") && (strings.HasPrefix(name, "client") || strings.HasPrefix(name, "server"))
}

// hasMarker reports whether the first KiB of the file at path holds
// write.Marker.
func hasMarker(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return false, err
	}
	return bytes.Contains(head[:n], []byte(write.Marker)), nil
}
