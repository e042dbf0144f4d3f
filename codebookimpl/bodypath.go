package codebookimpl

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// This file finds one value in a JSON body by a dotted path ("code",
// "error.code", "errors.0.code") without decoding the body: the value
// comes back as a slice of the body, so reading it allocates nothing. Its
// functions take JSON that json.Valid accepted and rely on it.

// jsonPath returns the raw value at path in the valid JSON value data, and
// whether there is one. path is split at every dot: each segment names a
// property of an object (the last of repeated names, as encoding/json
// does) or, written in canonical decimal, an element of an array. A path
// through anything else (a string, a number, null) finds nothing.
func jsonPath(data []byte, path string) ([]byte, bool) {
	v := bytes.TrimLeft(data, " \t\r\n")
	for {
		seg, rest, more := strings.Cut(path, ".")
		var ok bool
		if v, ok = jsonChild(v, seg); !ok {
			return nil, false
		}
		if !more {
			return v, true
		}
		path = rest
	}
}

// jsonChild returns the raw value of v (a JSON value starting at its first
// byte) named by one path segment.
func jsonChild(v []byte, seg string) ([]byte, bool) {
	if len(v) == 0 {
		return nil, false
	}
	switch v[0] {
	case '{':
		return jsonMember(v, seg)
	case '[':
		return jsonElement(v, seg)
	}
	return nil, false
}

// jsonMember returns the value of the last property named name in the
// object v.
func jsonMember(v []byte, name string) (found []byte, ok bool) {
	i := jsonSpace(v, 1)
	for i < len(v) && v[i] == '"' {
		end := jsonSkipString(v, i)
		key := v[i:end]
		i = jsonSpace(v, jsonSpace(v, end)+1) // past the colon
		next := jsonSkipValue(v, i)
		if jsonKeyIs(key, name) {
			found, ok = v[i:next], true
		}
		i = jsonSpace(v, next)
		if i < len(v) && v[i] == ',' {
			i = jsonSpace(v, i+1)
		}
	}
	return found, ok
}

// jsonElement returns element number seg of the array v.
func jsonElement(v []byte, seg string) ([]byte, bool) {
	n, ok := arrayIndex(seg)
	if !ok {
		return nil, false
	}
	i := jsonSpace(v, 1)
	for k := 0; i < len(v) && v[i] != ']'; k++ {
		next := jsonSkipValue(v, i)
		if k == n {
			return v[i:next], true
		}
		i = jsonSpace(v, next)
		if i < len(v) && v[i] == ',' {
			i = jsonSpace(v, i+1)
		}
	}
	return nil, false
}

// arrayIndex reads a path segment as an array index: digits in canonical
// form ("0", "12"; not "01", "+1" or "-1"), small enough to be an int.
func arrayIndex(seg string) (int, bool) {
	if seg == "" || len(seg) > 9 || (seg[0] == '0' && len(seg) > 1) {
		return 0, false
	}
	n := 0
	for i := 0; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return 0, false
		}
		n = n*10 + int(seg[i]-'0')
	}
	return n, true
}

// jsonKeyIs reports whether the quoted JSON string key decodes to name, as
// encoding/json decodes an object's keys (escapes resolved, invalid UTF-8
// replaced). Only a key with an escape or invalid UTF-8 is decoded, which
// allocates; any other key is compared in place.
func jsonKeyIs(key []byte, name string) bool {
	raw := key[1 : len(key)-1]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw) == name
	}
	var s string
	return json.Unmarshal(key, &s) == nil && s == name
}

// jsonSpace returns the index of the first byte at or after i that is not
// JSON whitespace.
func jsonSpace(v []byte, i int) int {
	for i < len(v) && (v[i] == ' ' || v[i] == '\t' || v[i] == '\r' || v[i] == '\n') {
		i++
	}
	return i
}

// jsonSkipString returns the index just past the string starting at v[i].
func jsonSkipString(v []byte, i int) int {
	for i++; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(v)
}

// jsonSkipValue returns the index just past the value starting at v[i].
func jsonSkipValue(v []byte, i int) int {
	if i >= len(v) {
		return len(v)
	}
	switch v[i] {
	case '"':
		return jsonSkipString(v, i)
	case '{', '[':
		return jsonSkipContainer(v, i)
	}
	for i < len(v) {
		switch v[i] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			return i
		}
		i++
	}
	return i
}

// jsonSkipContainer returns the index just past the object or array
// starting at v[i], counting brackets outside strings.
func jsonSkipContainer(v []byte, i int) int {
	depth := 0
	for ; i < len(v); i++ {
		switch v[i] {
		case '"':
			i = jsonSkipString(v, i) - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(v)
}

// jsonText returns the string the raw JSON value v holds, and whether it is
// a string. A string without escapes is copied as it is; others are decoded.
func jsonText(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	raw := v[1 : len(v)-1]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		return string(raw), true
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	return s, true
}
