// Package model is the intermediate representation of the OpenAPI client
// generator: plain structs, filled by package build from a loaded spec and
// read by package emit. Every node already holds its resolved Go name, its
// source position and its documentation text, so the emitter never derives
// a name or reads the spec.
package model

import "fmt"

// Pos is a position in a spec file. The zero Pos means "unknown".
type Pos struct {
	File string // the path of the spec as given to the generator
	Line int    // 1-based; 0 when unknown
	Col  int    // 1-based; 0 when unknown
}

// String formats p as file:line:col (file alone when the line is unknown).
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Warning is a problem in the spec that did not stop generation: a construct
// that could not be typed, a complaint of the strict validator, a name that
// had to be changed.
type Warning struct {
	Pos Pos
	Msg string
}

// String formats w as file:line:col: message.
func (w Warning) String() string { return w.Pos.String() + ": " + w.Msg }

// API is the whole IR of one spec.
type API struct {
	Source     string // base name of the spec file, for the "source:" header
	Title      string
	Doc        string
	Version    string // the openapi field: "3.0.3", "3.1.0"
	BaseURL    string // the first server URL, "" when none
	Types      []*Type
	Operations []*Operation
	Security   []*SecurityScheme
	Warnings   []Warning
	// Codes holds the names the code tables of the package declare, which
	// operations linked by x-codebook refer to; nil without code tables.
	Codes *CodeNames
}

// CodeNames are the Go names of the code-table declarations that a client
// or server emitted into the same package refers to. The package model
// takes them from the code tables' emitter, so that no other emitter
// spells them.
type CodeNames struct {
	Table        string // the table type
	Entry        string // the row type
	Result       string // the classified result type
	Error        string // the classified error type
	ClassifyHTTP string // the function classifying an HTTP response
	// Classify is the function classifying a decoded response.
	Classify string
	// DecodeResponse is the function decoding a response body.
	DecodeResponse string
	// Response is the type Classify reads: a status, a code and a message.
	Response string
}

// Names lists the names, for an emitter that must keep them free.
func (c *CodeNames) Names() []string {
	return []string{c.Table, c.Entry, c.Result, c.Error, c.ClassifyHTTP, c.Classify, c.DecodeResponse, c.Response}
}
