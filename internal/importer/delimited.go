package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseDelimited reads one table from CSV or TSV whose first record names
// the columns. A row's doc_row is its line (or lines, for a quoted cell
// holding a newline) as written.
func parseDelimited(text string, tabs bool, name string) ([]Table, error) {
	rd := csv.NewReader(strings.NewReader(text))
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	if tabs {
		rd.Comma = '\t'
	}
	names, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	fields, ok := headerFields(names)
	if !ok {
		return nil, fmt.Errorf("line 1: the first record must name the columns, such as Code, HTTP Status, Message, "+
			"Description, Resolution; found %q", names)
	}
	t := Table{Name: name, Line: 1}
	for {
		start := rd.InputOffset()
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := rd.FieldPos(0)
		raw := strings.TrimRight(text[start:rd.InputOffset()], "\r\n")
		if strings.TrimSpace(raw) == "" {
			continue
		}
		r := Row{Line: line, DocRow: raw}
		assign(&r, fields, names, rec)
		t.Rows = append(t.Rows, r)
	}
	return nonEmpty([]Table{t}), nil
}
