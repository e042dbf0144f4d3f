package load

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "github.com/oasdiff/yaml3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// repair makes a spec that kin-openapi refuses loadable, when the trouble
// is local: a keyword whose value kin-openapi cannot decode (a property
// schema's Swagger-style "required: true", a tuple "items: [...]") or a
// $ref that resolves nowhere in the file (or points outside it, which is
// never followed). Such a keyword is disabled by overwriting its first two
// characters with "x-", which turns it into an extension; no byte moves,
// so every position stays right; a schema, parameter or response written
// as null in a map or list is read as {}.
// It returns the patched data and one warning per change, or nil when it
// finds nothing to change.
func repair(path string, data []byte) ([]byte, []model.Warning) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || len(doc.Content) == 0 {
		return nil, nil
	}
	r := &repairer{root: doc.Content[0]}
	r.refs(r.root, false, map[*yaml.Node]bool{})
	r.object(kindRoot, r.root)
	if len(r.fixes) == 0 && len(r.empties) == 0 {
		return nil, nil
	}
	return r.patch(path, data)
}

// objKind is a kind of spec object the repairer knows the shape of.
type objKind int

const (
	kindRoot objKind = iota
	kindComponents
	kindPathItem
	kindOperation
	kindParameter
	kindHeader
	kindRequestBody
	kindResponse
	kindMedia
	kindSchema
)

// arity says how a keyword nests objects: one, a map or a list of them.
type arity int

const (
	one arity = iota
	mapOf
	listOf
)

// nesting is how a keyword of an object nests other objects.
type nesting struct {
	kind  objKind
	arity arity
}

// The keywords nesting objects, by the kind of object holding them.
var (
	rootNesting = map[string]nesting{"components": {kindComponents, one}, "paths": {kindPathItem, mapOf}, "webhooks": {kindPathItem, mapOf}}
	compNesting = map[string]nesting{
		"schemas": {kindSchema, mapOf}, "parameters": {kindParameter, mapOf}, "headers": {kindHeader, mapOf},
		"requestBodies": {kindRequestBody, mapOf}, "responses": {kindResponse, mapOf}, "pathItems": {kindPathItem, mapOf},
	}
	opNesting       = map[string]nesting{"parameters": {kindParameter, listOf}, "requestBody": {kindRequestBody, one}, "responses": {kindResponse, mapOf}}
	paramNesting    = map[string]nesting{"schema": {kindSchema, one}, "content": {kindMedia, mapOf}}
	bodyNesting     = map[string]nesting{"content": {kindMedia, mapOf}}
	responseNesting = map[string]nesting{"content": {kindMedia, mapOf}, "headers": {kindHeader, mapOf}}
	mediaNesting    = map[string]nesting{"schema": {kindSchema, one}}
)

// nested returns how keyword key of an object of kind k nests objects;
// ok is false for plain keywords.
func nested(k objKind, key string) (nesting, bool) {
	var m map[string]nesting
	switch k {
	case kindRoot:
		m = rootNesting
	case kindComponents:
		m = compNesting
	case kindPathItem:
		if key == "parameters" {
			return nesting{kindParameter, listOf}, true
		}
		return nesting{kindOperation, one}, isMethod(key)
	case kindOperation:
		m = opNesting
	case kindParameter, kindHeader:
		m = paramNesting
	case kindRequestBody:
		m = bodyNesting
	case kindResponse:
		m = responseNesting
	case kindMedia:
		m = mediaNesting
	default:
		return schemaNesting(key)
	}
	n, ok := m[key]
	return n, ok
}

// schemaNesting is nested for schemas.
func schemaNesting(key string) (nesting, bool) {
	switch key {
	case "items", "not", "additionalProperties", "additionalItems", "if", "then", "else", "contains",
		"propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema":
		return nesting{kindSchema, one}, true
	case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
		return nesting{kindSchema, mapOf}, true
	case "allOf", "anyOf", "oneOf", "prefixItems":
		return nesting{kindSchema, listOf}, true
	}
	return nesting{}, false
}

