package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/codebookgen/codebook/internal/importer"
)

// importCommand is "codebook import": a provider's docs table to a draft
// codes.yaml.
func importCommand() *command {
	return &command{
		Name:    "import",
		Summary: "turn a provider's docs table into a draft codes.yaml",
		Args:    "FILE",
		MinArgs: 1, MaxArgs: 1,
		Description: `Import reads a provider's response-code table as the provider publishes it
(a Markdown table, an HTML table, CSV or TSV, or text copied from a web page
like spec/sources) and writes a draft codes.yaml on stdout, or to -o.

Every row keeps its provenance in doc_row (the row exactly as in the document)
and its code, HTTP status, message, description and resolution word for word.
Columns are found by their header (Code, HTTP Status, Message, Description,
Resolution and common variants); a value in the wrong column (a code in the
HTTP column) goes where it belongs, with a note. Every row is classified
uncertain/reconcile with a note starting "draft:" until a person decides;
comments in the draft say what to decide, and codebook lint lists the draft
rows left. The output depends only on the document and the flags.`,
		Examples: `codebook import -provider acme_pay -name "Acme Pay" docs/acme-errors.md > spec/codes.yaml
# a page saved from the provider's site, written next to it:
codebook import -provider acme_pay -o spec/codes.yaml spec/sources/acme.html
# one CSV table, named:
codebook import -provider acme_pay -table "Payments API" -o spec/codes.yaml codes.csv
codebook lint spec/codes.yaml   # the rows still to classify`,
		Setup: func(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			var cfg importConfig
			fs.StringVar(&cfg.format, "format", "", fmt.Sprintf("the document's format, one of %v (default: from the file name and content)", importer.Formats()))
			fs.StringVar(&cfg.provider, "provider", "", "the provider's id, lower_snake_case (default: from -name)")
			fs.StringVar(&cfg.name, "name", "", "the provider's name as it writes it (default: the id)")
			fs.StringVar(&cfg.table, "table", "", "the table's name for CSV and TSV (default: the file name)")
			fs.StringVar(&cfg.out, "o", "", "write the draft to this file instead of stdout; it must not exist yet")
			fs.StringVar(&cfg.source, "source", "", "the document's path as the draft's source: records (default: FILE, relative to -o's directory)")
			return func(args []string, stdout, stderr io.Writer) int {
				cfg.file = args[0]
				return runImport(cfg, stdout, stderr)
			}
		},
	}
}

type importConfig struct {
	file, format, provider, name, table, out, source string
}

func runImport(cfg importConfig, stdout, stderr io.Writer) int {
	if cfg.provider == "" && cfg.name == "" {
		fmtf(stderr, "codebook import: pass -provider (a lower_snake_case id such as acme_pay) or -name\n")
		return exitUsage
	}
	data, err := os.ReadFile(cfg.file)
	if err != nil {
		fmtf(stderr, "codebook import: %v\n", err)
		return exitProblems
	}
	tables, err := importer.Parse(data, importer.ParseOptions{Format: importer.Format(cfg.format), Name: cfg.file, Table: cfg.table})
	if err != nil {
		fmtf(stderr, "codebook import: %v\n", err)
		return exitProblems
	}
	format := importer.Format(cfg.format)
	if format == importer.FormatAuto {
		format = importer.Detect(cfg.file, data)
	}
	var buf bytes.Buffer
	opts := importer.DraftOptions{ProviderID: cfg.provider, ProviderName: cfg.name, Source: sourcePath(cfg), Format: format}
	if err := importer.Write(&buf, tables, opts); err != nil {
		fmtf(stderr, "codebook import: %v\n", err)
		return exitUsage
	}
	if cfg.out == "" {
		_, _ = stdout.Write(buf.Bytes())
		return exitOK
	}
	if err := writeNew(cfg.out, buf.Bytes()); err != nil {
		fmtf(stderr, "codebook import: %v\n", err)
		return exitProblems
	}
	rows := 0
	for _, t := range tables {
		rows += len(t.Rows)
	}
	fmtf(stderr, "wrote %s: %d tables, %d rows, all draft: classify them, then run codebook lint %s\n", cfg.out, len(tables), rows, cfg.out)
	return exitOK
}

// sourcePath is the source: field of the draft, relative to the draft.
func sourcePath(cfg importConfig) string {
	if cfg.source != "" {
		return cfg.source
	}
	base := "."
	if cfg.out != "" {
		base = filepath.Dir(cfg.out)
	}
	absBase, err1 := filepath.Abs(base)
	absFile, err2 := filepath.Abs(cfg.file)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absBase, absFile); err == nil {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(cfg.file)
}

// writeNew writes a file that must not exist, so that a draft never
// replaces a codes.yaml someone has classified.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: a draft does not replace a codes file; write it elsewhere and merge, or remove %s first", path, path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
