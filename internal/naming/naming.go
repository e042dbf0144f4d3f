// Package naming derives every Go identifier the generator writes from the
// words of a spec, in one place, so that the same words always give the same
// name and nothing a spec says can become anything but an identifier. It
// is the only naming package: the code tables and the OpenAPI files are
// spelled with one word splitter and one initialism list (MSISDN, ID, URL,
// HTTP... everywhere).
//
// The collision rule, for the package-level names of one generated
// package (Scope, Declared):
//
//  1. The code tables' names are claimed first (Code, Table, Entry,
//     Result, Error, ClassifyHTTP, the TableX and row constants), then the
//     runtimes' (Client, NewClient, Server, ...), then the client file's,
//     then the server file's.
//  2. A name an OpenAPI file derives that is already declared by step 1
//     takes the suffix of its kind, never a number: Schema for types
//     (schema Code gives CodeSchema), Value for enum constants, Option
//     for option functions.
//  3. When that suffixed name is taken as well by a name the spec wrote,
//     the rule cannot settle it: generation fails at the schema's
//     file:line:col, naming who declared the name.
//  4. Spec words that sanitise to the same name ("foo-bar", "foo_bar")
//     are told apart by number, the first in byte order of their spec
//     keys keeping the bare name: the spec wrote two names that Go spells
//     alike. Struct fields and locals follow this rule alone.
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
