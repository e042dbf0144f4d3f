package gocode

import (
	"strings"
	"testing"
)

// docBytes writes what doc writes, for every kind of text: plain lines,
// long lines that wrap, runs of spaces and breaks, every kind of line
// break, control, format and non-ASCII characters.
func TestDocBytesIsDoc(t *testing.T) {
	texts := []string{
		"", "a", " a ", "a\nb", "a\n\nb", "a\n\n\nb", "\n\na\n\n", "a  b", "  ", " \n ",
		strings.Repeat("word ", 40), strings.Repeat("x", 120), strings.Repeat("y ", 48) + "z",
		strings.Repeat("a", docWidth), strings.Repeat("a", docWidth+1),
		"tab\there", "cr\r\nlf", "lone\rcr", "ls\u2028ps\u2029nel\u0085end", "bidi\u202egone", "nul\x00byte",
		"Ünïcödé 日本語 message", "T2R5 is code 6 of the T table of S: \"Failure 5 for {ref}\".\n\nRow 5\n\nResolution: Fix\n\nClass: failed/after_fix/caller/invalid_request.",
		"*/ func init() { os.Exit(2) } /*\n// injected\n//go:generate echo pwned",
	}
	for _, text := range texts {
		var want, got lines
		want.doc("\t", text)
		got.docBytes("\t", []byte(text))
		if got.String() != want.String() {
			t.Errorf("docBytes(%q):\n%q\nwant (doc):\n%q", text, got.String(), want.String())
		}
	}
}
