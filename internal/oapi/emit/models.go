package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// modelsFile declares the types api.Types[lo:hi].
func (e *emitter) modelsFile(f *jen.File, lo, hi int) {
	for _, t := range e.api.Types[lo:hi] {
		e.genType(f, t)
	}
}

// genType declares one type by its kind.
func (e *emitter) genType(f *jen.File, t *model.Type) {
	switch t.Kind {
	case model.KindStruct:
		genStruct(f, t)
		if e.forms[t] {
			genFormEncoder(f, t)
		}
	case model.KindEnum:
		genEnum(f, t)
	case model.KindUnion:
		genUnion(f, t)
	case model.KindSlice, model.KindMap, model.KindAlias:
		genWrapper(f, t)
	default:
		decl(f, typeDoc(t, "raw JSON: the spec does not say enough to type it"),
			jen.Type().Id(t.Name).Op("=").Qual(pkgJSON, "RawMessage"))
	}
}

// typeDoc is the doc comment of a declared type: a summary naming the
// schema it comes from and what it is, the schema's description, and a
// deprecation notice.
func typeDoc(t *model.Type, what string) []string {
	from := "an inline schema"
	if t.Ref != "" {
		from = "the schema " + quoted(strings.TrimPrefix(t.Ref, "#/components/schemas/"))
	}
	lines := doc(fmt.Sprintf("%s is %s: %s.", t.Name, from, what), t.Doc)
	if t.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this schema as deprecated.")
	}
	return lines
}

// genWrapper declares a slice, map or alias type.
//
//	type Pets []Pet
//	type Labels map[string]string
//	type Name = string
func genWrapper(f *jen.File, t *model.Type) {
	elem := typeExpr(*t.Elem)
	switch t.Kind {
	case model.KindSlice:
		decl(f, typeDoc(t, "a list"), jen.Type().Id(t.Name).Index().Add(elem))
	case model.KindMap:
		decl(f, typeDoc(t, "a map keyed by property name"), jen.Type().Id(t.Name).Map(jen.String()).Add(elem))
	default:
		decl(f, typeDoc(t, "another name for "+t.Elem.String()), jen.Type().Id(t.Name).Op("=").Add(elem))
	}
}

// genStruct declares a struct type and, when it keeps additional
// properties, its JSON methods.
//
//	type Pet struct {
//		ID  int64   `json:"id"`
//		Tag *string `json:"tag,omitempty"`
//	}
func genStruct(f *jen.File, t *model.Type) {
	fields := make([]jen.Code, 0, len(t.Fields)+1)
	for _, fl := range t.Fields {
		fields = append(fields, structField(fl)...)
	}
	if t.Extra != nil {
		fields = append(fields, jen.Comment(t.ExtraField+" holds the properties the schema does not name."),
			jen.Id(t.ExtraField).Map(jen.String()).Add(typeExpr(*t.Extra)).Tag(map[string]string{"json": "-"}))
	}
	if t.Union != nil {
		fields = append(fields, unionStructField(t)...)
	}
	decl(f, typeDoc(t, "an object"), jen.Type().Id(t.Name).Struct(fields...))
	switch {
	case t.Union != nil:
		genAllOfMethods(f, t)
	case t.Extra != nil:
		genExtraMethods(f, t)
	}
}

// structField spells one field with its doc comment and JSON tag.
func structField(fl *model.Field) []jen.Code {
	var out []jen.Code
	lines := docLines(fl.Doc)
	if fl.Deprecated {
		lines = append(lines, "Deprecated: the spec marks this property as deprecated.")
	}
	out = append(out, comments(lines)...)
	return append(out, jen.Id(fl.Name).Add(fieldType(fl)).Tag(map[string]string{"json": jsonTag(fl)}))
}

// fieldType spells a field's type: Nullable[T] when it is Wrapped, *T when
// it is a pointer, T otherwise.
func fieldType(fl *model.Field) *jen.Statement {
	if fl.Wrapped {
		return jen.Qual(pkgRT, "Nullable").Types(typeExpr(fl.Type))
	}
	return ptrExpr(fl.Type, fl.Pointer)
}

// jsonTag is the json struct tag value of a field.
func jsonTag(fl *model.Field) string {
	name := fl.JSONName
	if name == "-" {
		name = "-,"
	}
	if fl.OmitEmpty() && !fl.Pointer && isCollection(fl.Type) {
		// omitzero leaves out an absent (nil) array or object and keeps an
		// explicit empty one: [] and {} round-trip.
		return strings.TrimSuffix(name, ",") + ",omitzero"
	}
	if fl.OmitEmpty() {
		return strings.TrimSuffix(name, ",") + ",omitempty"
	}
	if fl.Wrapped {
		return strings.TrimSuffix(name, ",") + ",omitzero"
	}
	return name
}

// isCollection reports whether t is a Go slice or map, directly or through
// declared types and aliases.
func isCollection(t model.TypeRef) bool {
	switch t.Kind {
	case model.RefSlice, model.RefMap:
		return true
	case model.RefNamed:
		switch n := t.Named; n.Kind {
		case model.KindSlice, model.KindMap:
			return true
		case model.KindAlias:
			return n.Elem != nil && isCollection(*n.Elem)
		}
	}
	return false
}

// genExtraMethods declares MarshalJSON and UnmarshalJSON for a struct with
// additional properties, through the generic helpers of client.go.
//
//	func (v *Pet) UnmarshalJSON(data []byte) error {
//		type plain Pet
//		if err := json.Unmarshal(data, (*plain)(v)); err != nil { return err }
//		return apiclient.ExtraFields(data, &v.AdditionalProperties, "id", "tag")
//	}
//	func (v Pet) MarshalJSON() ([]byte, error) {
//		type plain Pet
//		return apiclient.MergeExtra(plain(v), v.AdditionalProperties)
//	}
func genExtraMethods(f *jen.File, t *model.Type) {
	known := []jen.Code{jen.Id("data"), jen.Op("&").Id("v").Dot(t.ExtraField)}
	for _, fl := range t.Fields {
		known = append(known, jen.Lit(fl.JSONName))
	}
	decl(f, []string{"UnmarshalJSON decodes the named properties into their fields and keeps the others in " + t.ExtraField + "."},
		jen.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.Type().Id("plain").Id(t.Name),
			jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Return(jen.Qual(pkgRT, "ExtraFields").Call(known...)),
		))
	decl(f, []string{"MarshalJSON encodes the fields and the properties kept in " + t.ExtraField + "."},
		jen.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.Type().Id("plain").Id(t.Name),
			jen.Return(jen.Qual(pkgRT, "MergeExtra").Call(jen.Id("plain").Call(jen.Id("v")), jen.Id("v").Dot(t.ExtraField))),
		))
}
