package gocode

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

func buildCodes(f *jen.File, p *model.Provider, b *bulk) {
	add(f, codeType(p))
	add(f, tableType(p, b))
	add(f, entryType(p, b))
}

// buildRows emits rows.go: the row data of every Entry and its accessors.
func buildRows(f *jen.File, p *model.Provider, b *bulk) {
	add(f, rowInfo(p, b))
}

// codeType emits the wire Code type:
//
//	type Code string // or int
//	func ParseCode(s string) (Code, error)
//	func (c Code) String() string
//	func (c Code) MarshalJSON() ([]byte, error)
//	func (c *Code) UnmarshalJSON(b []byte) error
func codeType(p *model.Provider) []jen.Code {
	if p.CodeKind == model.CodeInteger {
		return integerCodeType(p)
	}
	return stringCodeType(p)
}

func stringCodeType(p *model.Provider) []jen.Code {
	return []jen.Code{
		withDoc(fmt.Sprintf("Code is a response code as %s sends it, such as %s. Codes that no table "+
			"documents are kept as they are.", p.Name, sampleCode(p)), jen.Type().Id("Code").String()),
		withDoc("ParseCode parses a code as written by a person or in a header.",
			jen.Func().Id("ParseCode").Params(jen.Id("s").String()).Params(jen.Id("Code"), jen.Error()).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(runtimePkg+"/codebookimpl", "ParseStringCode").Call(jen.Id("s")),
				jen.Return(jen.Id("Code").Call(jen.Id("v")), jen.Err()))),
		withDoc("String returns the code as sent.",
			jen.Func().Params(jen.Id("c").Id("Code")).Id("String").Params().String().Block(
				jen.Return(jen.String().Call(jen.Id("c"))))),
		withDoc("MarshalJSON writes the code as a JSON string.",
			jen.Func().Params(jen.Id("c").Id("Code")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(jen.Qual(jsonPkg, "Marshal").Call(jen.String().Call(jen.Id("c")))))),
		withDoc(fmt.Sprintf("UnmarshalJSON reads a code sent as a JSON string or number; a number is "+
			"zero-padded to %d digits.", p.CodeWidth),
			jen.Func().Params(jen.Id("c").Op("*").Id("Code")).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(runtimePkg+"/codebookimpl", "DecodeStringCode").Call(jen.Id("b"), jen.Lit(p.CodeWidth)),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Op("*").Id("c").Op("=").Id("Code").Call(jen.Id("v")),
				jen.Return(jen.Nil()))),
	}
}

func integerCodeType(p *model.Provider) []jen.Code {
	return []jen.Code{
		withDoc(fmt.Sprintf("Code is a response code as %s sends it, such as %s. Codes that no table "+
			"documents are kept as they are.", p.Name, sampleCode(p)), jen.Type().Id("Code").Int()),
		withDoc("ParseCode parses a code as written by a person or in a header.",
			jen.Func().Id("ParseCode").Params(jen.Id("s").String()).Params(jen.Id("Code"), jen.Error()).Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(runtimePkg+"/codebookimpl", "ParseIntegerCode").Call(jen.Id("s")),
				jen.Return(jen.Id("Code").Call(jen.Id("v")), jen.Err()))),
		withDoc("String returns the code in decimal.",
			jen.Func().Params(jen.Id("c").Id("Code")).Id("String").Params().String().Block(
				jen.Return(jen.Qual(strconvPkg, "Itoa").Call(jen.Int().Call(jen.Id("c")))))),
		withDoc("MarshalJSON writes the code as a JSON number.",
			jen.Func().Params(jen.Id("c").Id("Code")).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(jen.Index().Byte().Call(jen.Qual(strconvPkg, "Itoa").Call(jen.Int().Call(jen.Id("c")))), jen.Nil()))),
		withDoc("UnmarshalJSON reads a code sent as a JSON number or as a string of digits, since the docs disagree on which.",
			jen.Func().Params(jen.Id("c").Op("*").Id("Code")).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Qual(runtimePkg+"/codebookimpl", "DecodeIntegerCode").Call(jen.Id("b")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
				jen.Op("*").Id("c").Op("=").Id("Code").Call(jen.Id("v")),
				jen.Return(jen.Nil()))),
	}
}

