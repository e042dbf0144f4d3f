package load

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// A JSON spec is decoded with encoding/json, which records no positions.
// The positions come from one scan of the bytes (scanJSON) that records
// where every object key starts, as yaml.v3 would report it: the line and
// the column, in characters, of the key's opening quote. Only objects and
// arrays become nodes; scalars are skipped.

// jnode is an object or an array of a JSON document, with its keys' or
// items' positions.
type jnode struct {
	keys  []jkey         // an object's members, in source order
	items []*jnode       // an array's items (nil for a scalar item)
	index map[string]int // key → position in keys, for large objects
	isObj bool           // an object rather than an array
	// shared marks a node written once and repeated (a YAML anchor, whose
	// aliases repeat it): own is the key that gives it its origin where it
	// is written, wherever it is repeated (nil: none). JSON has none.
	shared bool
	own    *jkey
}

// jkey is one member of an object: its name, where its key starts, and its
// value when that is an object or an array.
type jkey struct {
	name      string
	line, col int
	val       *jnode
}

// indexFrom is the member count from which an object gets a key index.
const indexFrom = 16

// scanner walks JSON bytes, counting lines and columns.
type scanner struct {
	data      []byte
	off       int
	line, col int // of data[off], 1-based
	names     map[string]string
	odd       bool // an object repeats a key (yaml.v3 refuses that) or has a "<<" (a YAML merge)
}

// scanJSON returns the tree of objects and arrays of data, which must be
// valid JSON whose only line breaks are "\n" and "\r\n" outside strings;
// ok is false when it is not, or when an object repeats a key (the YAML
// route refuses that) or has a key "<<" (a merge in YAML): such input
// takes that route.
func scanJSON(data []byte) (root *jnode, ok bool) {
	if !utf8.Valid(data) || hasOtherBreaks(data) {
		return nil, false
	}
	s := &scanner{data: data, line: 1, col: 1, names: map[string]string{}}
	s.space()
	if s.off >= len(data) || data[s.off] != '{' {
		return nil, false
	}
	root, ok = s.value()
	if !ok || s.odd {
		return nil, false
	}
	s.space()
	return root, s.off == len(data)
}

// hasOtherBreaks reports a line break yaml.v3 counts that "\n" does not
// mark: a lone "\r", NEL, LS or PS.
func hasOtherBreaks(data []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(data[i:], '\r')
		if j < 0 {
			break
		}
		if i += j; i+1 >= len(data) || data[i+1] != '\n' {
			return true
		}
	}
	return bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) ||
		bytes.Contains(data, []byte("\u2029"))
}

// space skips blanks.
func (s *scanner) space() {
	for s.off < len(s.data) {
		switch s.data[s.off] {
		case '\n':
			s.line, s.col = s.line+1, 1
		case ' ', '\t', '\r':
			s.col++
		default:
			return
		}
		s.off++
	}
}

// value scans one value; it returns the node of an object or an array, nil
// for a scalar.
func (s *scanner) value() (*jnode, bool) {
	if s.off >= len(s.data) {
		return nil, false
	}
	switch s.data[s.off] {
	case '{':
		return s.object()
	case '[':
		return s.array()
	case '"':
		_, ok := s.str(false)
		return nil, ok
	}
	return nil, s.literal()
}

// advance moves past n bytes that hold no line break, counting characters.
func (s *scanner) advance(n int) {
	end := s.off + n
	s.col += utf8.RuneCount(s.data[s.off:end])
	s.off = end
}

// literal skips a number, true, false or null.
func (s *scanner) literal() bool {
	start := s.off
	for s.off < len(s.data) {
		switch s.data[s.off] {
		case ',', '}', ']', ' ', '\t', '\r', '\n':
			s.col += s.off - start
			return s.off > start
		}
		s.off++
	}
	s.col += s.off - start
	return s.off > start
}

// str scans a string; when name is set it returns its decoded value.
func (s *scanner) str(name bool) (string, bool) {
	start := s.off
	escaped := false
	i := s.off + 1
	for {
		j := bytes.IndexAny(s.data[i:], "\"\\")
		if j < 0 {
			return "", false
		}
		i += j
		if s.data[i] == '"' {
			break
		}
		escaped = true
		i += 2
	}
	raw := s.data[start : i+1]
	s.advance(len(raw))
	if !name {
		return "", true
	}
	if !escaped {
		return s.intern(raw[1 : len(raw)-1]), true
	}
	var v string
	if json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return v, true
}

// intern returns a shared copy of a key name.
func (s *scanner) intern(b []byte) string {
	if v, ok := s.names[string(b)]; ok {
		return v
	}
	v := string(b)
	s.names[v] = v
	return v
}

// object scans an object.
func (s *scanner) object() (*jnode, bool) {
	n := &jnode{isObj: true}
	s.advance(1)
	s.space()
	if s.off < len(s.data) && s.data[s.off] == '}' {
		s.advance(1)
		return n, true
	}
	for {
		if s.off >= len(s.data) || s.data[s.off] != '"' {
			return nil, false
		}
		k := jkey{line: s.line, col: s.col}
		name, ok := s.str(true)
		if !ok {
			return nil, false
		}
		k.name = name
		s.odd = s.odd || name == "<<"
		s.space()
		if s.off >= len(s.data) || s.data[s.off] != ':' {
			return nil, false
		}
		s.advance(1)
		s.space()
		if k.val, ok = s.value(); !ok {
			return nil, false
		}
		n.add(k, &s.odd)
		if more, ok := s.next('}'); !more {
			return n, ok
		}
	}
}

// add appends a member, noting a repeated key in dup.
func (n *jnode) add(k jkey, dup *bool) {
	if n.index == nil && len(n.keys) < indexFrom {
		for i := range n.keys {
			if n.keys[i].name == k.name {
				*dup = true
			}
		}
	} else {
		if n.index == nil {
			n.index = make(map[string]int, 2*len(n.keys))
			for i := range n.keys {
				n.index[n.keys[i].name] = i
			}
		}
		if _, ok := n.index[k.name]; ok {
			*dup = true
		}
		n.index[k.name] = len(n.keys)
	}
	n.keys = append(n.keys, k)
}

// array scans an array.
func (s *scanner) array() (*jnode, bool) {
	n := &jnode{}
	s.advance(1)
	s.space()
	if s.off < len(s.data) && s.data[s.off] == ']' {
		s.advance(1)
		return n, true
	}
	for {
		v, ok := s.value()
		if !ok {
			return nil, false
		}
		n.items = append(n.items, v)
		if more, ok := s.next(']'); !more {
			return n, ok
		}
	}
}

// next moves past the blanks and the comma or closer after a member or
// item: more reports a comma, ok that what came was a comma or closer.
func (s *scanner) next(closer byte) (more, ok bool) {
	s.space()
	if s.off >= len(s.data) {
		return false, false
	}
	c := s.data[s.off]
	s.advance(1)
	if c == ',' {
		s.space()
		return true, true
	}
	return false, c == closer
}
