package emit

import "github.com/dave/jennifer/jen"

// genNullable declares Nullable[T], the type of optional nullable
// properties: absent, null and a value differ, and null can be sent.
func genNullable(f *jen.File) {
	decl(f, []string{
		"Nullable is a property the spec makes optional and allows to be null (nullable in OpenAPI 3.0,",
		"type [T, \"null\"] in 3.1): absent (the zero Nullable, which its omitzero tag leaves out of",
		"the JSON), null, or a value. To clear a property with PATCH, SetNull it; to keep it, leave it",
		"zero. A required nullable property is a pointer instead, nil encoding as null.",
	}, jen.Type().Id("Nullable").Types(jen.Id("T").Any()).Struct(
		jen.Id("value").Op("*").Id("T"),
		jen.Id("set").Bool(),
	))
	genNullableConstructors(f)
	genNullableReaders(f)
	genNullableSetters(f)
	genNullableJSON(f)
}

// nullableRecv spells the receiver (n Nullable[T]), or (n *Nullable[T]).
func nullableRecv(ptr bool) *jen.Statement {
	t := jen.Id("Nullable").Types(jen.Id("T"))
	if ptr {
		return jen.Params(jen.Id("n").Op("*").Add(t))
	}
	return jen.Params(jen.Id("n").Add(t))
}

// genNullableConstructors declares NullableOf and NullableNull.
func genNullableConstructors(f *jen.File) {
	nt := jen.Id("Nullable").Types(jen.Id("T"))
	decl(f, []string{"NullableOf returns a Nullable holding v."},
		jen.Func().Id("NullableOf").Types(jen.Id("T").Any()).Params(jen.Id("v").Id("T")).Add(nt.Clone()).Block(
			jen.Return(nt.Clone().Values(jen.Dict{jen.Id("value"): jen.Op("&").Id("v"), jen.Id("set"): jen.True()}))))
	decl(f, []string{"NullableNull returns a Nullable holding an explicit null."},
		jen.Func().Id("NullableNull").Types(jen.Id("T").Any()).Params().Add(nt.Clone()).Block(
			jen.Return(nt.Clone().Values(jen.Dict{jen.Id("set"): jen.True()}))))
}

// genNullableReaders declares IsSet, IsNull, IsZero, Get and Ptr.
func genNullableReaders(f *jen.File) {
	val, set := jen.Id("n").Dot("value"), jen.Id("n").Dot("set")
	decl(f, []string{"IsSet reports whether the property is present: a value or null."},
		jen.Func().Add(nullableRecv(false)).Id("IsSet").Params().Bool().Block(jen.Return(set.Clone())))
	decl(f, []string{"IsNull reports whether the property is present and null."},
		jen.Func().Add(nullableRecv(false)).Id("IsNull").Params().Bool().Block(jen.Return(set.Clone().Op("&&").Add(val.Clone()).Op("==").Nil())))
	decl(f, []string{"IsZero reports whether the property is absent; the omitzero tag leaves it out of the JSON then."},
		jen.Func().Add(nullableRecv(false)).Id("IsZero").Params().Bool().Block(jen.Return(jen.Op("!").Add(set.Clone()))))
	decl(f, []string{"Get returns the value and true, or the zero T and false when the property is absent or null."},
		jen.Func().Add(nullableRecv(false)).Id("Get").Params().Params(jen.Id("T"), jen.Bool()).Block(
			jen.If(val.Clone().Op("==").Nil()).Block(
				jen.Var().Id("zero").Id("T"),
				jen.Return(jen.Id("zero"), jen.False())),
			jen.Return(jen.Op("*").Add(val.Clone()), jen.True())))
	decl(f, []string{"Ptr returns a pointer to a copy of the value, nil when the property is absent or null."},
		jen.Func().Add(nullableRecv(false)).Id("Ptr").Params().Op("*").Id("T").Block(
			jen.If(val.Clone().Op("==").Nil()).Block(jen.Return(jen.Nil())),
			jen.Id("v").Op(":=").Op("*").Add(val.Clone()),
			jen.Return(jen.Op("&").Id("v"))))
}

// genNullableSetters declares Set, SetNull and Unset.
func genNullableSetters(f *jen.File) {
	pair := jen.List(jen.Id("n").Dot("value"), jen.Id("n").Dot("set"))
	decl(f, []string{"Set makes the property present with the value v."},
		jen.Func().Add(nullableRecv(true)).Id("Set").Params(jen.Id("v").Id("T")).Block(pair.Clone().Op("=").List(jen.Op("&").Id("v"), jen.True())))
	decl(f, []string{"SetNull makes the property present and null."},
		jen.Func().Add(nullableRecv(true)).Id("SetNull").Params().Block(pair.Clone().Op("=").List(jen.Nil(), jen.True())))
	decl(f, []string{"Unset makes the property absent."},
		jen.Func().Add(nullableRecv(true)).Id("Unset").Params().Block(pair.Clone().Op("=").List(jen.Nil(), jen.False())))
}

// genNullableJSON declares MarshalJSON and UnmarshalJSON.
func genNullableJSON(f *jen.File) {
	decl(f, []string{"MarshalJSON encodes the value, or null when the property is null (or absent, where omitzero", "does not leave it out)."},
		jen.Func().Add(nullableRecv(false)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.If(jen.Id("n").Dot("value").Op("==").Nil()).Block(jen.Return(jen.Index().Byte().Call(jen.Lit("null")), jen.Nil())),
			jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Op("*").Id("n").Dot("value")))))
	decl(f, []string{"UnmarshalJSON decodes null or a value; either makes the property present."},
		jen.Func().Add(nullableRecv(true)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
			jen.If(jen.String().Call(jen.Id("data")).Op("==").Lit("null")).Block(
				jen.Id("n").Dot("SetNull").Call(),
				jen.Return(jen.Nil())),
			jen.Var().Id("v").Id("T"),
			jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("v")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("n").Dot("Set").Call(jen.Id("v")),
			jen.Return(jen.Nil())))
}