func sampleCode(p *model.Provider) string {
	for e := range allEntries(p) {
		if e.HasCode {
			if p.CodeKind == model.CodeString {
				return strconv.Quote(e.Code)
			}
			return e.Code
		}
	}
	return `""`
}

// codeLit returns the Go literal of a code of p.
func codeLit(p *model.Provider, code string) jen.Code {
	if p.CodeKind == model.CodeInteger {
		n, _ := model.ParseIntegerCode(code) // validated
		return jen.Lit(int(n))
	}
	return jen.Lit(code)
}

// code appends the Go literal of a code of p, as codeLit spells it.
func (l *lines) code(p *model.Provider, code string) {
	if p.CodeKind == model.CodeInteger {
		n, _ := model.ParseIntegerCode(code) // validated
		l.int(int64(int(n)))
		return
	}
	l.str(code)
}

// tableType emits the Table type, its constants and accessors.
func tableType(p *model.Provider, b *bulk) []jen.Code {
	consts := make([]jen.Code, 0, 2*len(p.Tables))
	for i, t := range p.Tables {
		doc := fmt.Sprintf("%s is the table %q (%s).", t.ConstName, t.Name, t.ID)
		if t.Description != "" {
			doc += "\n\n" + t.Description
		}
		consts = append(consts, withDoc(doc, jen.Id(t.ConstName).Id("Table").Op("=").Lit(i+1)))
	}
	return []jen.Code{
		withDoc(fmt.Sprintf("Table identifies one of %s's code tables.", p.Name), jen.Type().Id("Table").Add(indexType(len(p.Tables)))),
		withDoc(fmt.Sprintf("The tables of %s, in the order of its docs.", p.Name), jen.Const().Defs(consts...)),
		withDoc("Tables returns every table, in the order of the docs.",
			jen.Func().Id("Tables").Params().Index().Id("Table").Block(jen.Return(jen.Index().Id("Table").ValuesFunc(func(g *jen.Group) {
				for _, t := range p.Tables {
					g.Id(t.ConstName)
				}
			})))),
		tableStringer(p, "String", "String returns the table's id, such as \"transact\".", func(t *model.Table) string { return t.ID }),
		tableStringer(p, "Name", "Name returns the table's heading in the docs.", func(t *model.Table) string { return t.Name }),
		withDoc("Entries returns the rows of the table, in the order of the docs.",
			jen.Func().Params(jen.Id("t").Id("Table")).Id("Entries").Params().Index().Id("Entry").Block(
				b.slot(tableEntriesSize(p), func(l *lines) { tableEntries(l, p) }))),
	}
}

// tableEntries is the body of Table.Entries:
//
//	switch t {
//	case TableTopup:
//		return []Entry{TopupSuccess, ...}
//	}
//	return nil
func tableEntries(l *lines, p *model.Provider) {
	l.WriteString("\tswitch t {\n")
	for _, t := range p.Tables {
		l.WriteString("\tcase " + t.ConstName + ":\n\t\treturn ")
		l.entryList(slices.Values(t.Entries))
		l.WriteByte('\n')
	}
	l.WriteString("\t}\n\treturn nil\n")
}

func tableStringer(p *model.Provider, method, doc string, value func(*model.Table) string) jen.Code {
	return withDoc(doc, jen.Func().Params(jen.Id("t").Id("Table")).Id(method).Params().String().Block(
		jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
			for _, t := range p.Tables {
				g.Case(jen.Id(t.ConstName)).Return(jen.Lit(value(t)))
			}
		}),
		jen.Return(jen.Lit("Table(").Op("+").Qual(strconvPkg, "Itoa").Call(jen.Int().Call(jen.Id("t"))).Op("+").Lit(")"))))
}

// entryList appends the literal []Entry{A, B, ...} of entries.
func (l *lines) entryList(entries iter.Seq[*model.Entry]) {
	l.WriteString("[]Entry{")
	first := true
	for e := range entries {
		if !first {
			l.WriteString(", ")
		}
		first = false
		l.WriteString(e.ConstName)
	}
	l.WriteByte('}')
}

