// Package load reads spec/codes.yaml into a syntax tree that keeps the
// position of every value, so that later stages can point at the line and
// column of a problem. It checks only the shape of the file (known keys,
// scalars where scalars belong); meaning is checked by package validate.
package load

import "github.com/codebookgen/codebook/internal/diag"

// Str is a scalar as written in the file.
type Str struct {
	Value string
	Pos   diag.Pos
	Set   bool // the key was present
}

// File is a whole codes.yaml.
type File struct {
	Path      string
	Pos       diag.Pos
	Format    Str
	Providers []Provider
}

// Provider is one provider and its tables.
type Provider struct {
	Pos         diag.Pos
	ID          Str
	Name        Str
	GoPackage   Str
	Description Str
	Source      Str
	CodeKind    Str
	CodeWidth   Str
	Tables      []Table
}

// Table is one code table, usually one API of the provider.
type Table struct {
	Pos         diag.Pos
	ID          Str
	Name        Str
	Description Str
	Fallback    Str
	Rows        []Row
}

// Row is one row of a table, or a reference to a row of another table.
type Row struct {
	Pos         diag.Pos
	Use         Str
	Name        Str
	Code        Str
	HTTP        Str
	Message     Str
	Match       []Str
	Description Str
	Resolution  Str
	DocRow      Str
	Inferred    []Str
	Note        Str
	Outcome     Str
	Retry       Str
	RetryAfter  Str
	Fault       Str
	Category    Str
}
