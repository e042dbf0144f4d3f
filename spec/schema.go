// Package spec holds the JSON Schema of codes.yaml, so that the generator
// can hand it to a consumer's editor (gen -schema) without this repository.
// The code tables and OpenAPI files beside it are data, not Go.
package spec

import (
	"bytes"
	_ "embed" // the schema file
)

// SchemaURL is where the published schema is served, for the modeline of a
// codes.yaml outside this repository:
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/codebookgen/codebook/main/spec/codes.schema.json
//
// It is the schema's $id.
const SchemaURL = "https://raw.githubusercontent.com/codebookgen/codebook/main/spec/codes.schema.json"

//go:embed codes.schema.json
var schema []byte

// Schema returns the JSON Schema of codes.yaml (format codebook/v1) that
// this version of the generator reads.
func Schema() []byte { return bytes.Clone(schema) }