// entryType emits the Entry type, one constant per row, and Entries.
func entryType(p *model.Provider, b *bulk) []jen.Code {
	var consts []jen.Code
	if rowCount(p) > 0 {
		consts = []jen.Code{b.slot(entryConstsSize(p), func(l *lines) { entryConsts(l, p) })}
	}
	return []jen.Code{
		withDoc(fmt.Sprintf("Entry is one row of one of %s's code tables. The zero Entry is no row: the "+
			"response was undocumented, and its class is uncertain. An Entry is an error, so that "+
			"errors.Is(err, %s) tells whether err came from that row.", p.Name, firstConst(p)),
			jen.Type().Id("Entry").Add(indexType(rowCount(p)))),
		withDoc(fmt.Sprintf("The rows of %s's code tables.", p.Name), jen.Const().Defs(consts...)),
		withDoc("Entries returns every row of every table, in the order of the docs.",
			jen.Func().Id("Entries").Params().Index().Id("Entry").Block(b.slot(allEntriesSize(p), func(l *lines) {
				l.WriteString("\treturn ")
				l.entryList(allEntries(p))
				l.WriteByte('\n')
			}))),
	}
}

// entryConsts is the body of the Entry constant block: each row's doc
// comment and constant.
//
//	// TopupSuccess is code 1 of the topup table of TopIt: "OK".
//	// ...
//	TopupSuccess Entry = 1
func entryConsts(l *lines, p *model.Provider) {
	var doc []byte // one buffer for every row's doc text
	for e := range allEntries(p) {
		doc = appendEntryDoc(doc[:0], p, e)
		l.docBytes("\t", doc)
		l.WriteByte('\t')
		l.WriteString(e.ConstName)
		l.WriteString(" Entry = ")
		l.int(int64(e.Index))
		l.WriteByte('\n')
	}
}

// indexType returns the smallest unsigned integer type that numbers n
// things from 1, keeping 0 free for "none".
func indexType(n int) jen.Code {
	switch {
	case n <= math.MaxUint8:
		return jen.Uint8()
	case n <= math.MaxUint16:
		return jen.Uint16()
	}
	return jen.Uint32()
}

func firstConst(p *model.Provider) string {
	for e := range allEntries(p) {
		return e.ConstName
	}
	return "Entry(1)"
}

// appendEntryDoc appends the doc comment of an Entry constant, the docs'
// own text, to b.
func appendEntryDoc(b []byte, p *model.Provider, e *model.Entry) []byte {
	b = append(b, e.ConstName...)
	b = append(b, " is "...)
	switch {
	case e.HasCode:
		b = append(b, "code "...)
		b = append(b, e.Code...)
	case e.HTTP != 0:
		b = append(b, "HTTP status "...)
		b = strconv.AppendInt(b, int64(e.HTTP), 10)
	default:
		b = append(b, "the message"...)
	}
	b = append(b, " of the "...)
	b = append(b, e.Table.Name...)
	b = append(b, " table of "...)
	b = append(b, p.Name...)
	if e.Message != "" {
		b = append(b, ": "...)
		b = strconv.AppendQuote(b, e.Message)
	}
	b = append(b, '.')
	for _, part := range [...]struct{ label, text string }{
		{"", e.Description}, {"Resolution: ", e.Resolution}, {"Note: ", e.Note},
	} {
		if part.text != "" {
			b = append(b, "\n\n"...)
			b = append(b, part.label...)
			b = append(b, part.text...)
		}
	}
	b = append(b, "\n\nClass: "...)
	for i, part := range [...]string{e.Class.Outcome.String(), e.Class.Retry.String(), e.Class.Fault.String(), e.Class.Category.String()} {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, part...)
	}
	b = append(b, '.')
	switch {
	case e.RetryAfter != 0 && e.Class.Retry == codebook.RetryNewReference:
		b = append(b, " A new attempt, under a new reference, after "+e.RetryAfter.String()+"."...)
	case e.RetryAfter != 0:
		b = append(b, " Retry after "+e.RetryAfter.String()+"."...)
	}
	return b
}
