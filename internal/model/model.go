// Package model is the generator's intermediate representation: plain
// structs that already hold Go names, classifications, doc text and source
// positions, so that emitters never look at YAML.
package model

import (
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/diag"
)

// Spec is everything read from one codes file.
type Spec struct {
	Path      string
	Providers []*Provider
}

// CodeKind is the Go type of a provider's wire codes.
type CodeKind int

// Code kinds.
const (
	CodeString  CodeKind = iota // "0000": leading zeros matter
	CodeInteger                 // 1, 10, 232
)

// Provider is one provider: its tables become one Go package.
type Provider struct {
	ID          string
	Name        string
	Description string
	Source      string // the document the tables were captured from
	GoPackage   string
	CodeKind    CodeKind
	CodeWidth   int // string codes: JSON numbers are zero-padded to this width
	Tables      []*Table
	Pos         diag.Pos
}

// Provider returns the provider with the given id, or nil.
func (s *Spec) Provider(id string) *Provider {
	for _, p := range s.Providers {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Table returns the provider's table with the given id, or nil.
func (p *Provider) Table(id string) *Table {
	for _, t := range p.Tables {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// Entries returns every entry of every table, in table order.
func (p *Provider) Entries() []*Entry {
	n := 0
	for _, t := range p.Tables {
		n += len(t.Entries)
	}
	if n == 0 {
		return nil
	}
	all := make([]*Entry, 0, n)
	for _, t := range p.Tables {
		all = append(all, t.Entries...)
	}
	return all
}

// Table is one code table.
type Table struct {
	ID          string
	Name        string
	Description string
	GoName      string // "Transact"
	ConstName   string // "TableTransact"
	Fallback    *Table // consulted by HTTP status alone; nil when none
	Entries     []*Entry
	Pos         diag.Pos
}

// Entry is one row of one table.
type Entry struct {
	Index       int    // 1-based, unique within the provider; 0 is "unknown"
	ConstName   string // "TransactProcessingRequest"
	Name        string // the row's name within its table
	Table       *Table
	Code        string // as written; "" when HasCode is false
	HasCode     bool
	HTTP        int // 0 when the row has no HTTP status
	Message     string
	Templates   []Template // what a body message must fit; empty when the row has no message
	Description string
	Resolution  string
	DocRow      string
	Inferred    []string
	Note        string
	Class       codebook.Class
	RetryAfter  time.Duration // the documented delay of a RetryAfterDelay or RetryNewReference row; 0 otherwise
	Origin      *Entry        // the row this one reuses; nil when written in place
	Pos         diag.Pos
}

// Template is a message a body may carry, split at its {placeholders}:
// "Product ID {id} does not exist" has Parts ["Product ID ", " does not exist"].
type Template struct {
	Text  string
	Parts []string
}
