package importer

import (
	"fmt"
	"strings"
	"unicode"
)

// textParser reads text copied from a web page. Two kinds of table occur:
//
//   - bar tables, whose cells are separated by "|" (spec/sources' Clickatell
//     page): a header of one column name per line ("HTTP Status Code |"),
//     then per table a heading line with one cell ("Transact API | ||") and
//     rows of two or more cells, up to the first line without a bar;
//   - run-together tables, whose cells lost their separators (Click
//     Airtime's page): a title line, a header naming the columns with no
//     space between them ("CodeMessageDescriptionResolution"), then one row
//     per line up to a blank line.
type textParser struct {
	tables    []Table
	cur       *Table
	barFields []field
	barNames  []string
	run       *runHeader // the header of the run-together table being read
	title     string     // the last line that could be a table's title
	idents    map[string]bool
}

type runHeader struct {
	fields []field
	names  []string
}

func parseText(text string) ([]Table, error) {
	lines := strings.Split(text, "\n")
	p := &textParser{idents: identifiers(lines)}
	for i, line := range lines {
		p.line(i+1, line)
	}
	return nonEmpty(p.tables), nil
}

func (p *textParser) line(n int, line string) {
	if strings.Contains(line, "|") {
		p.run = nil
		p.barLine(n, line)
		return
	}
	trimmed := strings.TrimSpace(line)
	switch {
	case p.run != nil && trimmed == "":
		p.run, p.cur = nil, nil
	case p.run != nil:
		r := Row{Line: n, DocRow: line}
		p.splitRow(&r, trimmed)
		p.cur.Rows = append(p.cur.Rows, r)
	case p.runHeader(n, trimmed):
	case trimmed == "":
	default:
		p.cur = nil
		if isTitle(trimmed) {
			p.title = trimmed
		}
	}
}

// barLine reads a line holding "|": a column name of the header, a
// table's heading, or a row.
func (p *textParser) barLine(n int, line string) {
	cells := strings.Split(line, "|")
	var filled []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			filled = append(filled, c)
		}
	}
	switch {
	case len(filled) == 0:
	case len(filled) == 1 && p.cur == nil && isColumnName(filled[0]) && len(p.tables) == 0:
		f, _ := columnField(filled[0])
		p.barFields, p.barNames = append(p.barFields, f), append(p.barNames, filled[0])
	case len(filled) == 1:
		p.tables = append(p.tables, Table{Name: filled[0], Line: n})
		p.cur = &p.tables[len(p.tables)-1]
	case p.cur == nil && isHeaderRow(filled):
		p.barFields, p.barNames = nil, nil
		for _, c := range cells {
			f, _ := columnField(c)
			p.barFields, p.barNames = append(p.barFields, f), append(p.barNames, strings.TrimSpace(c))
		}
		p.tables = append(p.tables, Table{Name: p.title, Line: n})
		p.cur = &p.tables[len(p.tables)-1]
	case p.cur != nil:
		r := Row{Line: n, DocRow: line}
		fields, names := p.barFields, p.barNames
		if len(fields) == 0 {
			fields, names = defaultFields()
		}
		assign(&r, fields, names, cells)
		p.cur.Rows = append(p.cur.Rows, r)
	}
}

// runHeader starts a run-together table when line is a header.
func (p *textParser) runHeader(n int, line string) bool {
	names, ok := splitHeader(line)
	if !ok || len(names) < 2 {
		return false
	}
	fields, ok := headerFields(names)
	if !ok {
		return false
	}
	p.run = &runHeader{fields: fields, names: names}
	p.tables = append(p.tables, Table{Name: p.title, Line: n})
	p.cur = &p.tables[len(p.tables)-1]
	return true
}

// defaultFields are the columns of a bar table without a header.
func defaultFields() ([]field, []string) {
	return []field{fieldHTTP, fieldCode, fieldMessage, fieldDescription, fieldResolution},
		[]string{"first", "second", "third", "fourth", "fifth"}
}

func isColumnName(s string) bool {
	_, ok := columnField(s)
	return ok
}

func isHeaderRow(cells []string) bool {
	_, ok := headerFields(cells)
	return ok
}

// isTitle reports whether a line could be a table's title: short, not a
// sentence, starting with a capital or a digit.
func isTitle(s string) bool {
	if s == "" || len(s) > 80 || strings.ContainsAny(s[len(s)-1:], ":.,;") {
		return false
	}
	first := []rune(s)[0]
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

// nonEmpty drops tables without rows and names untitled ones.
func nonEmpty(tables []Table) []Table {
	var out []Table
	for _, t := range tables {
		if len(t.Rows) == 0 {
			continue
		}
		if t.Name == "" {
			t.Name = fmt.Sprintf("Table %d", len(out)+1)
		}
		out = append(out, t)
	}
	return out
}
