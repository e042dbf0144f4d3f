// Package genflag declares the generator's flags (-codes, -openapi, -out,
// -docs, -templates) once, for the two commands that take them: cmd/gen
// and cmd/codebook's generate and check.
package genflag

import (
	"flag"

	"github.com/codebookgen/codebook/internal/gen"
)

// Declare declares the generator's flags on fs and returns the Config they
// fill when fs is parsed.
func Declare(fs *flag.FlagSet) *gen.Config {
	var cfg gen.Config
	fs.StringVar(&cfg.Codes, "codes", "spec/codes.yaml", "path of the code tables")
	fs.StringVar(&cfg.OpenAPI, "openapi", "", "directory of OpenAPI files linked to the code tables (x-codebook); clients are generated from them")
	fs.StringVar(&cfg.Out, "out", "generated", "directory for the generated Go packages")
	fs.StringVar(&cfg.Docs, "docs", "", "directory for the generated docs (Markdown, HTML, JSON); none when empty")
	fs.StringVar(&cfg.Templates, "templates", "", "directory of templates that replace the embedded doc templates of the same name")
	return &cfg
}
