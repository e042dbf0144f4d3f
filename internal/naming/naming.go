// Package naming derives every Go identifier the generator writes from the
// words of a spec, in one place, so that the same words always give the same
// name and nothing a spec says can become anything but an identifier.
package naming

import "go/token"

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
