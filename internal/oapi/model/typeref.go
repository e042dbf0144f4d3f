package model

// RefKind says what a TypeRef spells.
type RefKind int

// The kinds of type expressions.
const (
	RefBuiltin RefKind = iota // Builtin: string, bool, int32, int64, float32, float64
	RefTime                   // time.Time
	RefBytes                  // []byte (base64 on the wire)
	RefRaw                    // json.RawMessage
	RefNamed                  // a declared Type
	RefSlice                  // []Elem
	RefMap                    // map[string]Elem
	RefDate                   // Date, a civil date (format: date), declared once per package
)

// TypeRef is a Go type expression: a use of a type in a field, parameter,
// body or response.
type TypeRef struct {
	Kind     RefKind
	Builtin  string   // RefBuiltin
	Named    *Type    // RefNamed
	Elem     *TypeRef // RefSlice, RefMap
	Nullable bool     // the spec allows null here
}

// Builtin returns a TypeRef of a predeclared type.
func Builtin(name string) TypeRef { return TypeRef{Kind: RefBuiltin, Builtin: name} }

// Raw returns a TypeRef of json.RawMessage.
func Raw() TypeRef { return TypeRef{Kind: RefRaw} }

// Named returns a TypeRef to a declared type.
func Named(t *Type) TypeRef { return TypeRef{Kind: RefNamed, Named: t} }

// SliceOf returns a TypeRef of []elem.
func SliceOf(elem TypeRef) TypeRef { return TypeRef{Kind: RefSlice, Elem: &elem} }

// MapOf returns a TypeRef of map[string]elem.
func MapOf(elem TypeRef) TypeRef { return TypeRef{Kind: RefMap, Elem: &elem} }

// String spells the type as Go source would (named types by name).
func (r TypeRef) String() string {
	switch r.Kind {
	case RefBuiltin:
		return r.Builtin
	case RefTime:
		return "time.Time"
	case RefDate:
		return "Date"
	case RefBytes:
		return "[]byte"
	case RefNamed:
		return r.Named.Name
	case RefSlice:
		return "[]" + r.Elem.String()
	case RefMap:
		return "map[string]" + r.Elem.String()
	}
	return "json.RawMessage"
}

// IsNil reports whether the zero value of the type is nil-like, so that it
// needs no pointer to be optional: slices, maps, raw JSON and bytes, and
// named types declared as one of those.
func (r TypeRef) IsNil() bool {
	switch r.Kind {
	case RefSlice, RefMap, RefRaw, RefBytes:
		return true
	case RefNamed:
		return r.Named.IsNil()
	}
	return false
}

// IsNil reports whether values of t are nil-like (slices, maps, raw JSON,
// aliases of those). Alias chains must be free of cycles.
func (t *Type) IsNil() bool {
	switch t.Kind {
	case KindSlice, KindMap, KindRaw:
		return true
	case KindAlias:
		return t.Elem != nil && t.Elem.IsNil()
	}
	return false
}
