package gocode

import (
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// The package-level names the code-table files declare whatever the
// provider, as the emitters spell them; naming.CodeTableNames is the same
// list (TestNamesAreTheNamingList). The other files of the package (a
// client, a server) refer to them through the package model, never by
// spelling them.
const (
	NameCode           = "Code"
	NameParseCode      = "ParseCode"
	NameTable          = "Table"
	NameTables         = "Tables"
	NameEntry          = "Entry"
	NameEntries        = "Entries"
	NameResponse       = "Response"
	NameResult         = "Result"
	NameError          = "Error"
	NameClassify       = "Classify"
	NameClassifyHTTP   = "ClassifyHTTP"
	NameDecodeResponse = "DecodeResponse"
)

// Declared lists every exported package-level name the files of p's
// package declare, from the model alone: the fixed names above, one
// constant per table and one per row. The package model claims them
// before any OpenAPI name.
func Declared(p *model.Provider) []string {
	fixed := naming.CodeTableNames()
	out := make([]string, 0, len(fixed)+len(p.Tables)+rowCount(p))
	out = append(out, fixed...)
	for _, t := range p.Tables {
		out = append(out, t.ConstName)
	}
	for e := range allEntries(p) {
		out = append(out, e.ConstName)
	}
	return out
}

// Refs returns the names that a client or server emitted into the same
// package refers to, for the OpenAPI model.
func Refs() *oapimodel.CodeNames {
	return &oapimodel.CodeNames{Table: NameTable, Entry: NameEntry, Result: NameResult, Error: NameError,
		ClassifyHTTP: NameClassifyHTTP, Classify: NameClassify, DecodeResponse: NameDecodeResponse, Response: NameResponse}
}
