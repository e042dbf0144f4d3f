package load

import (
	"bytes"
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "github.com/oasdiff/yaml3"
)

// A YAML spec is parsed once, into the nodes of yaml3 (the parser of
// kin-openapi's YAML route, timestamps off as there). From the nodes come
// both the JSON that route makes (the decoded values, keys turned into
// strings, written as encoding/json writes them: keys sorted, the same
// escapes), which kin-openapi then decodes as JSON, and the tree of objects
// and arrays with their keys' positions, from which applyJSONOrigins sets
// every element's origin as that route sets it. kin-openapi's own YAML route
// parses the file, decodes it into maps with origins, writes JSON, decodes
// that and walks the maps again for the origins. Whatever the conversion
// would not reproduce exactly (a tag, a merge, a key that is not a string or
// a plain integer, a repeated key, a key "__origin__", a value JSON cannot
// hold, an alias of what is not yet whole, aliases that could trip yaml3's
// check of excessive aliasing) leaves the input to that route, so every
// message stays the same.
//
// An alias repeats its anchor's JSON, and its origins are the anchor's, as
// yaml3 gives them: it records an element's origin where it is written, and
// an alias repeats that record.

// loadYAMLNodes loads data through one yaml3 parse (see above); it returns
// nil when the input takes kin-openapi's YAML route instead: it does not
// parse, its root is not a mapping, the conversion does not apply, or
// kin-openapi refuses the JSON.
func loadYAMLNodes(ctx context.Context, path string, data []byte) *openapi3.T {
	root, ok := parseNodes(data)
	if !ok {
		return nil
	}
	c := newConverter()
	tree, ok := c.value(root)
	if !ok || tree == nil || !tree.isObj || c.tooAliased() {
		return nil
	}
	t, err := decode(ctx, path, c.out.Bytes(), false)
	if err != nil {
		return nil
	}
	applyJSONOrigins(t, tree, (&url.URL{Path: path}).String())
	return t
}

// parseNodes parses the first document of data, as kin-openapi's YAML route
// does, and returns its root node.
func parseNodes(data []byte) (*yaml.Node, bool) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.DisableTimestamps(true)
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, false
	}
	return doc.Content[0], true
}

// converter writes yaml3 nodes as JSON.
type converter struct {
	out     bytes.Buffer
	anchors map[*yaml.Node]*anchored // the anchored nodes written so far
	nodes   int                      // nodes yaml3's decoder would visit so far, aliases expanded
	aliased bool                     // an alias was expanded
}

// newConverter returns an empty converter.
func newConverter() *converter {
	return &converter{anchors: map[*yaml.Node]*anchored{}}
}

// anchored is an anchored node, written.
type anchored struct {
	json []byte // its JSON
	node *jnode // its tree (nil for a scalar)
	size int    // the nodes an alias of it expands to
}

// Limits that keep the conversion away from yaml3's check of excessive
// aliasing, which fails a document when more than a share of the nodes it
// visits come from expanding aliases: 99% while it has visited at most
// 400,000 (the origins of the YAML route add to those), less beyond. Each
// alias is itself a node visited outside any expansion, so with no
// expansion bigger than maxExpansion the share stays below 99%; a document
// with aliases and more than maxAliasedNodes takes the YAML route.
const (
	maxExpansion    = 99
	maxAliasedNodes = 50000
)

// tooAliased reports whether the document is too big, with aliases, to be
// sure yaml3's check would pass it.
func (c *converter) tooAliased() bool {
	return c.aliased && c.nodes > maxAliasedNodes
}

// value writes n; it returns the node of a mapping or a sequence, nil for a
// scalar, and false when n is something the conversion leaves to
// kin-openapi's YAML route.
func (c *converter) value(n *yaml.Node) (*jnode, bool) {
	if n.Style&yaml.TaggedStyle != 0 {
		return nil, false
	}
	if n.Kind == yaml.AliasNode {
		return c.alias(n)
	}
	start, before := c.out.Len(), c.nodes
	c.nodes++
	var j *jnode
	ok := false
	switch n.Kind {
	case yaml.MappingNode:
		j, ok = c.mapping(n)
	case yaml.SequenceNode:
		j, ok = c.sequence(n)
	case yaml.ScalarNode:
		ok = c.scalar(n)
	}
	if ok && n.Anchor != "" {
		c.anchors[n] = &anchored{json: bytes.Clone(c.out.Bytes()[start:]), node: j, size: c.nodes - before}
	}
	return j, ok
}

// alias writes the JSON of the anchored node n repeats, and returns its
// tree; false when that node is not whole yet (an alias inside its own
// anchor) or too big.
func (c *converter) alias(n *yaml.Node) (*jnode, bool) {
	a, ok := c.anchors[n.Alias]
	if !ok || a.size > maxExpansion {
		return nil, false
	}
	c.out.Write(a.json)
	c.nodes += 1 + a.size
	c.aliased = true
	return a.node, true
}

