package emit

// This file exports what the server generator (internal/oapi/server)
// reuses of the client generator: the declarations of the model types, the
// doc-comment helpers and the type expressions. It adds entry points only;
// the client's output does not change.

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// ModelFiles renders the declared types of api without a client, as
// base.go (base_01.go, base_02.go... when they are many), keyed by file
// name and gofmt'ed; nil when api declares no type. Struct types keeping
// additional properties and unions call the JSON helpers of package
// apiclient. No form encoder is declared.
func ModelFiles(api *model.API, cfg Config, base string) (map[string][]byte, error) {
	e := &emitter{api: api, cfg: cfg, forms: map[*model.Type]bool{}}
	outs := chunked(base, len(api.Types), typesPerFile, e.modelsFile)
	files := make(map[string][]byte, len(outs))
	for _, o := range outs {
		src, err := e.render(o)
		if err != nil {
			return nil, err
		}
		files[o.name] = src
	}
	return files, nil
}

// TypeExpr spells a type expression of the IR.
func TypeExpr(tr model.TypeRef) *jen.Statement { return typeExpr(tr) }

// Doc builds doc comment lines: the summary (which starts with the
// symbol's name), then description as its own paragraphs, every line made
// safe for a // comment and wrapped.
func Doc(summary, description string) []string { return doc(summary, description) }

// DocLines turns a spec description into safe, wrapped comment lines.
func DocLines(text string) []string { return docLines(text) }

// Sanitize makes one line of spec text safe inside a // comment.
func Sanitize(s string) string { return sanitize(s) }

// Quoted spells a spec string Go-quoted for use inside a comment.
func Quoted(s string) string { return quoted(s) }

// Comments renders comment lines as jennifer statements; "" is a bare //.
func Comments(lines []string) []jen.Code { return comments(lines) }

// Wrap splits a line at spaces so that no piece exceeds width runes; a
// single longer word stays whole.
func Wrap(line string, width int) []string { return wrap(line, width) }

// Decl adds a declaration with its doc comment and a blank line after it.
func Decl(f *jen.File, docLines []string, code jen.Code) { decl(f, docLines, code) }
