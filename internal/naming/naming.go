// Package naming derives every Go identifier the generator writes from the
// words of a spec, in one place, so that the same words always give the same
// name and nothing a spec says can become anything but an identifier.
package naming

import (
	"go/token"
	"strings"
	"unicode"
)

// initialisms are written in upper case inside names, as Go style asks.
func isInitialism(word string) bool {
	switch strings.ToUpper(word) {
	case "ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID",
		"IP", "JSON", "LHS", "MNO", "MSISDN", "OK", "QPS", "RAM", "RHS", "RPC", "SKU", "SLA", "SMS",
		"SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "UID", "URI", "URL", "USSD", "UTF8",
		"UUID", "VM", "XML", "XMPP", "XSRF", "XSS":
		return true
	}
	return false
}

// Words splits s into words at every character that is not an ASCII letter
// or digit, and at lower-to-upper case changes. Only ASCII survives, so look-
// alike letters from other scripts and invisible characters (bidi controls,
// zero-width spaces) can never reach an identifier.
func Words(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, r := range s {
		if !isASCIIAlnum(r) {
			flush()
			prev = 0
			continue
		}
		if unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsDigit(prev)) {
			flush()
		}
		cur = append(cur, r)
		prev = r
	}
	flush()
	return words
}

// Exported joins the words of s into an exported Go name: "http_status"
// gives "HTTPStatus", "top-up successful" gives "TopUpSuccessful". A name
// that would start with a digit gets the prefix "N". It returns "" when s
// holds no ASCII letter or digit.
func Exported(s string) string {
	var b strings.Builder
	for _, w := range Words(s) {
		if isInitialism(w) {
			b.WriteString(strings.ToUpper(w))
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	name := b.String()
	if name != "" && name[0] >= '0' && name[0] <= '9' {
		name = "N" + name
	}
	return name
}

// IsPackageName reports whether s can be used as a Go package name: lower
// case ASCII letters and digits, starting with a letter, not a keyword and
// not a predeclared identifier.
func IsPackageName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' || token.IsKeyword(s) || IsPredeclared(s) {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// IsPredeclared reports whether s is one of Go's predeclared identifiers.
func IsPredeclared(s string) bool {
	switch s {
	case "any", "append", "bool", "byte", "cap", "clear", "close", "comparable", "complex",
		"complex128", "complex64", "copy", "delete", "error", "false", "float32", "float64",
		"imag", "int", "int16", "int32", "int64", "int8", "iota", "len", "make", "max", "min",
		"new", "nil", "panic", "print", "println", "real", "recover", "rune", "string", "true",
		"uint", "uint16", "uint32", "uint64", "uint8", "uintptr":
		return true
	}
	return false
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}
