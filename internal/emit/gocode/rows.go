package gocode

import (
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/model"
)

// rowInfo emits the unexported row struct, the switch that holds every
// row's data, and the Entry accessors that read it.
//
//	type row struct{ name string; table Table; code Code; ... }
//	func (e Entry) row() row { switch e { case 1: return row{...} }; return row{} }
//	func (e Entry) Message() string { return e.row().message }
func rowInfo(p *model.Provider, b *bulk) []jen.Code {
	codes := []jen.Code{
		withDoc("row is the data of one Entry.", jen.Type().Id("row").Struct(
			jen.Id("name").String(),
			jen.Id("table").Id("Table"),
			jen.Id("code").Id("Code"),
			jen.Id("hasCode").Bool(),
			jen.Id("http").Int(),
			jen.Id("retryAfter").Qual("time", "Duration"),
			jen.List(jen.Id("message"), jen.Id("description"), jen.Id("resolution"), jen.Id("note")).String(),
		)),
		withDoc("row returns the data of e; the zero row when e is no row.", jen.Func().Params(jen.Id("e").Id("Entry")).Id("row").Params().Id("row").Block(
			b.slot(rowSwitchSize(p), func(l *lines) { rowSwitch(l, p) }))),
	}
	codes = append(codes, classMethod(p, b)...)
	return append(codes, accessors(p.CodeKind)...)
}

// rowSwitch is the body of Entry.row: one case per row.
//
//	switch e {
//	case TopupSuccess:
//		return row{name: "TopupSuccess", table: TableTopup, code: 1, hasCode: true, message: "OK"}
//	}
//	return row{}
func rowSwitch(l *lines, p *model.Provider) {
	l.WriteString("\tswitch e {\n")
	for e := range allEntries(p) {
		l.WriteString("\tcase " + e.ConstName + ":\n\t\treturn ")
		l.rowLit(p, e)
		l.WriteByte('\n')
	}
	l.WriteString("\t}\n\treturn row{}\n")
}

// rowLit appends the keyed literal of e's data, on one line, fields in
// declaration order and zero fields left out.
func (l *lines) rowLit(p *model.Provider, e *model.Entry) {
	l.WriteString("row{name: ")
	l.str(e.ConstName)
	l.WriteString(", table: " + e.Table.ConstName)
	if e.HasCode {
		l.WriteString(", code: ")
		l.code(p, e.Code)
		l.WriteString(", hasCode: true")
	}
	if e.HTTP != 0 {
		l.WriteString(", http: ")
		l.int(int64(e.HTTP))
	}
	if e.RetryAfter != 0 {
		l.WriteString(", retryAfter: ")
		l.duration(e.RetryAfter)
	}
	for _, f := range [...]struct{ name, text string }{{"message", e.Message}, {"description", e.Description},
		{"resolution", e.Resolution}, {"note", e.Note}} {
		if f.text != "" {
			l.WriteString(", " + f.name + ": ")
			l.str(f.text)
		}
	}
	l.WriteByte('}')
}

// duration appends d as n * time.Unit with the largest exact unit.
func (l *lines) duration(d time.Duration) {
	for _, u := range [...]struct {
		d    time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}} {
		if d%u.d == 0 {
			l.int(int64(int(d / u.d)))
			l.WriteString(" * time." + u.name)
			return
		}
	}
	l.WriteString("time.Duration(")
	l.int(int64(d))
	l.WriteByte(')')
}

// accessors emits the one-line Entry methods that read the row data.
func accessors(kind model.CodeKind) []jen.Code {
	var out []jen.Code
	for _, a := range []struct {
		name, field, doc string
		typ              jen.Code
	}{
		{"Table", "table", "Table returns the table the row belongs to.", jen.Id("Table")},
		{"Code", "code", "Code returns the row's code; see HasCode.", jen.Id("Code")},
		{"HasCode", "hasCode", "HasCode reports whether the row has a code (some rows have only a status and a message).", jen.Bool()},
		{"HTTPStatus", "http", "HTTPStatus returns the HTTP status the docs give for the row, or 0.", jen.Int()},
		{"RetryAfter", "retryAfter", "RetryAfter returns the delay the docs ask for before a resend (retry after_delay) or a new attempt (retry new_reference), or 0.", jen.Qual("time", "Duration")},
		{"Message", "message", "Message returns the row's message exactly as the docs write it.", jen.String()},
		{"Description", "description", "Description returns the docs' description of the row.", jen.String()},
		{"Resolution", "resolution", "Resolution returns what the docs say to do.", jen.String()},
		{"Note", "note", "Note returns what codebook noted about a mistake or ambiguity in the docs.", jen.String()},
	} {
		out = append(out, withDoc(a.doc, jen.Func().Params(jen.Id("e").Id("Entry")).Id(a.name).Params().Add(a.typ).Block(
			jen.Return(jen.Id("e").Dot("row").Call().Dot(a.field)))))
	}
	return append(out, entryErrorMethods(kind)...)
}

