package docs

import (
	"strings"
	"unicode"
)

// mdSpecial are the characters that can start Markdown syntax inside a line
// (emphasis, code, links, raw HTML, table cells, headings, strikethrough,
// entities, GitHub math). Each is escaped with a backslash, which CommonMark
// and GitHub Flavored Markdown allow before any ASCII punctuation.
const mdSpecial = "\\`*_[]<>|#~&$"

// md escapes spec text for inline Markdown: a heading, a list item or a
// table cell. The result is one line: a line break in the text becomes
// <br>, and other control characters become spaces, so that no text can
// end a table row or start a block of its own.
func md(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029':
			b.WriteString("<br>")
		case unicode.IsControl(r):
			b.WriteByte(' ')
		case strings.ContainsRune(mdSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdAll escapes every string of ss.
func mdAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = md(s)
	}
	return out
}

// tidyMarkdown lets templates be written loosely: it drops trailing spaces
// and tabs (never used for line breaks here), collapses runs of blank lines
// into one, and ends the text with exactly one newline.
func tidyMarkdown(text string) string {
	lines := strings.Split(text, "\n")
	out := make([]string, 0, len(lines))
	blank := true // drop leading blank lines
	for _, line := range lines {
		line = strings.TrimRight(line, " \t")
		if line == "" && blank {
			continue
		}
		blank = line == ""
		out = append(out, line)
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}
