package emit

import (
	"net/url"
	"strings"
)

// escapeLiteral escapes the literal part of a path template segment by
// segment, keeping the slashes.
func escapeLiteral(s string) string {
	segs := strings.Split(s, "/")
	for i, seg := range segs {
		segs[i] = url.PathEscape(seg)
	}
	return strings.Join(segs, "/")
}
