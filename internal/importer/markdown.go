package importer

import (
	"regexp"
	"strings"
)

// markdownSeparator matches the line under a pipe table's header.
var markdownSeparator = regexp.MustCompile(`(?m)^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$`)

// parseMarkdown reads the pipe tables of a Markdown document whose header
// names known columns; a table's name is the heading above it.
func parseMarkdown(text string) ([]Table, error) {
	lines := strings.Split(text, "\n")
	var tables []Table
	heading := ""
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if strings.HasPrefix(line, "#") {
			heading = strings.TrimSpace(strings.Trim(line, "#"))
			continue
		}
		if i+1 >= len(lines) || !strings.Contains(line, "|") || !markdownSeparator.MatchString(lines[i+1]) {
			continue
		}
		names := pipeCells(line)
		fields, ok := headerFields(names)
		if !ok {
			continue
		}
		t := Table{Name: heading, Line: i + 1}
		for i += 2; i < len(lines) && strings.Contains(lines[i], "|"); i++ {
			r := Row{Line: i + 1, DocRow: lines[i]}
			assign(&r, fields, names, pipeCells(lines[i]))
			t.Rows = append(t.Rows, r)
		}
		tables = append(tables, t)
	}
	return nonEmpty(tables), nil
}

// pipeCells splits a pipe table line into its cells, without the outer
// pipes; "\|" is a pipe inside a cell.
func pipeCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteByte('|')
			i++
		case line[i] == '|':
			cells = append(cells, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cells, strings.TrimSpace(cur.String()))
}