// isMethod reports whether key is an HTTP method keyword of a path item.
func isMethod(key string) bool {
	switch key {
	case "get", "put", "post", "delete", "options", "head", "patch", "trace":
		return true
	}
	return false
}

// target returns a value of the kin-openapi type an object of kind k
// decodes into, to try its plain keywords on.
func target(k objKind) any {
	switch k {
	case kindRoot:
		return &openapi3.T{}
	case kindComponents:
		return &openapi3.Components{}
	case kindPathItem:
		return &openapi3.PathItem{}
	case kindOperation:
		return &openapi3.Operation{}
	case kindParameter:
		return &openapi3.Parameter{}
	case kindHeader:
		return &openapi3.Header{}
	case kindRequestBody:
		return &openapi3.RequestBody{}
	case kindResponse:
		return &openapi3.Response{}
	case kindMedia:
		return &openapi3.MediaType{}
	}
	return &openapi3.Schema{}
}

// repairer collects the keywords to disable and the null schemas to empty.
type repairer struct {
	root    *yaml.Node
	fixes   []fix
	seen    map[*yaml.Node]bool
	empties []empty // objects written as null
}

// empty is an object written as null, to be read as {}.
type empty struct {
	node *yaml.Node
	what string // "schema", "parameter"...
}

// fix is one keyword to disable: the key node and why.
type fix struct {
	key *yaml.Node
	msg string
}

// disable records that the keyword at key is to be disabled.
func (r *repairer) disable(key *yaml.Node, format string, args ...any) {
	if r.seen == nil {
		r.seen = map[*yaml.Node]bool{}
	}
	if !r.seen[key] && len(key.Value) >= 2 {
		r.seen[key] = true
		r.fixes = append(r.fixes, fix{key: key, msg: fmt.Sprintf(format, args...)})
	}
}

// object checks an object of kind k: the shape of its nested keywords,
// recursively, then its plain keywords against kin-openapi.
func (r *repairer) object(k objKind, n *yaml.Node) {
	n = deref(n)
	if n.Kind != yaml.MappingNode || hasKey(n, "$ref") {
		return
	}
	var plain [][2]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], deref(n.Content[i+1])
		if nest, ok := nested(k, key.Value); ok {
			r.nested(nest, key, val)
			continue
		}
		if !strings.HasPrefix(key.Value, "x-") {
			plain = append(plain, [2]*yaml.Node{key, val})
		}
	}
	r.plain(k, plain)
	if k == kindSchema {
		r.discriminator(n)
	}
}

// nested checks the objects a keyword nests, disabling the keyword when
// its value has the wrong shape.
func (r *repairer) nested(nest nesting, key, val *yaml.Node) {
	switch {
	case nest.arity == one && isObject(nest.kind, val):
		r.object(nest.kind, val)
	case nest.arity == mapOf && val.Kind == yaml.MappingNode:
		for i := 1; i < len(val.Content); i += 2 {
			r.member(nest.kind, val.Content[i])
		}
	case nest.arity == listOf && val.Kind == yaml.SequenceNode:
		for _, item := range val.Content {
			r.member(nest.kind, item)
		}
	case isNull(val):
	default:
		r.disable(key, "%q has a value of the wrong shape; ignored", key.Value)
	}
}

// member checks one object of a map or list of objects.
func (r *repairer) member(k objKind, n *yaml.Node) {
	if isNull(deref(n)) {
		r.null(k, deref(n))
		return
	}
	r.object(k, n)
}

// nullNames names the objects the loader refuses to find null in a map
// or list; such a null is read as an empty object.
var nullNames = map[objKind]string{
	kindSchema: "schema", kindParameter: "parameter", kindHeader: "header",
	kindResponse: "response", kindRequestBody: "request body",
}

// null records that an object written as null is to be read as {}.
func (r *repairer) null(k objKind, n *yaml.Node) {
	if name, ok := nullNames[k]; ok && n.Value == "null" {
		r.empties = append(r.empties, empty{n, name})
	}
}

