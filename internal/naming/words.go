package naming

import (
	"go/token"
	"strings"
	"unicode"
)

// Words splits s into words at every character that is not an ASCII letter
// or digit, at lower-to-upper case changes, and before the last capital of a
// run of capitals followed by a lower-case letter ("HTTPServer" gives "HTTP",
// "Server"). Only ASCII survives, so look-alike letters and invisible
// characters (bidi controls, zero-width spaces) never reach an identifier.
func Words(s string) []string {
	var words []string
	runes := []rune(s)
	start := -1
	for i, r := range runes {
		if !isASCIIAlnum(r) {
			words = appendWord(words, runes, start, i)
			start = -1
			continue
		}
		if start >= 0 && wordBreak(runes, i) {
			words = appendWord(words, runes, start, i)
			start = i
		}
		if start < 0 {
			start = i
		}
	}
	return appendWord(words, runes, start, len(runes))
}

func appendWord(words []string, runes []rune, start, end int) []string {
	if start < 0 || start >= end {
		return words
	}
	return append(words, string(runes[start:end]))
}

// wordBreak reports whether a new word starts at runes[i] (i > 0, both
// runes[i-1] and runes[i] are ASCII letters or digits).
func wordBreak(runes []rune, i int) bool {
	prev, cur := runes[i-1], runes[i]
	if !unicode.IsUpper(cur) {
		return false
	}
	if unicode.IsLower(prev) || unicode.IsDigit(prev) {
		return true
	}
	// "HTTPServer": break before the S of Server.
	return unicode.IsUpper(prev) && i+1 < len(runes) && isASCIILower(runes[i+1])
}

// Exported joins the words of s into an exported Go name: "http_status"
// gives "HTTPStatus", "user-id" gives "UserID", "PET_STORE" gives
// "PetStore". A name that would start with a digit gets the prefix "N". It
// returns "" when s holds no ASCII letter or digit.
func Exported(s string) string {
	name := camel(s)
	if name != "" && isDigit(name[0]) {
		name = "N" + name
	}
	return name
}

// camel joins the words of s, each in title case.
func camel(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		b.WriteString(titleWord(w))
	}
	return b.String()
}

// Unexported is Exported with the first word in lower case, made safe as a
// local identifier: a Go keyword or predeclared name gets a trailing "_"
// ("type" gives "type_"), and an empty result gives "".
func Unexported(s string) string {
	words := Words(s)
	if len(words) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(words[0]))
	for _, w := range words[1:] {
		b.WriteString(titleWord(w))
	}
	name := b.String()
	if isDigit(name[0]) {
		name = "n" + name
	}
	if token.IsKeyword(name) || IsPredeclared(name) {
		name += "_"
	}
	return name
}

// titleWord writes one word in Go style: initialisms in upper case, other
// words with a capital first letter; all-capital words are lowered first
// ("STORE" gives "Store").
func titleWord(w string) string {
	if up, ok := initialism(w); ok {
		return up
	}
	if strings.ToUpper(w) == w {
		w = strings.ToLower(w)
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// initialism returns the Go spelling of w when w is a common initialism or
// its plural ("ids" gives "IDs").
func initialism(w string) (string, bool) {
	up := strings.ToUpper(w)
	if isInitialism(up) {
		return up, true
	}
	if len(up) > 2 && strings.HasSuffix(w, "s") && isInitialism(up[:len(up)-1]) {
		return up[:len(up)-1] + "s", true
	}
	return "", false
}

func isInitialism(up string) bool {
	switch up {
	case "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID",
		"HLR", "IP", "JSON", "JWT", "LHS", "MNO", "MSISDN", "OK", "QPS", "RAM", "RHS", "RPC", "SKU", "SLA",
		"SMS", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "URI", "URL", "USSD",
		"UTF8", "UUID", "VM", "XML", "XMPP", "XSRF", "XSS":
		return true
	}
	return false
}

// IsIdentifier reports whether s is a valid Go identifier that is neither a
// keyword nor predeclared.
func IsIdentifier(s string) bool {
	return token.IsIdentifier(s) && !IsPredeclared(s)
}

func isASCIIAlnum(r rune) bool {
	return isASCIILower(r) || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isASCIILower(r rune) bool { return r >= 'a' && r <= 'z' }

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
