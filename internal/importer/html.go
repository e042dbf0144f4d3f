package importer

import (
	"html"
	"regexp"
	"strings"
)

var (
	htmlTable   = regexp.MustCompile(`(?is)<table\b.*?</table\s*>`)
	htmlHeading = regexp.MustCompile(`(?is)<(h[1-6])\b[^>]*>(.*?)</h[1-6]\s*>`)
	htmlCaption = regexp.MustCompile(`(?is)<caption\b[^>]*>(.*?)</caption\s*>`)
	htmlRow     = regexp.MustCompile(`(?is)<tr\b.*?</tr\s*>`)
	htmlCell    = regexp.MustCompile(`(?is)<(t[hd])\b[^>]*>(.*?)</t[hd]\s*>`)
	htmlTag     = regexp.MustCompile(`(?s)<[^>]*>`)
)

// parseHTML reads the <table> elements of an HTML page whose first row
// names known columns. A table's name is its <caption>, else the nearest
// heading before it. A row's doc_row is its <tr> element as written.
func parseHTML(text string) ([]Table, error) {
	var tables []Table
	for _, loc := range htmlTable.FindAllStringIndex(text, -1) {
		src := text[loc[0]:loc[1]]
		name := ""
		if m := htmlCaption.FindStringSubmatch(src); m != nil {
			name = htmlText(m[1])
		} else if hs := htmlHeading.FindAllStringSubmatch(text[:loc[0]], -1); len(hs) > 0 {
			name = htmlText(hs[len(hs)-1][2])
		}
		rows := htmlRow.FindAllStringIndex(src, -1)
		if len(rows) < 2 {
			continue
		}
		names := htmlCells(src[rows[0][0]:rows[0][1]])
		fields, ok := headerFields(names)
		if !ok {
			continue
		}
		t := Table{Name: name, Line: lineAt(text, loc[0])}
		for _, rl := range rows[1:] {
			tr := src[rl[0]:rl[1]]
			r := Row{Line: lineAt(text, loc[0]+rl[0]), DocRow: tr}
			assign(&r, fields, names, htmlCells(tr))
			t.Rows = append(t.Rows, r)
		}
		tables = append(tables, t)
	}
	return nonEmpty(tables), nil
}

// htmlCells returns the text of a row's cells.
func htmlCells(tr string) []string {
	var out []string
	for _, m := range htmlCell.FindAllStringSubmatch(tr, -1) {
		out = append(out, htmlText(m[2]))
	}
	return out
}

// htmlText is an element's text: tags dropped, entities decoded, runs of
// white space made one space.
func htmlText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(htmlTag.ReplaceAllString(s, " "))), " ")
}

func lineAt(text string, offset int) int {
	return strings.Count(text[:offset], "\n") + 1
}
