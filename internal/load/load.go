package load

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook/internal/diag"
)

// ReadFile reads and parses the codes file at path.
func ReadFile(path string) (*File, error) {
	src, err := readString(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (pass the path of your codes.yaml with -codes)", path, err)
	}
	if f, ok := parseSubset(path, src); ok {
		return f, nil
	}
	return parseYAML(path, []byte(src))
}

// readString reads the file at path into a string directly, so that the
// subset reader's values can be pieces of it without a copy of the file.
func readString(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	var b strings.Builder
	if st, err := fh.Stat(); err == nil && st.Size() > 0 && st.Size() < math.MaxInt32 {
		b.Grow(int(st.Size()) + 1)
	}
	_, err = io.Copy(&b, fh)
	return b.String(), err
}

// Parse parses the codes file held in data; path is used in positions only.
// Every shape problem is collected and returned together as a *diag.Error;
// the file is returned with it, holding what could be read, so that later
// stages can report their problems too. A file in the YAML that codes files
// are written in is read by the subset reader (subset.go), without yaml.v3's
// node tree; any other file, and any file with a problem, through yaml.v3.
func Parse(path string, data []byte) (*File, error) {
	if f, ok := parseSubset(path, string(data)); ok {
		return f, nil
	}
	return parseYAML(path, data)
}

// parseYAML is Parse through yaml.v3's node tree: it reads any YAML, and
// reports every problem.
func parseYAML(path string, data []byte) (*File, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(path, data, err)
	}
	d := &decoder{path: path}
	f := &File{Path: path, Pos: diag.Pos{File: path, Line: 1, Col: 1}}
	if root.Kind == 0 || len(root.Content) == 0 {
		d.problems.Addf(f.Pos, "the file is empty: start with `format: codebook/v1` and a `providers:` list")
		return nil, d.problems.Err()
	}
	d.file(root.Content[0], f)
	return f, d.problems.Err()
}

type decoder struct {
	path     string
	problems diag.List
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.path, Line: n.Line, Col: n.Column}
}

// fields maps the keys a mapping may hold to what to do with their values.
type fields map[string]func(*yaml.Node)

// mapping walks a mapping node, handing each value to its field and
// reporting unknown and repeated keys.
func (d *decoder) mapping(n *yaml.Node, what string, fs fields) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.problems.Addf(d.pos(n), "%s must be a mapping, found %s", what, kindName(n))
		return
	}
	// Only known keys are remembered, so seen holds at most len(fs) keys:
	// a short list, cheaper than a map for every row.
	seen := make([]string, 0, len(fs))
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		set, ok := fs[key.Value]
		switch {
		case !ok:
			d.problems.Addf(d.pos(key), "unknown key %q in %s (known keys: %s)", key.Value, what, keyList(fs))
		case slices.Contains(seen, key.Value):
			d.problems.Addf(d.pos(key), "key %q appears twice in %s", key.Value, what)
		default:
			seen = append(seen, key.Value)
			set(resolveAlias(val))
		}
	}
}

// sequence hands each item of a sequence node to each.
func (d *decoder) sequence(n *yaml.Node, what string, each func(*yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		d.problems.Addf(d.pos(n), "%s must be a list, found %s", what, kindName(n))
		return
	}
	for _, item := range n.Content {
		each(resolveAlias(item))
	}
}

// str returns a setter storing a scalar into dst.
func (d *decoder) str(dst *Str, what string) func(*yaml.Node) {
	return func(n *yaml.Node) { d.setStr(dst, what, n) }
}

// setStr stores the scalar n into dst.
func (d *decoder) setStr(dst *Str, what string, n *yaml.Node) {
	if n.Kind != yaml.ScalarNode {
		d.problems.Addf(d.pos(n), "%s must be a single value, found %s", what, kindName(n))
		return
	}
	*dst = Str{Value: n.Value, Pos: d.pos(n), Set: true}
}

// strs returns a setter storing a list of scalars into dst.
func (d *decoder) strs(dst *[]Str, what string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		d.sequence(n, what, func(item *yaml.Node) {
			var s Str
			d.str(&s, what+" item")(item)
			if s.Set {
				*dst = append(*dst, s)
			}
		})
	}
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "nothing"
}

func keyList(fs fields) string {
	keys := make([]string, 0, len(fs))
	for k := range fs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return strings.Join(keys, ", ")
}
