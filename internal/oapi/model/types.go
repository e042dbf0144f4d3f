package model

// Kind says which Go declaration a Type becomes.
type Kind int

// The kinds of declared types.
const (
	KindStruct Kind = iota // type T struct{...}
	KindEnum               // type T string|int64|float64 with constants; unknown values kept
	KindAlias              // type T = Elem
	KindSlice              // type T []Elem
	KindMap                // type T map[string]Elem
	KindUnion              // oneOf/anyOf: type T struct{ raw json.RawMessage } with As/From accessors
	KindRaw                // type T = json.RawMessage, for what cannot be typed
)

// Type is one declared Go type.
type Type struct {
	Name       string // resolved Go name
	Kind       Kind
	Doc        string // description from the spec, unsanitised
	Pos        Pos
	Ref        string // "#/components/schemas/X" for component schemas, "" for inline ones
	Deprecated bool

	Fields []*Field // KindStruct
	// Extra is the type of additionalProperties kept in the struct's
	// AdditionalProperties map (KindStruct); nil when there is none.
	Extra *TypeRef
	// ExtraField is the Go name of the field holding Extra.
	ExtraField string
	// Union is the oneOf/anyOf an allOf merges with the fields (KindStruct):
	// the same JSON object is also that union. nil when there is none.
	Union *TypeRef
	// UnionField is the Go name of the field holding Union.
	UnionField string

	Enum *Enum // KindEnum

	Elem *TypeRef // KindAlias, KindSlice, KindMap

	Variants      []*Variant // KindUnion
	Discriminator string     // KindUnion: the property naming the variant, "" when none
	AnyOf         bool       // KindUnion: anyOf rather than oneOf
}

// Field is one field of a struct type.
type Field struct {
	Name     string // Go name
	JSONName string // the property name on the wire
	Type     TypeRef
	Required bool
	Nullable bool
	Pointer  bool // the field is *Type (optional scalars and structs, nullables, recursion)
	// Wrapped makes the field Nullable[Type], tagged omitzero: it is
	// optional and nullable, so absent, null and a value must differ.
	Wrapped  bool
	Doc      string
	Pos      Pos
	ReadOnly bool
	// Deprecated marks a property the spec deprecates.
	Deprecated bool
}

// OmitEmpty reports whether the field's JSON tag carries omitempty: every
// optional field does, but a Wrapped one, which carries omitzero.
func (f *Field) OmitEmpty() bool { return !f.Required && !f.Wrapped }

// Enum holds the values of an enum type.
type Enum struct {
	Base   TypeRef // string, int64, int32 or float64
	Values []*EnumValue
}

// EnumValue is one documented value of an enum, and its constant.
type EnumValue struct {
	Name  string // Go name of the constant
	Value any    // string, int64 or float64
}

// Variant is one member of a oneOf/anyOf union.
type Variant struct {
	Label string  // the word in As<Label>/From<Label>
	Type  TypeRef // the member's type
	Tags  []string
	// Tags holds the discriminator values that select this variant.

	// Check is what the JSON must show to be this variant (see
	// VariantCheck); nil when the spec gives no way to tell.
	Check *VariantCheck
}