// isNull reports whether n is the null scalar.
func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// isObject reports whether n can be an object of kind k: a mapping, or a
// boolean for a schema (OpenAPI 3.1).
func isObject(k objKind, n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode || (k == kindSchema && n.Kind == yaml.ScalarNode && n.Tag == "!!bool")
}

// plain tries the plain keywords of an object on kin-openapi's type, all
// together and, when that fails, one by one, disabling those it rejects.
func (r *repairer) plain(k objKind, pairs [][2]*yaml.Node) {
	if len(pairs) == 0 || decodes(k, pairs) == nil {
		return
	}
	for _, p := range pairs {
		err := decodes(k, [][2]*yaml.Node{p})
		switch {
		case err == nil:
		case k == kindSchema && p[0].Value == "required" && p[1].Tag == "!!bool":
			r.disable(p[0], "\"required\" is a boolean, as in Swagger 2; OpenAPI 3 lists required properties in the object's \"required\" array; ignored")
		default:
			r.disable(p[0], "%q cannot be decoded (%v); ignored", p[0].Value, err)
		}
	}
}

// decodes decodes the pairs as JSON into kin-openapi's type for kind k.
// Values that have no JSON form (mappings with non-string keys) are not
// judged.
func decodes(k objKind, pairs [][2]*yaml.Node) error {
	m := map[string]any{}
	for _, p := range pairs {
		var v any
		if err := p[1].Decode(&v); err != nil {
			continue
		}
		m[p[0].Value] = v
	}
	data, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return json.Unmarshal(data, target(k))
}

// discriminator disables a discriminator whose mapping names a schema the
// file does not hold.
func (r *repairer) discriminator(n *yaml.Node) {
	key, d := keyValue(n, "discriminator")
	if d == nil || d.Kind != yaml.MappingNode {
		return
	}
	_, mapping := keyValue(d, "mapping")
	if mapping == nil || mapping.Kind != yaml.MappingNode {
		return
	}
	for i := 1; i < len(mapping.Content); i += 2 {
		ref := deref(mapping.Content[i]).Value
		if !strings.ContainsAny(ref, "#/") {
			ref = "#/components/schemas/" + ref
		}
		if !r.resolves(ref) {
			r.disable(key, "discriminator mapping %q does not resolve; discriminator ignored", ref)
			return
		}
	}
}

// refs disables every $ref that is not a string, points outside the file
// or resolves nowhere in it. A "$ref" key of a map of names (properties,
// $defs) is a name, not a reference, and literal data (examples, defaults,
// enums, extensions) is not looked into.
func (r *repairer) refs(n *yaml.Node, names bool, visited map[*yaml.Node]bool) {
	if n == nil || visited[n] {
		return
	}
	visited[n] = true
	switch n.Kind {
	case yaml.AliasNode:
		r.refs(n.Alias, names, visited)
	case yaml.SequenceNode:
		for _, c := range n.Content {
			r.refs(c, false, visited)
		}
	case yaml.MappingNode:
		if !names {
			r.checkRef(n)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, val := n.Content[i].Value, n.Content[i+1]
			if !names && isData(key, val) {
				continue
			}
			r.refs(val, !names && nameMaps[key], visited)
		}
	}
}

// nameMaps are the keywords whose value maps names (property names,
// status codes, media types) to objects: a key there is never a $ref or
// literal data, whatever its spelling ("default" is a response there).
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "$defs": true, "definitions": true, "dependentSchemas": true,
	"paths": true, "webhooks": true, "responses": true, "content": true, "headers": true, "examples": true,
	"links": true, "callbacks": true, "encoding": true, "schemas": true, "parameters": true,
	"requestBodies": true, "securitySchemes": true, "pathItems": true,
}

// isData reports whether the value of keyword key is literal data rather
// than spec objects.
func isData(key string, val *yaml.Node) bool {
	switch key {
	case "example", "default", "enum", "const", "value":
		return true
	case "examples":
		return deref(val).Kind == yaml.SequenceNode
	}
	return strings.HasPrefix(key, "x-")
}

