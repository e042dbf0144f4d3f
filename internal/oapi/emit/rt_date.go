package emit

import "github.com/dave/jennifer/jen"

// genDate declares Date, the civil date of the string format "date", with
// its constructors and text methods (which encoding/json uses).
func genDate(f *jen.File) {
	d := jen.Id("d").Id("Date")
	decl(f, []string{
		"Date is a civil date, a day in no time zone: the OpenAPI string format \"date\" (RFC 3339",
		"full-date, \"2006-01-02\" in JSON). Only days that exist encode or decode: 2026-02-30 is refused.",
	}, jen.Type().Id("Date").Struct(
		jen.Id("Year").Int(),
		jen.Id("Month").Qual(pkgTime, "Month"),
		jen.Id("Day").Int(),
	))
	decl(f, []string{"DateOf returns the date of t in t's location."},
		jen.Func().Id("DateOf").Params(jen.Id("t").Qual(pkgTime, "Time")).Id("Date").Block(
			jen.List(jen.Id("y"), jen.Id("m"), jen.Id("day")).Op(":=").Id("t").Dot("Date").Call(),
			jen.Return(jen.Id("Date").Values(jen.Dict{jen.Id("Year"): jen.Id("y"), jen.Id("Month"): jen.Id("m"), jen.Id("Day"): jen.Id("day")}))))
	decl(f, []string{"ParseDate parses s in the form 2006-01-02; a day that does not exist is refused."},
		jen.Func().Id("ParseDate").Params(jen.Id("s").String()).Params(jen.Id("Date"), jen.Error()).Block(
			jen.List(jen.Id("t"), jen.Err()).Op(":=").Qual(pkgTime, "Parse").Call(jen.Qual(pkgTime, "DateOnly"), jen.Id("s")),
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id("Date").Values(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("date %q: want YYYY-MM-DD, a day that exists"), jen.Id("s")))),
			jen.Return(jen.Id("DateOf").Call(jen.Id("t")), jen.Nil())))
	decl(f, []string{"String returns the date in the form 2006-01-02."},
		jen.Func().Params(d.Clone()).Id("String").Params().String().Block(
			jen.Return(jen.Qual(pkgFmt, "Sprintf").Call(jen.Lit("%04d-%02d-%02d"), jen.Id("d").Dot("Year"), jen.Int().Call(jen.Id("d").Dot("Month")), jen.Id("d").Dot("Day")))))
	decl(f, []string{"IsValid reports whether the date is a day that exists, in the years 0 to 9999."},
		jen.Func().Params(d.Clone()).Id("IsValid").Params().Bool().Block(
			jen.Return(jen.Id("d").Dot("Year").Op(">=").Lit(0).Op("&&").Id("d").Dot("Year").Op("<=").Lit(9999).Op("&&").
				Id("DateOf").Call(jen.Id("d").Dot("In").Call(jen.Qual(pkgTime, "UTC"))).Op("==").Id("d"))))
	decl(f, []string{"In returns the start of the date in loc."},
		jen.Func().Params(d.Clone()).Id("In").Params(jen.Id("loc").Op("*").Qual(pkgTime, "Location")).Qual(pkgTime, "Time").Block(
			jen.Return(jen.Qual(pkgTime, "Date").Call(jen.Id("d").Dot("Year"), jen.Id("d").Dot("Month"), jen.Id("d").Dot("Day"), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Id("loc")))))
	decl(f, []string{"MarshalText returns the date in the form 2006-01-02; a day that does not exist (the zero", "Date among them) is an error, never sent."},
		jen.Func().Params(d.Clone()).Id("MarshalText").Params().Params(jen.Index().Byte(), jen.Error()).Block(
			jen.If(jen.Op("!").Id("d").Dot("IsValid").Call()).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("date %s does not exist: build it with DateOf or ParseDate"), jen.Id("d")))),
			jen.Return(jen.Index().Byte().Call(jen.Id("d").Dot("String").Call()), jen.Nil())))
	decl(f, []string{"UnmarshalText parses a date in the form 2006-01-02."},
		jen.Func().Params(jen.Id("d").Op("*").Id("Date")).Id("UnmarshalText").Params(jen.Id("text").Index().Byte()).Error().Block(
			jen.List(jen.Id("v"), jen.Err()).Op(":=").Id("ParseDate").Call(jen.String().Call(jen.Id("text"))),
			ifErrReturn(jen.Err()),
			jen.Op("*").Id("d").Op("=").Id("v"),
			jen.Return(jen.Nil())))
}
