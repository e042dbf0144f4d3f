// Package templates holds the templates that the generator writes the
// documentation in docs/ with, embedded in the generator binary.
//
//   - index.md.tmpl: docs/README.md, the index of every provider;
//   - provider.md.tmpl: docs/<provider>.md, one provider's reference;
//   - codes.html.tmpl: docs/codes.html, every code on one searchable page.
//
// The Markdown templates run with text/template and the HTML template with
// html/template. Every value they print is computed and escaped in Go before
// they run, so a template only lays values out with range, if and field
// access. A consumer replaces any of these files by putting a file of the
// same name in the directory given to the generator with -templates; the
// files it leaves out keep the embedded version. README.md in this directory
// lists the fields each template receives.
package templates

import (
	"embed"
	"io/fs"
)

// files is read-only: embed.FS cannot be changed after the build.
//
//go:embed *.tmpl
var files embed.FS

// Names lists the template files the generator runs, in a fixed order.
func Names() []string {
	return []string{"index.md.tmpl", "provider.md.tmpl", "codes.html.tmpl"}
}

// FS returns the embedded templates, one file per name of Names.
func FS() fs.FS { return files }
