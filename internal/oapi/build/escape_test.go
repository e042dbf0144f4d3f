package build

import (
	"strings"
	"testing"
)

// TestEscapeKey checks escapeKey against the JSON-pointer escaping of
// RFC 6901, done by one simultaneous replacer.
func TestEscapeKey(t *testing.T) {
	ref := strings.NewReplacer("~", "~0", "/", "~1")
	for _, k := range []string{"", "plain", "a/b", "~", "/", "~1", "~/", "/~", "a~b/c~~//", "{id}/x", "ü/~"} {
		if got, want := escapeKey(k), ref.Replace(k); got != want {
			t.Errorf("escapeKey(%q) = %q, want %q", k, got, want)
		}
	}
}
