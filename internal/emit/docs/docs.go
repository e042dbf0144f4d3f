// Package docs emits the documentation of a spec: per provider a Markdown
// reference, an index, one self-contained HTML page with every code, and a
// JSON catalogue with its JSON Schema. It reads only the model (and the
// endpoints its caller takes from the OpenAPI IR), computes every value in
// Go, escapes it for its output format, and only then runs the templates of
// package templates, or a consumer's replacements for them.
package docs

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/write"
)

// Names of the files Emit writes besides one <provider id>.md per provider.
const (
	IndexFile  = "README.md"
	HTMLFile   = "codes.html"
	JSONFile   = "catalogue.json"
	SchemaFile = "catalogue.schema.json"
)

// Format is the value of the "format" member of catalogue.json.
const Format = "codebook-catalogue/v1"

// Input is what the docs are written from.
type Input struct {
	Spec      *model.Spec
	Endpoints []Endpoint // in any order; Emit sorts them
}

// Endpoint is one operation of a provider's OpenAPI description, linked by
// its x-codebook extension to the code table its results come from.
type Endpoint struct {
	Provider    string   // provider id in codes.yaml
	Table       string   // table id of that provider
	OperationID string   // operationId; may be empty
	Method      string   // HTTP method, any case
	Path        string   // path template, as in the OpenAPI file
	Summary     string   // the operation's summary
	Auth        []string // names of the security schemes that may authorize the call
	MoneyMoving bool     // x-codebook money_moving
	File        string   // the OpenAPI file, as the reader should see it
}

// Emit returns the documentation files keyed by their path relative to the
// docs directory. override holds a consumer's templates: a file there whose
// name is one of templates.Names replaces the embedded one, and a missing
// file falls back to it; nil means the embedded templates only. The output
// depends only on in: the same input gives the same bytes.
func Emit(in Input, override fs.FS) (map[string][]byte, error) {
	if in.Spec == nil {
		return nil, fmt.Errorf("docs: no spec")
	}
	set, err := loadTemplates(override)
	if err != nil {
		return nil, err
	}
	cat, err := build(in)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	steps := []func(*catalogue, templateSet, map[string][]byte) error{
		emitMarkdown, emitHTML, emitJSON,
	}
	for _, step := range steps {
		if err := step(cat, set, files); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// header returns the lines every generated file starts with, inside the
// comment syntax of its format: the marker of package write, by which stale
// generated files are found, and the spec file's name.
func header(open, source, close string) string {
	return open + write.Marker + " source: " + source + close
}

// sourceName returns the base name of the spec file, reduced to characters
// that are safe inside any comment syntax.
func sourceName(path string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' {
			return r
		}
		return '_'
	}, filepath.Base(path))
}
