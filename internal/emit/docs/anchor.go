package docs

import (
	"strconv"
	"strings"
	"unicode"
)

// anchors hands out the fragment ids of the docs. An anchor is built from
// ids of the spec only (provider, table, code or row name), so that it stays
// the same when other rows are added, and it is unique across every file,
// because codes.html holds the rows of every provider on one page.
type anchors struct {
	taken map[string]bool
}

func newAnchors() *anchors { return &anchors{taken: map[string]bool{}} }

// claim returns prefix (an anchor or "") joined by "-" to the slug of the
// first of alternatives whose slug is not empty. A clash with an anchor already handed out
// (rare: two codes that differ only in punctuation) gets "-2", "-3", ...
func (a *anchors) claim(prefix string, alternatives ...string) string {
	key := ""
	for _, alt := range alternatives {
		if key = slug(alt); key != "" {
			break
		}
	}
	base := strings.Trim(prefix+"-"+key, "-")
	if base == "" {
		base = "anchor"
	}
	id := base
	for n := 2; a.taken[id]; n++ {
		id = base + "-" + strconv.Itoa(n)
	}
	a.taken[id] = true
	return id
}

// slug lowercases s and keeps its letters, digits and underscores; every
// other run of characters becomes one "-". Leading and trailing "-" are
// dropped: slug("Insufficient Funds!") is "insufficient-funds".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
