package gocode

import (
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"
)

// docWidth is where doc comment lines are wrapped.
const docWidth = 96

// comments turns text into // comment lines that nothing in the text can
// escape: each line is given to jennifer already starting with "// " (so
// it is written as is, never as a /* */ block), line breaks of every kind
// start a new comment line, and control and bidi characters are dropped.
// An empty paragraph line becomes a bare "//".
func comments(text string) []jen.Code {
	var out []jen.Code
	for _, line := range docLines(text) {
		if line == "" {
			out = append(out, jen.Comment("//"), jen.Line())
			continue
		}
		out = append(out, jen.Comment("// "+line), jen.Line())
	}
	return out
}

// docLines splits text into wrapped, scrubbed lines.
func docLines(text string) []string {
	var lines []string
	for _, para := range strings.FieldsFunc(normalizeBreaks(text), func(r rune) bool { return r == '\n' }) {
		lines = append(lines, wrap(scrub(para))...)
	}
	return lines
}

// normalizeBreaks turns every kind of line break into \n, and keeps a blank
// line (a paragraph break) as "\n \n".
func normalizeBreaks(s string) string {
	if strings.ContainsAny(s, "\r\u2028\u2029\u0085") { // rare: the replacer is built only for such text
		s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n").Replace(s)
	}
	return strings.ReplaceAll(s, "\n\n", "\n \n")
}

// scrub drops characters that have no place in a comment.
func scrub(s string) string {
	if plainASCII(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s))
}

// plainASCII reports whether s is printable ASCII and spaces only: text
// that scrub leaves as it is, but for trimming.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

func wrap(s string) []string {
	if s == "" {
		return []string{""}
	}
	if len(s) <= docWidth && plainASCII(s) && !strings.Contains(s, "  ") && s[0] != ' ' && s[len(s)-1] != ' ' {
		return []string{s} // one line already: one word after another, one space apart
	}
	var lines []string
	var cur strings.Builder
	for _, w := range strings.Fields(s) {
		if cur.Len() > 0 && cur.Len()+1+len(w) > docWidth {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	return append(lines, cur.String())
}

// withDoc puts the doc comment text above a declaration.
func withDoc(text string, decl jen.Code) jen.Code {
	return jen.Add(append(comments(text), decl)...)
}