// checkRef checks the $ref of one mapping, if it has one.
func (r *repairer) checkRef(n *yaml.Node) {
	key, val := keyValue(n, "$ref")
	switch {
	case key == nil:
	case val.Kind != yaml.ScalarNode || val.Tag != "!!str":
		r.disable(key, "$ref is not a string; ignored")
	case !strings.HasPrefix(val.Value, "#"):
		r.disable(key, "$ref %q points outside the file, which is never followed; dropped (a schema becomes raw JSON)", val.Value)
	case !r.resolves(val.Value):
		r.disable(key, "$ref %q does not resolve; dropped (a schema becomes raw JSON)", val.Value)
	}
}

// resolves reports whether the local reference ref ("#/a/b") names a node
// of the file, as written or percent-decoded.
func (r *repairer) resolves(ref string) bool {
	frag := strings.TrimPrefix(ref, "#")
	if r.pointer(frag) != nil {
		return true
	}
	dec, err := url.PathUnescape(frag)
	return err == nil && r.pointer(dec) != nil
}

// pointer follows a JSON pointer from the root, nil when it leads nowhere.
func (r *repairer) pointer(ptr string) *yaml.Node {
	n := r.root
	if ptr == "" {
		return n
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if n = step(deref(n), tok); n == nil {
			return nil
		}
	}
	return n
}

// step returns the child of n named by one pointer token.
func step(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		_, v := keyValue(n, tok)
		return v
	case yaml.SequenceNode:
		i, err := strconv.Atoi(tok)
		if err != nil || i < 0 || i >= len(n.Content) {
			return nil
		}
		return n.Content[i]
	}
	return nil
}

// patch overwrites the first two characters of every keyword to disable
// with "x-", every null object with "{}  ", and returns the data and the
// warnings.
func (r *repairer) patch(path string, data []byte) ([]byte, []model.Warning) {
	out := append([]byte(nil), data...)
	lines := lineStarts(data)
	var ws []model.Warning
	for _, f := range r.fixes {
		off, ok := keyOffset(out, lines, f.key)
		if !ok {
			continue
		}
		copy(out[off:], "x-")
		ws = append(ws, model.Warning{Pos: model.Pos{File: path, Line: f.key.Line, Col: f.key.Column}, Msg: f.msg})
	}
	for _, e := range r.empties {
		if off, ok := keyOffset(out, lines, e.node); ok {
			copy(out[off:], "{}  ")
			ws = append(ws, model.Warning{Pos: model.Pos{File: path, Line: e.node.Line, Col: e.node.Column}, Msg: e.what + " is null; read as an empty one"})
		}
	}
	if len(ws) == 0 {
		return nil, nil
	}
	sort.SliceStable(ws, func(i, j int) bool { return ws[i].Pos.Line < ws[j].Pos.Line })
	return out, ws
}

// lineStarts returns the byte offset at which each line starts.
func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// keyOffset returns the byte offset of the first character of the text of
// the scalar node (after an opening quote), when the text there is the
// node's value itself. Columns count characters, not bytes.
func keyOffset(data []byte, lines []int, key *yaml.Node) (int, bool) {
	if key.Line < 1 || key.Line > len(lines) || key.Column < 1 {
		return 0, false
	}
	off := lines[key.Line-1]
	for i := 1; i < key.Column && off < len(data); i++ {
		_, size := utf8.DecodeRune(data[off:])
		off += size
	}
	if off < len(data) && (data[off] == '"' || data[off] == '\'') {
		off++
	}
	if !strings.HasPrefix(string(data[off:min(len(data), off+len(key.Value))]), key.Value) {
		return 0, false
	}
	return off, true
}

// keyValue returns the key and value nodes of key in mapping n.
func keyValue(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], deref(n.Content[i+1])
		}
	}
	return nil, nil
}

// hasKey reports whether mapping n has key.
func hasKey(n *yaml.Node, key string) bool {
	k, _ := keyValue(n, key)
	return k != nil
}

// deref follows aliases.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 32; i++ {
		n = n.Alias
	}
	return n
}
