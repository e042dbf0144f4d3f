package codebookimpl

import "strings"

// MatchMessage reports whether msg fits a message template that was split
// at its placeholders into parts: msg must start with the first part, end
// with the last, and hold the parts in between in order, each placeholder
// standing for at least one character. A template without placeholders is
// one part and must equal msg. Letter case and surrounding space are
// ignored, since providers are not consistent about either.
//
// MatchMessage does not allocate.
func MatchMessage(msg string, parts ...string) bool {
	msg = strings.TrimSpace(msg)
	if len(parts) == 1 {
		return strings.EqualFold(msg, parts[0])
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(msg) < len(first)+len(last) || !hasPrefixFold(msg, first) || !hasSuffixFold(msg, last) {
		return false
	}
	rest := msg[len(first) : len(msg)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		i := indexFold(rest, p, 1)
		if i < 0 {
			return false
		}
		rest = rest[i+len(p):]
	}
	return len(rest) > 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// indexFold finds sub in s at or after byte offset from, ignoring case.
func indexFold(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
