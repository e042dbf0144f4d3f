package gocode

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// oldDocLines is docLines as it was before it became one pass: breaks
// replaced, a blank line kept as "\n \n", then split on \n. The one-pass
// docLines must give the same lines for every text.
func oldDocLines(text string) []string {
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n").Replace(text)
	text = strings.ReplaceAll(text, "\n\n", "\n \n")
	var lines []string
	for _, para := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' }) {
		lines = append(lines, wrap(scrub(para))...)
	}
	return lines
}

// TestDocLinesAsBefore compares docLines with the former implementation
// on random texts made of words, spaces, tabs and every kind of break.
func TestDocLinesAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2026))
	parts := []string{"a", "word", "longerwordlongerwordlongerword", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n",
		"\u2028", "\u2029", "\u0085", "\u00a0", "日本", "\u200b", "\x00", "//", "*/", "- item", "\u2060"}
	for i := range 20000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		text := b.String()
		if got, want := docLines(text), oldDocLines(text); !slices.Equal(got, want) {
			t.Fatalf("case %d, text %q:\ngot  %q\nwant %q", i, text, got, want)
		}
	}
}
