package codebookimpl

import (
	"bytes"
	"encoding/json"
)

// This file decodes a 2xx body once, into the known fields of its model,
// in one pass over the bytes: the generated client hands each member to the
// field its name spells exactly, and takes the general path (encoding/json
// and ClassifyHTTP) whenever a body is anything but a plain case.

// maxMembers is the most members JSONMembers takes from one object; a body
// with more takes the general path.
const maxMembers = 64

// JSONMembers calls member with the name and the value of each member of the
// JSON object data, in order, and reports whether data is exactly one JSON
// object (whitespace around it allowed), no member name holds an escape or
// comes twice, and member accepted every one. The value is checked as
// json.Valid checks it, without the whitespace around it. A false answer
// means that the body must take the general path; member may have been
// called for some of the members by then.
func JSONMembers(data []byte, member func(name, value []byte) bool) bool {
	i := jsonSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	var seen [maxMembers][]byte
	n := 0
	i = jsonSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return jsonSpace(data, i+1) == len(data)
	}
	for {
		name, next, ok := memberName(data, i)
		if !ok || n == maxMembers || seenName(seen[:n], name) {
			return false
		}
		seen[n], n = name, n+1
		start := jsonSpace(data, next)
		end, ok := validValue(data, start, 1)
		if !ok || !member(name, data[start:end]) {
			return false
		}
		var last bool
		if i, last, ok = validNext(data, end, '}'); !ok {
			return false
		}
		if last {
			return jsonSpace(data, i) == len(data)
		}
	}
}

// memberName reads the name of the member starting at v[i] and the colon
// after it: the name's bytes between the quotes, and the index past the
// colon. A name holding an escape is refused: encoding/json would unescape
// it before matching.
func memberName(v []byte, i int) (name []byte, next int, ok bool) {
	if i >= len(v) || v[i] != '"' {
		return nil, i, false
	}
	end, ok := validString(v, i)
	if !ok {
		return nil, i, false
	}
	name = v[i+1 : end-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		return nil, i, false
	}
	if end = jsonSpace(v, end); end >= len(v) || v[end] != ':' {
		return nil, i, false
	}
	return name, end + 1, true
}

// seenName reports whether name is one of seen.
func seenName(seen [][]byte, name []byte) bool {
	for _, s := range seen {
		if bytes.Equal(s, name) {
			return true
		}
	}
	return false
}

// DecodeMember decodes the JSON value v (as JSONMembers hands it over) into
// the field dst points to, as encoding/json decodes a struct's field from it,
// and reports whether it succeeded. Plain strings, decimal integers and
// objects of raw values are read without encoding/json; anything else goes
// through json.Unmarshal.
func DecodeMember(v []byte, dst any) bool {
	switch p := dst.(type) {
	case **string:
		if s, ok := plainJSONString(v); ok {
			text := string(s)
			*p = &text
			return true
		}
	case *string:
		if s, ok := plainJSONString(v); ok {
			*p = string(s)
			return true
		}
	case **int64:
		if n, ok := plainInt(v, 64); ok {
			*p = &n
			return true
		}
	case *int64:
		if n, ok := plainInt(v, 64); ok {
			*p = n
			return true
		}
	case **int32:
		if n, ok := plainInt(v, 32); ok {
			m := int32(n)
			*p = &m
			return true
		}
	case *int32:
		if n, ok := plainInt(v, 32); ok {
			*p = int32(n)
			return true
		}
	case *map[string]json.RawMessage:
		if m, ok := rawMembers(v); ok {
			*p = m
			return true
		}
	}
	return json.Unmarshal(v, dst) == nil
}

// DecodeUnmarshaler decodes the JSON value v (as JSONMembers hands it over)
// into the optional field p points to, of a type whose pointer decodes
// itself (a union), as encoding/json does: null leaves the field nil, any
// other value goes to a new value's UnmarshalJSON as it is.
func DecodeUnmarshaler[T any, P interface {
	*T
	json.Unmarshaler
}](v []byte, p **T) bool {
	if string(v) == "null" {
		*p = nil
		return true
	}
	t := new(T)
	if P(t).UnmarshalJSON(v) != nil {
		return false
	}
	*p = t
	return true
}

// plainInt reads the JSON number v as an integer of bits bits when it is
// written as an optional minus and at most 18 digits, and fits.
func plainInt(v []byte, bits uint) (int64, bool) {
	digits := v
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if len(digits) < len(v) {
		n = -n
	}
	if bits >= 64 {
		return n, true // 18 digits always fit
	}
	limit := int64(1) << (bits - 1)
	return n, -limit <= n && n < limit
}

// rawMembers reads the JSON object v into a map of its members' raw values,
// as encoding/json fills a map[string]json.RawMessage, when every member's
// name is a plain string (no escape, valid UTF-8). The names are cut from
// one copy of v as text and the values from one copy of its bytes (each
// value's capacity its length, so that appending to one leaves the others
// alone): two allocations for all the members instead of two for each.
func rawMembers(v []byte) (map[string]json.RawMessage, bool) {
	if len(v) == 0 || v[0] != '{' {
		return nil, false
	}
	text, raw := string(v), append(json.RawMessage(nil), v...)
	m := map[string]json.RawMessage{}
	ok := jsonObject(v, func(name, value []byte) bool {
		key, plain := plainJSONString(name)
		if plain {
			k, at := offset(v, key), offset(v, value)
			m[text[k:k+len(key)]] = raw[at : at+len(value) : at+len(value)]
		}
		return plain
	})
	return m, ok
}

// offset returns the index in v of its sub-slice part.
func offset(v, part []byte) int { return cap(v) - cap(part) }

// jsonObject calls member with the quoted name and the value of each member
// of the object v, a JSON object already checked, and reports whether member
// accepted every one. Unlike JSONMembers, it allows any name, and the same
// name twice.
func jsonObject(v []byte, member func(name, value []byte) bool) bool {
	i := jsonSpace(v, 1)
	if i < len(v) && v[i] == '}' {
		return true
	}
	for {
		end, ok := validString(v, i)
		if !ok {
			return false
		}
		name := v[i:end]
		i = jsonSpace(v, end) + 1 // past the colon
		start := jsonSpace(v, i)
		if end, ok = validValue(v, start, 1); !ok || !member(name, v[start:end]) {
			return false
		}
		var last bool
		if i, last, ok = validNext(v, end, '}'); !ok || last {
			return ok
		}
	}
}
