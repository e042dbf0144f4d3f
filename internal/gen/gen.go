// Package gen runs the generator's stages in order: load codes.yaml and
// every OpenAPI file with positions, link each file to its provider, build
// one model per output package (package pkgmodel: every Go name resolved
// once), check the links, emit Go and docs from those models, and hand
// the files to the caller, who writes or checks them. It does no I/O of
// its own beyond reading the inputs.
package gen

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/emit/docs"
	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/link"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/server"
	"github.com/codebookgen/codebook/internal/pkgmodel"
	"github.com/codebookgen/codebook/internal/validate"
	"github.com/codebookgen/codebook/internal/write"
)

// Config says where the inputs are and where the outputs go.
type Config struct {
	Codes     string // path of codes.yaml
	OpenAPI   string // directory of OpenAPI files linked to the tables by x-codebook; "" for none
	Out       string // directory that receives one Go package per provider
	Docs      string // directory that receives the docs; "" for none
	Templates string // directory whose templates replace the embedded ones; "" for none
}

// Output is what a run produces: the files, and the problems of the
// OpenAPI files that did not stop it (constructs generated as raw JSON).
type Output struct {
	Files    write.Files
	Warnings []string
}

// Generate reads the spec and returns every output file, or an error that
// names the file, line and column of each problem found.
func Generate(cfg Config) (write.Files, error) {
	out, err := Run(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	return out.Files, nil
}

// Run is Generate with a context and the warnings.
func Run(ctx context.Context, cfg Config) (*Output, error) {
	spec, err := loadSpec(cfg.Codes)
	if err != nil {
		return nil, err
	}
	apis, err := loadAPIs(ctx, cfg.OpenAPI, spec)
	if err != nil {
		return nil, err
	}
	pkgs, err := apis.packages(spec)
	if err != nil {
		return nil, err
	}
	if err := checkLinks(spec, apis); err != nil {
		return nil, err
	}
	out := &Output{Files: write.Files{}, Warnings: apis.warnings()}
	for _, pkg := range pkgs {
		if err := emitPackage(out.Files, pkg, spec, cfg); err != nil {
			return nil, err
		}
	}
	if err := addDocs(out.Files, spec, apis, cfg); err != nil {
		return nil, err
	}
	return out, nil
}

// loadSpec loads and validates codes.yaml, reporting every problem.
func loadSpec(path string) (*model.Spec, error) {
	f, loadErr := load.ReadFile(path)
	if f == nil {
		return nil, loadErr
	}
	spec, err := validate.Spec(f)
	if err := diag.Join(loadErr, err); err != nil {
		return nil, err
	}
	return spec, nil
}

// Emit writes the model's code tables into files, one package per
// provider under cfg.Out.
func Emit(spec *model.Spec, cfg Config) (write.Files, error) {
	files := write.Files{}
	for _, p := range spec.Providers {
		if err := emitCodes(files, p, spec, cfg); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// emitPackage emits the files of one package from its model: the code
// tables, the client and the server.
func emitPackage(files write.Files, pkg *pkgmodel.Package, spec *model.Spec, cfg Config) error {
	if err := emitCodes(files, pkg.Provider, spec, cfg); err != nil {
		return err
	}
	dir := filepath.Join(cfg.Out, pkg.Provider.GoPackage)
	if c := pkg.Client; c != nil {
		client, err := emit.Files(c.IR, emit.Config{Package: pkg.Provider.GoPackage, Codebook: true})
		if err != nil {
			return fmt.Errorf("%s: generated client does not format (a generator bug): %w", c.File, err)
		}
		addIn(files, dir, client)
	}
	if s := pkg.Server; s != nil {
		srv, err := server.Files(s.IR, server.Config{Package: pkg.Provider.GoPackage, Reserved: pkg.ServerReserved(), Client: pkg.Client != nil})
		if err != nil {
			return fmt.Errorf("%s: %w", s.File, err)
		}
		addIn(files, dir, srv)
	}
	return nil
}

// emitCodes emits the code tables of p into its package's directory.
func emitCodes(files write.Files, p *model.Provider, spec *model.Spec, cfg Config) error {
	pkg, err := gocode.Provider(p, filepath.Base(spec.Path))
	if err != nil {
		return err
	}
	addIn(files, filepath.Join(cfg.Out, p.GoPackage), pkg)
	return nil
}

// addIn adds the files of one package, keyed by file name, under dir.
func addIn(files write.Files, dir string, pkg map[string][]byte) {
	for name, data := range pkg {
		files[filepath.Join(dir, name)] = data
	}
}

// checkLinks fails when an operation's x-codebook does not fit codes.yaml.
func checkLinks(spec *model.Spec, apis linkedAPIs) error {
	var problems diag.List
	for _, p := range link.Check(spec, apis.models()) {
		problems.Addf(p.Pos, "%s", p.Msg)
	}
	return problems.Err()
}

// addDocs renders the docs into files under cfg.Docs, when asked for.
func addDocs(files write.Files, spec *model.Spec, apis linkedAPIs, cfg Config) error {
	if cfg.Docs == "" {
		return nil
	}
	var override fs.FS
	if cfg.Templates != "" {
		override = os.DirFS(cfg.Templates)
	}
	out, err := docs.Emit(docs.Input{Spec: spec, Endpoints: apis.endpoints()}, override)
	if err != nil {
		return err
	}
	for name, data := range out {
		files[filepath.Join(cfg.Docs, filepath.FromSlash(name))] = data
	}
	return nil
}

// Dirs returns the output directories the generator owns, where stale
// generated files are removed.
func (cfg Config) Dirs() []string {
	if cfg.Docs == "" {
		return []string{cfg.Out}
	}
	return []string{cfg.Out, cfg.Docs}
}
