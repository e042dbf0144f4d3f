// Package importer reads a provider's response-code table as the provider
// publishes it (a Markdown table, an HTML table, CSV or TSV, or plain text
// like the documents in spec/sources) and writes a draft codes.yaml: every
// row with its doc_row provenance and its code, HTTP status, message,
// description and resolution word for word, classified uncertain/reconcile
// until a person decides.
//
// The stages are: Parse (the document to tables of rows, each field taken
// from the cells as written) and Write (the tables to YAML a person edits).
package importer

import (
	"fmt"
	"path/filepath"
	"strings"
)

// Format is the syntax of a provider document.
type Format string

// The formats Parse reads.
const (
	FormatAuto     Format = ""         // decided from the file name and the content
	FormatMarkdown Format = "markdown" // pipe tables under # headings
	FormatHTML     Format = "html"     // <table> elements under <h1>..<h6> or a <caption>
	FormatCSV      Format = "csv"      // one table, the first record names the columns
	FormatTSV      Format = "tsv"      // as csv, separated by tabs
	FormatText     Format = "text"     // text copied from a web page, like spec/sources
)

// Formats lists the formats a caller may name, for help and errors.
func Formats() []Format {
	return []Format{FormatMarkdown, FormatHTML, FormatCSV, FormatTSV, FormatText}
}

// Table is one code table of a document.
type Table struct {
	Name string // the heading as written
	Line int    // 1-based line of the heading (or of the header row)
	Rows []Row
}

// Row is one row of a table, its fields as the document writes them.
type Row struct {
	Line        int    // 1-based line of the row in the document
	DocRow      string // the row exactly as in the document
	Code        string
	HTTP        string
	Message     string
	Description string
	Resolution  string
	// Notes are what the import noticed and a person should check: a
	// column holding the wrong kind of value, columns run together.
	Notes []string

	codeFrom string // the column the code was found in, when not a code column
}

// ParseOptions says how to read a document.
type ParseOptions struct {
	Format Format // FormatAuto decides from Name and the content
	Name   string // the document's file name, for format detection and errors
	Table  string // the table name for CSV and TSV (default: the file name)
}

// Parse reads the code tables of a document. It returns an error naming the
// document and what to do when it finds no table.
func Parse(data []byte, opts ParseOptions) ([]Table, error) {
	format := opts.Format
	if format == FormatAuto {
		format = Detect(opts.Name, data)
	}
	var tables []Table
	var err error
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	switch format {
	case FormatMarkdown:
		tables, err = parseMarkdown(text)
	case FormatHTML:
		tables, err = parseHTML(text)
	case FormatCSV, FormatTSV:
		name := opts.Table
		if name == "" {
			name = strings.TrimSuffix(filepath.Base(opts.Name), filepath.Ext(opts.Name))
		}
		tables, err = parseDelimited(text, format == FormatTSV, name)
	case FormatText:
		tables, err = parseText(text)
	default:
		return nil, fmt.Errorf("%s: unknown format %q: use one of %v", opts.Name, format, Formats())
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opts.Name, err)
	}
	if len(tables) == 0 {
		return nil, fmt.Errorf("%s: no code table found (read as %s): a table needs a header naming its columns "+
			"(Code, HTTP Status, Message, Description, Resolution); pass -format if the guess is wrong", opts.Name, format)
	}
	return tables, nil
}

// Detect guesses a document's format from its file name, then its content.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return FormatMarkdown
	case ".html", ".htm":
		return FormatHTML
	case ".csv":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	}
	s := strings.ToLower(string(data))
	switch {
	case strings.Contains(s, "<table"):
		return FormatHTML
	case markdownSeparator.MatchString(string(data)):
		return FormatMarkdown
	}
	return FormatText
}
