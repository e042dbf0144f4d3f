package emit

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPlainIsSanitized checks sanitize's fast path: whatever plain lets
// through, the rune-by-rune path returns unchanged too.
func TestPlainIsSanitized(t *testing.T) {
	cases := []string{"", "a", "Hello world.", " lead", "trail ", "two  spaces", "/etc", "a */ b", "tab\there",
		"caf\u00e9", "x\u202ey", "del\x7f", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "a / b", "*/", "a*", "/"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte(" /*aZ\t\x7f~")
	for range 20000 {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		slow := sanitizeRunes(s)
		if plain(s) && slow != s {
			t.Fatalf("plain(%q) but sanitizeRunes gives %q", s, slow)
		}
		if got := sanitize(s); got != slow {
			t.Fatalf("sanitize(%q) = %q, want %q", s, got, slow)
		}
	}
}

// wrapByConcat is wrap as it was first written, by string concatenation:
// the reference TestWrapSame holds wrap to.
func wrapByConcat(line string, width int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Fields(line) {
		if cur != "" && utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) > width {
			out = append(out, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// TestWrapSame checks that wrap breaks lines exactly as the reference.
func TestWrapSame(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"a", "bb", "ccc", "dddddddddd", "é", "ünïcødé", strings.Repeat("x", 30), "  ", "\t"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(40) {
			b.WriteString(words[r.IntN(len(words))] + " ")
		}
		width := 1 + r.IntN(40)
		if got, want := wrap(b.String(), width), wrapByConcat(b.String(), width); !slices.Equal(got, want) {
			t.Fatalf("wrap(%q, %d) = %q, want %q", b.String(), width, got, want)
		}
	}
}
