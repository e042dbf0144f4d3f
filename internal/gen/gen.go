// Package gen runs the generator's stages in order: load the spec with
// positions, validate it into the model, emit Go (and docs), and hand the
// files to the caller, who writes or checks them. It does no I/O of its own
// beyond reading the inputs.
package gen

import (
	"github.com/codebookgen/codebook/internal/diag"
	"path/filepath"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/validate"
	"github.com/codebookgen/codebook/internal/write"
)

// Config says where the inputs are and where the outputs go.
type Config struct {
	Codes string // path of codes.yaml
	Out   string // directory that receives one Go package per provider
}

// Generate reads the spec and returns every output file, or an error that
// names the file, line and column of each problem found.
func Generate(cfg Config) (write.Files, error) {
	f, loadErr := load.ReadFile(cfg.Codes)
	if f == nil {
		return nil, loadErr
	}
	spec, err := validate.Spec(f)
	if err := diag.Join(loadErr, err); err != nil {
		return nil, err
	}
	return Emit(spec, cfg)
}

// Emit writes the model into files.
func Emit(spec *model.Spec, cfg Config) (write.Files, error) {
	files := write.Files{}
	source := filepath.Base(spec.Path)
	for _, p := range spec.Providers {
		pkg, err := gocode.Provider(p, source)
		if err != nil {
			return nil, err
		}
		for name, data := range pkg {
			files[filepath.Join(cfg.Out, p.GoPackage, name)] = data
		}
	}
	return files, nil
}

// Dirs returns the output directories the generator owns, where stale
// generated files are removed.
func (cfg Config) Dirs() []string { return []string{cfg.Out} }