// share marks the tree of an anchored node (written at n, not repeated by
// an alias) with the key that gives it its origin there.
func share(n *yaml.Node, j *jnode, own *jkey) {
	if j != nil && n.Anchor != "" && n.Kind != yaml.AliasNode {
		j.shared, j.own = true, own
	}
}

// mapping writes a mapping as an object, its members in the order of their
// names, as encoding/json writes a map.
func (c *converter) mapping(n *yaml.Node) (*jnode, bool) {
	if n.Tag != "!!map" || len(n.Content)%2 != 0 {
		return nil, false
	}
	j := &jnode{isObj: true, keys: make([]jkey, 0, len(n.Content)/2)}
	dup := false
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i]
		name, ok := keyName(k)
		if !ok {
			return nil, false
		}
		c.nodes++
		j.add(jkey{name: name, line: k.Line, col: k.Column}, &dup)
	}
	if dup {
		return nil, false
	}
	members := make([][2]int, len(j.keys)) // each member's JSON in out, in the order written
	c.out.WriteByte('{')
	first := c.out.Len()
	for i := range j.keys {
		if i > 0 {
			c.out.WriteByte(',')
		}
		members[i][0] = c.out.Len()
		c.str(j.keys[i].name)
		c.out.WriteByte(':')
		vn := n.Content[2*i+1]
		v, ok := c.value(vn)
		if !ok {
			return nil, false
		}
		j.keys[i].val = v
		share(vn, v, memberKey(&j.keys[i]))
		members[i][1] = c.out.Len()
	}
	c.sortMembers(j, first, members)
	c.out.WriteByte('}')
	return j, true
}

// sortMembers rewrites the members of an object, written from first in the
// order of the document (so that an anchor comes before its aliases), in
// the order of their names, as encoding/json writes a map.
func (c *converter) sortMembers(j *jnode, first int, members [][2]int) {
	order := make([]int, len(j.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return strings.Compare(j.keys[a].name, j.keys[b].name) })
	if slices.IsSorted(order) {
		return
	}
	written := bytes.Clone(c.out.Bytes()[first:])
	c.out.Truncate(first)
	for at, i := range order {
		if at > 0 {
			c.out.WriteByte(',')
		}
		c.out.Write(written[members[i][0]-first : members[i][1]-first])
	}
}

// keyName returns the name a mapping key becomes in JSON: a string's value,
// or a plain decimal integer's digits (which the YAML route writes with
// strconv.Itoa, the same); ok is false for any other key.
func keyName(k *yaml.Node) (string, bool) {
	if k.Kind != yaml.ScalarNode || k.Style&yaml.TaggedStyle != 0 {
		return "", false
	}
	switch {
	case k.Tag == "!!str" && k.Value != "__origin__" && k.Value != "<<":
		return k.Value, true
	case k.Tag == "!!int" && plainInt(k.Value):
		return k.Value, true
	}
	return "", false
}

// sequence writes a sequence as an array.
func (c *converter) sequence(n *yaml.Node) (*jnode, bool) {
	if n.Tag != "!!seq" {
		return nil, false
	}
	j := &jnode{items: make([]*jnode, len(n.Content))}
	c.out.WriteByte('[')
	for i, it := range n.Content {
		if i > 0 {
			c.out.WriteByte(',')
		}
		v, ok := c.value(it)
		if !ok {
			return nil, false
		}
		j.items[i] = v
		share(it, v, itemKey(v))
	}
	c.out.WriteByte(']')
	return j, true
}

// scalar writes a scalar as the value yaml3 decodes it to, in JSON; false
// when it is not a string, null, bool, integer or finite float.
func (c *converter) scalar(n *yaml.Node) bool {
	switch {
	case n.Tag == "!!str":
		c.str(n.Value)
		return true
	case n.Tag == "!!null":
		c.out.WriteString("null")
		return true
	case n.Tag == "!!bool" && (n.Value == "true" || n.Value == "false"),
		n.Tag == "!!int" && plainInt(n.Value):
		c.out.WriteString(n.Value)
		return true
	case n.Tag != "!!bool" && n.Tag != "!!int" && n.Tag != "!!float":
		return false
	}
	var v any
	if n.Decode(&v) != nil {
		return false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	c.out.Write(b)
	return true
}

// str writes s as encoding/json writes a string: plain ASCII directly,
// anything else through encoding/json.
func (c *converter) str(s string) {
	for i := range len(s) {
		if b := s[i]; b < 0x20 || b >= 0x7f || b == '"' || b == '\\' || b == '<' || b == '>' || b == '&' {
			quoted, _ := json.Marshal(s) // a string always marshals
			c.out.Write(quoted)
			return
		}
	}
	c.out.WriteByte('"')
	c.out.WriteString(s)
	c.out.WriteByte('"')
}

// plainInt reports whether s is a decimal integer as strconv.Itoa writes
// it, short enough to fit an int.
func plainInt(s string) bool {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || len(digits) > 18 || (digits[0] == '0' && len(digits) > 1) || (digits == "0" && s != "0") {
		return false
	}
	for i := range len(digits) {
		if digits[i] < '0' || digits[i] > '9' {
			return false
		}
	}
	return true
}
