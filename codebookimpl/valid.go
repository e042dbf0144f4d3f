package codebookimpl

import (
	"bytes"
	"unicode/utf8"
)

// This file checks that a body is JSON, accepting exactly what json.Valid
// accepts (TestValidJSONAgreesWithEncodingJSON compares them), in one pass
// over the bytes without the per-byte indirect calls of encoding/json's
// scanner: a response body is checked on every classification.

// maxJSONDepth is the deepest nesting of objects and arrays that
// encoding/json accepts.
const maxJSONDepth = 10000

// validJSON reports whether data is exactly one JSON value, with optional
// whitespace around it, as json.Valid does.
func validJSON(data []byte) bool {
	i, ok := validValue(data, jsonSpace(data, 0), 0)
	return ok && jsonSpace(data, i) == len(data)
}

// validValue checks the value starting at v[i], inside depth open objects
// and arrays, and returns the index just past it.
func validValue(v []byte, i, depth int) (int, bool) {
	if i >= len(v) {
		return i, false
	}
	switch c := v[i]; {
	case c == '{':
		return validObject(v, i, depth+1)
	case c == '[':
		return validArray(v, i, depth+1)
	case c == '"':
		return validString(v, i)
	case c == '-' || ('0' <= c && c <= '9'):
		return validNumber(v, i)
	case c == 't':
		return validLiteral(v, i, "true")
	case c == 'f':
		return validLiteral(v, i, "false")
	case c == 'n':
		return validLiteral(v, i, "null")
	}
	return i, false
}

// validObject checks the object starting at v[i], the depth-th open one.
func validObject(v []byte, i, depth int) (int, bool) {
	if depth > maxJSONDepth {
		return i, false
	}
	i = jsonSpace(v, i+1)
	if i < len(v) && v[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(v) || v[i] != '"' {
			return i, false
		}
		var ok bool
		if i, ok = validString(v, i); !ok {
			return i, false
		}
		if i = jsonSpace(v, i); i >= len(v) || v[i] != ':' {
			return i, false
		}
		if i, ok = validValue(v, jsonSpace(v, i+1), depth); !ok {
			return i, false
		}
		var end bool
		if i, end, ok = validNext(v, i, '}'); !ok || end {
			return i, ok
		}
	}
}

// validArray checks the array starting at v[i], the depth-th open one.
func validArray(v []byte, i, depth int) (int, bool) {
	if depth > maxJSONDepth {
		return i, false
	}
	i = jsonSpace(v, i+1)
	if i < len(v) && v[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = validValue(v, i, depth); !ok {
			return i, false
		}
		var end bool
		if i, end, ok = validNext(v, i, ']'); !ok || end {
			return i, ok
		}
	}
}

// validNext reads what follows a member or element at v[i]: a comma (the
// index of the next one is returned) or the closing bracket (end, and the
// index past it).
func validNext(v []byte, i int, closing byte) (next int, end, ok bool) {
	i = jsonSpace(v, i)
	if i >= len(v) {
		return i, false, false
	}
	switch v[i] {
	case ',':
		return jsonSpace(v, i+1), false, true
	case closing:
		return i + 1, true, true
	}
	return i, false, false
}

// validString checks the string starting at v[i]: no control character,
// and only JSON's escapes. Like encoding/json, it takes any other byte,
// invalid UTF-8 included.
func validString(v []byte, i int) (int, bool) {
	for i++; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return i, false
		case c == '\\':
			var ok bool
			if i, ok = validEscape(v, i+1); !ok {
				return i, false
			}
		}
	}
	return i, false
}

// validEscape checks the escape whose letter is v[i] and returns the index
// of its last byte.
func validEscape(v []byte, i int) (int, bool) {
	if i >= len(v) {
		return i, false
	}
	switch v[i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i, true
	case 'u':
		if i+4 >= len(v) {
			return i, false
		}
		for _, h := range v[i+1 : i+5] {
			if !isHex(h) {
				return i, false
			}
		}
		return i + 4, true
	}
	return i, false
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// validNumber checks the number starting at v[i]: an optional minus, an
// integer without leading zeros, an optional fraction and exponent.
func validNumber(v []byte, i int) (int, bool) {
	if v[i] == '-' {
		i++
	}
	switch {
	case i < len(v) && v[i] == '0':
		i++
	case i < len(v) && '1' <= v[i] && v[i] <= '9':
		i = skipDigits(v, i)
	default:
		return i, false
	}
	if i < len(v) && v[i] == '.' {
		if i++; i >= len(v) || !isDigit(v[i]) {
			return i, false
		}
		i = skipDigits(v, i)
	}
	if i < len(v) && (v[i] == 'e' || v[i] == 'E') {
		if i++; i < len(v) && (v[i] == '+' || v[i] == '-') {
			i++
		}
		if i >= len(v) || !isDigit(v[i]) {
			return i, false
		}
		i = skipDigits(v, i)
	}
	return i, true
}

// isDigit reports whether c is a decimal digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipDigits returns the index of the first byte at or after i that is not
// a decimal digit.
func skipDigits(v []byte, i int) int {
	for i < len(v) && isDigit(v[i]) {
		i++
	}
	return i
}

// validLiteral checks that the literal lit (true, false, null) starts at
// v[i].
func validLiteral(v []byte, i int, lit string) (int, bool) {
	if !bytes.HasPrefix(v[i:], []byte(lit)) {
		return i, false
	}
	return i + len(lit), true
}

// plainJSONString returns the bytes between the quotes of the JSON string
// b when they need no decoding (no escape, no control character, valid
// UTF-8): such a string means its bytes, so json.Unmarshal would give them
// unchanged.
func plainJSONString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	raw := b[1 : len(b)-1]
	for _, c := range raw {
		if c < 0x20 || c == '"' || c == '\\' {
			return nil, false
		}
	}
	return raw, utf8.Valid(raw)
}
