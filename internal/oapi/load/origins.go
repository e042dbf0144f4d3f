package load

import (
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// originWalker sets the Origin of every element of a JSON spec decoded
// without origins, from the positions scanJSON recorded, as kin-openapi's
// YAML route sets them: Key is where the element's key starts (for a list
// item, its first key; for the document, its first key, named ""), Fields
// where each of its keys starts. Sequences and the block end (Key.EndLine,
// Key.EndColumn) are left out: nothing here reads them. An element reached
// through a $ref is given its origin where it is written, not at the $ref.
type originWalker struct {
	file  string
	types map[reflect.Type]*typeInfo
}

// typeInfo is what the walker needs to know of a struct type.
type typeInfo struct {
	origin   []int          // index of the Origin field, promoted or not; nil when none
	ref      []int          // index of the Ref string field; nil when none
	byTag    map[string]int // JSON name → index of a field of the struct itself
	wrapped  [][]int        // Value and Schema fields without a JSON tag
	maplike  bool           // Paths, Responses, Callback
	anything bool           // the walker has something to do in it
}

var (
	originPtrType = reflect.TypeFor[*openapi3.Origin]()
	pathsType     = reflect.TypeFor[openapi3.Paths]()
	responsesType = reflect.TypeFor[openapi3.Responses]()
	callbackType  = reflect.TypeFor[openapi3.Callback]()
)

// applyJSONOrigins sets the origins of t from root, the scan of its file.
func applyJSONOrigins(t *openapi3.T, root *jnode, file string) {
	w := &originWalker{file: file, types: map[reflect.Type]*typeInfo{}}
	var key *jkey
	if len(root.keys) > 0 {
		key = &jkey{line: root.keys[0].line, col: root.keys[0].col}
	}
	w.value(reflect.ValueOf(t), root, key)
}

// origin returns the origin of object n reached by key.
func (w *originWalker) origin(n *jnode, key *jkey) *openapi3.Origin {
	o := &openapi3.Origin{Key: &openapi3.Location{File: w.file, Line: key.line, Column: key.col, Name: key.name}}
	if len(n.keys) > 0 {
		o.Fields = make(openapi3.FieldLocations, len(n.keys))
		for i, k := range n.keys {
			o.Fields[i] = openapi3.Location{File: w.file, Line: k.line, Column: k.col, Name: k.name}
		}
	}
	return o
}

// memberKey returns the key that gives a member's value an origin: the
// member's own when its value is an object, else nil; for a value written
// once and repeated (a YAML anchor and its aliases), the key it has where
// it is written.
func memberKey(k *jkey) *jkey {
	if k.val != nil && k.val.shared {
		return k.val.own
	}
	if k.val != nil && k.val.isObj {
		return k
	}
	return nil
}

// itemKey returns the key that gives a list item an origin: its first key
// when it is a non-empty object, else nil; for an item written once and
// repeated, the key it has where it is written.
func itemKey(n *jnode) *jkey {
	if n != nil && n.shared {
		return n.own
	}
	if n != nil && n.isObj && len(n.keys) > 0 {
		return &n.keys[0]
	}
	return nil
}

// value sets the origins in v from n; key, when not nil, gives v's own.
func (w *originWalker) value(v reflect.Value, n *jnode, key *jkey) {
	var ptr reflect.Value
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer {
			ptr = v
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		w.structure(v, ptr, n, key)
	case reflect.Map:
		w.mapping(v, n)
	case reflect.Slice:
		for i := 0; i < v.Len() && i < len(n.items); i++ {
			if it := n.items[i]; it != nil {
				w.value(v.Index(i), it, itemKey(it))
			}
		}
	}
}

// structure sets the origins of a struct and of what it holds.
func (w *originWalker) structure(v, ptr reflect.Value, n *jnode, key *jkey) {
	info := w.info(v.Type())
	if !info.anything {
		return
	}
	if info.origin != nil && key != nil && n.isObj {
		v.FieldByIndex(info.origin).Set(reflect.ValueOf(w.origin(n, key)))
	}
	for i := range n.keys {
		k := &n.keys[i]
		if k.val == nil {
			continue
		}
		if f, ok := info.byTag[k.name]; ok {
			w.value(v.Field(f), k.val, memberKey(k))
		}
	}
	if info.ref == nil || v.FieldByIndex(info.ref).String() == "" {
		for _, f := range info.wrapped {
			w.value(v.FieldByIndex(f), n, key)
		}
	}
	if info.maplike {
		w.maplike(v, ptr, n)
	}
}

// maplike sets the origins of the items of Paths, Responses or Callback.
func (w *originWalker) maplike(v, ptr reflect.Value, n *jnode) {
	if !ptr.IsValid() {
		if !v.CanAddr() {
			return
		}
		ptr = v.Addr()
	}
	switch x := ptr.Interface().(type) {
	case *openapi3.Paths:
		w.mapping(reflect.ValueOf(x.Map()), n)
	case *openapi3.Responses:
		w.mapping(reflect.ValueOf(x.Map()), n)
	case *openapi3.Callback:
		w.mapping(reflect.ValueOf(x.Map()), n)
	}
}

// mapping sets the origins of a map's values from object n.
func (w *originWalker) mapping(v reflect.Value, n *jnode) {
	if v.IsNil() || v.Len() == 0 {
		return
	}
	for i := range n.keys {
		k := &n.keys[i]
		if k.val == nil {
			continue
		}
		mk := reflect.ValueOf(k.name)
		if !mk.Type().AssignableTo(v.Type().Key()) {
			mk = mk.Convert(v.Type().Key())
		}
		elem := v.MapIndex(mk)
		switch {
		case !elem.IsValid():
		case elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Interface:
			w.value(elem, k.val, memberKey(k))
		case elem.Kind() == reflect.Struct:
			cp := reflect.New(elem.Type()).Elem()
			cp.Set(elem)
			w.structure(cp, reflect.Value{}, k.val, memberKey(k))
			v.SetMapIndex(mk, cp)
		}
	}
}

// info returns, computing it once per walk, what the walker needs of t.
func (w *originWalker) info(t reflect.Type) *typeInfo {
	if ti, ok := w.types[t]; ok {
		return ti
	}
	ti := &typeInfo{byTag: map[string]int{}}
	w.types[t] = ti
	if sf, ok := t.FieldByName("Origin"); ok && sf.Type == originPtrType && sf.Tag.Get("json") == "-" {
		ti.origin = sf.Index
	}
	if sf, ok := t.FieldByName("Ref"); ok && sf.Type.Kind() == reflect.String {
		ti.ref = sf.Index
	}
	for _, name := range []string{"Value", "Schema"} {
		if sf, ok := t.FieldByName(name); ok && sf.Type.Kind() == reflect.Pointer && sf.Tag.Get("json") == "" {
			ti.wrapped = append(ti.wrapped, sf.Index)
		}
	}
	for i := range t.NumField() {
		sf := t.Field(i)
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if sf.IsExported() && name != "" && name != "-" && holds(sf.Type) {
			ti.byTag[name] = i
		}
	}
	ti.maplike = t == pathsType || t == responsesType || t == callbackType
	ti.anything = ti.origin != nil || len(ti.byTag) > 0 || len(ti.wrapped) > 0 || ti.maplike
	return ti
}

// holds reports whether a field of type t can hold an element with an
// origin: a struct, or a pointer, map or slice of them. Untyped values
// (examples, defaults, extensions) decode into plain maps and lists.
func holds(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return true
	case reflect.Pointer, reflect.Map, reflect.Slice:
		return holds(t.Elem())
	}
	return false
}
