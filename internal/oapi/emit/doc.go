package emit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// Limits on the documentation copied from a spec into comments.
const (
	maxDocRunes = 1500 // longer descriptions are cut, with an ellipsis
	wrapColumn  = 100
)

// sanitize makes one line of spec text safe inside a // comment: control
// characters (newlines included), bidi controls and other invisible format
// characters become spaces, "*/" is broken up, runs of space collapse, and
// a line that would start with "/" (and so could be taken by jennifer as
// raw comment text, or by the go tool as a //go: or //line directive) gets
// a "| " marker in front.
func sanitize(s string) string {
	if plain(s) {
		return s
	}
	return sanitizeRunes(s)
}

// sanitizeRunes is sanitize rune by rune, for text that is not plain.
func sanitizeRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r),
			unicode.Is(unicode.Zl, r), unicode.Is(unicode.Zp, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	out = strings.ReplaceAll(out, "*/", "* /")
	if strings.HasPrefix(out, "/") {
		out = "| " + out
	}
	return out
}

// plain reports whether sanitize leaves s as it is: printable ASCII with
// single spaces between words, no "*/" and no leading "/". Most spec
// text is, and it is then neither copied nor split.
func plain(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[0] == '/' || s[len(s)-1] == ' ' || strings.Contains(s, "*/") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || (c == ' ' && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// docLines turns a spec description into comment lines: paragraphs kept,
// every line sanitised and wrapped, the whole cut at maxDocRunes.
func docLines(text string) []string {
	text = cut(strings.TrimSpace(text), maxDocRunes)
	var out []string
	blank := false
	for _, raw := range strings.Split(text, "\n") {
		line := sanitize(raw)
		if line == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, wrap(line, wrapColumn)...)
	}
	return endParagraphs(out)
}

// endParagraphs ends one-line paragraphs that end in a letter or digit with
// a period, so that gofmt does not turn them into doc headings.
func endParagraphs(lines []string) []string {
	for i, l := range lines {
		alone := (i == 0 || lines[i-1] == "") && (i == len(lines)-1 || lines[i+1] == "")
		if r, _ := utf8.DecodeLastRuneInString(l); alone && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			lines[i] = l + "."
		}
	}
	return lines
}

// cut shortens s to at most n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// wrap splits a line at spaces so that no piece exceeds width runes
// (a single longer word stays whole).
func wrap(line string, width int) []string {
	var out []string
	var cur strings.Builder
	runes := 0 // of cur
	for _, w := range strings.Fields(line) {
		n := utf8.RuneCountInString(w)
		if runes > 0 && runes+1+n > width {
			out = append(out, cur.String())
			cur, runes = strings.Builder{}, 0
		}
		if runes > 0 {
			cur.WriteByte(' ')
			runes++
		}
		cur.WriteString(w)
		runes += n
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// doc builds a doc comment: the summary line (which must start with the
// symbol's name and is sanitised too), then the spec description as its
// own paragraph.
func doc(summary, description string) []string {
	lines := []string{sanitize(summary)}
	if d := docLines(description); len(d) > 0 {
		lines = append(append(lines, ""), d...)
	}
	return lines
}

// comments renders comment lines as jennifer statements, one per line; an
// empty line renders as a bare "//".
func comments(lines []string) []jen.Code {
	out := make([]jen.Code, 0, len(lines))
	for _, l := range lines {
		if l == "" {
			out = append(out, jen.Comment(""))
			continue
		}
		out = append(out, jen.Comment(l))
	}
	return out
}

// quoted spells a spec string for use inside a comment: Go-quoted, so
// nothing in it can end the comment or smuggle invisible characters.
func quoted(s string) string {
	return sanitize(strconv.Quote(cut(s, 200)))
}
