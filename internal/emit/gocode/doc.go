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
	forDocLines(text, func(line string) { lines = append(lines, line) })
	return lines
}

// forDocLines hands each wrapped, scrubbed line of text to yield. Line
// breaks of every kind end a paragraph; a run of n breaks gives n/2 empty
// lines (a blank line is a paragraph break), and each paragraph gives
// the lines wrap makes of it once scrubbed.
func forDocLines(text string, yield func(string)) {
	text = normalizeBreaks(text)
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if i > 0 {
			for _, line := range wrap(scrub(text[:i])) {
				yield(line)
			}
		}
		j := i
		for j < len(text) && text[j] == '\n' {
			j++
		}
		for range (j - i) / 2 {
			yield("")
		}
		text = text[j:]
	}
}

// normalizeBreaks turns every kind of line break into \n. The replacer
// is built only for text that has a break other than \n, which is rare.
func normalizeBreaks(s string) string {
	if strings.IndexByte(s, '\r') < 0 && !strings.Contains(s, "\u2028") && !strings.Contains(s, "\u2029") &&
		!strings.Contains(s, "\u0085") {
		return s
	}
	return strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n").Replace(s)
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
func plainASCII[T string | []byte](s T) bool {
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