func entryErrorMethods(kind model.CodeKind) []jen.Code {
	code := jen.Id("e").Dot("Code").Call().Dot("String").Call()
	if kind == model.CodeString {
		code = jen.Qual(strconvPkg, "Quote").Call(code) // "0000": the zeros matter
	}
	return []jen.Code{
		withDoc("String returns the Go name of the row, such as \"TransactProcessingRequest\", or \"Entry(n)\" when e is no row.",
			jen.Func().Params(jen.Id("e").Id("Entry")).Id("String").Params().String().Block(
				jen.If(jen.Id("name").Op(":=").Id("e").Dot("row").Call().Dot("name"), jen.Id("name").Op("!=").Lit("")).Block(jen.Return(jen.Id("name"))),
				jen.Return(jen.Lit("Entry(").Op("+").Qual(strconvPkg, "Itoa").Call(jen.Int().Call(jen.Id("e"))).Op("+").Lit(")")))),
		withDoc("Error describes the row by its table and message, so that an Entry can be an errors.Is "+
			"target; \"Entry(n): no row\" when e is no row.",
			jen.Func().Params(jen.Id("e").Id("Entry")).Id("Error").Params().String().Block(
				jen.If(jen.Op("!").Id("e").Dot("Known").Call()).Block(jen.Return(jen.Id("e").Dot("String").Call().Op("+").Lit(": no row"))),
				jen.Return(jen.Id("e").Dot("Table").Call().Dot("String").Call().Op("+").Lit(": ").Op("+").Id("e").Dot("row").Call().Dot("message")))),
		entryFormat(),
		withDoc("describe returns the row's name, table, code, HTTP status, message and class.",
			jen.Func().Params(jen.Id("e").Id("Entry")).Id("describe").Params().String().Block(
				jen.If(jen.Op("!").Id("e").Dot("Known").Call()).Block(jen.Return(jen.Id("e").Dot("Error").Call())),
				jen.Id("s").Op(":=").Id("e").Dot("String").Call().Op("+").Lit(" (").Op("+").Id("e").Dot("Table").Call().Dot("String").Call(),
				jen.If(jen.Id("e").Dot("HasCode").Call()).Block(
					jen.Id("s").Op("+=").Lit(" code ").Op("+").Add(code)),
				jen.If(jen.Id("h").Op(":=").Id("e").Dot("HTTPStatus").Call(), jen.Id("h").Op("!=").Lit(0)).Block(
					jen.Id("s").Op("+=").Lit(" HTTP ").Op("+").Qual(strconvPkg, "Itoa").Call(jen.Id("h"))),
				jen.If(jen.Id("m").Op(":=").Id("e").Dot("Message").Call(), jen.Id("m").Op("!=").Lit("")).Block(
					jen.Id("s").Op("+=").Lit(" ").Op("+").Qual(strconvPkg, "Quote").Call(jen.Id("m"))),
				jen.Return(jen.Id("s").Op("+").Lit(", ").Op("+").Id("e").Dot("Class").Call().Dot("String").Call().Op("+").Lit(")")))),
		withDoc("Known reports whether e is a row of a table.",
			jen.Func().Params(jen.Id("e").Id("Entry")).Id("Known").Params().Bool().Block(
				jen.Return(jen.Id("e").Dot("row").Call().Dot("table").Op("!=").Lit(0)))),
	}
}

// exportedEnum turns a lower_snake enum name into the Go suffix of its
// constant: "after_delay" gives "AfterDelay".
func exportedEnum(s string) string {
	out := make([]byte, 0, len(s))
	upper := true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '_':
			upper = true
		case upper:
			out = append(out, c-'a'+'A')
			upper = false
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

// entryFormat emits Entry's Format: fmt prints an Entry as its Go name, as
// for any enumeration, not as its Error text (which fmt would otherwise
// prefer); %+v describes the row.
func entryFormat() jen.Code {
	write := func(v jen.Code) jen.Code {
		return jen.List(jen.Id("_"), jen.Id("_")).Op("=").Id("f").Dot("Write").Call(jen.Index().Byte().Call(v))
	}
	return withDoc("Format prints e for the fmt package: its Go name for %v and %s (\"Entry(n)\" when e is "+
		"no row), its name, table, code, HTTP status, message and class for %+v, its number for %d, "+
		"its quoted name for %q.",
		jen.Func().Params(jen.Id("e").Id("Entry")).Id("Format").Params(jen.Id("f").Qual("fmt", "State"), jen.Id("verb").Rune()).Block(
			jen.Switch().Block(
				jen.Case(jen.Id("verb").Op("==").LitRune('v').Op("&&").Id("f").Dot("Flag").Call(jen.LitRune('+'))).Add(write(jen.Id("e").Dot("describe").Call())),
				jen.Case(jen.Id("verb").Op("==").LitRune('d')).Add(write(jen.Qual(strconvPkg, "Itoa").Call(jen.Int().Call(jen.Id("e"))))),
				jen.Case(jen.Id("verb").Op("==").LitRune('q')).Add(write(jen.Qual(strconvPkg, "Quote").Call(jen.Id("e").Dot("String").Call()))),
				jen.Default().Add(write(jen.Id("e").Dot("String").Call())),
			)))
}
