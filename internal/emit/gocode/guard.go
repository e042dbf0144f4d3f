package gocode

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/model"
)

// guardFile is the name of the file that pins the constants of codes.go.
const guardFile = "codes_guard.go"

// buildGuard emits codes_guard.go: a stringer-style check, in a file of its
// own, that breaks the build when a Table or Entry constant of codes.go no
// longer has the number the spec gives it (its table's place in the
// provider, its row's place in the tables). The numbers are counted here
// from the spec's order, not taken from the constants' declarations, so a
// hand edit of codes.go, or codes.go regenerated from another spec without
// this file, fails to compile here:
//
//	func _() {
//		var x [1]struct{}
//		_, _ = x[TopupSuccess-8], x[8-TopupSuccess] // topup code 1
//	}
func buildGuard(f *jen.File, p *model.Provider, b *bulk) {
	f.Add(jen.Add(
		jen.Comment(`An "overflows" or "out of bounds" compiler error here means that a constant of`), jen.Line(),
		jen.Comment("codes.go no longer is the spec's: codes.go was edited, or generated apart from this file."), jen.Line(),
		jen.Comment("Run go generate again (never edit generated files)."), jen.Line(),
		jen.Func().Id("_").Params().Block(b.slot(guardBody(p)))))
}

// guardBody is the guard's body: one array index per constant, which is
// out of range unless the constant is the spec's number, each with the
// row's label as a trailing comment, aligned as gofmt aligns them (one
// space after the longest check, widths counted in runes). It returns the
// length of the text and the function that writes it.
func guardBody(p *model.Provider) (int, func(*lines)) {
	n := len(p.Tables) + rowCount(p)
	comment := make([]string, 0, n)
	width, size := 0, 0
	add := func(name string, num int, label string) {
		w := pinWidth(name, num)
		width = max(width, w)
		size += pinLen(name, num) - w + len(label)
		comment = append(comment, label)
	}
	row := 0
	for ti, t := range p.Tables {
		add(t.ConstName, ti+1, scrub("table "+strconv.Quote(t.ID)))
		for _, e := range t.Entries {
			row++
			add(e.ConstName, row, rowLabel(e))
		}
	}
	const head = "\tvar x [1]struct{}\n"
	size += len(head) + n*(len("\t")+width+1+len("// ")+len("\n"))
	return size, func(l *lines) {
		l.WriteString(head)
		i, row := 0, 0
		for ti, t := range p.Tables {
			l.pinLine(t.ConstName, ti+1, width, comment[i])
			i++
			for _, e := range t.Entries {
				row++
				l.pinLine(e.ConstName, row, width, comment[i])
				i++
			}
		}
	}
}

// pinLine appends the check that constant name is n, padded to width,
// with its trailing comment.
func (l *lines) pinLine(name string, n, width int, comment string) {
	l.WriteByte('\t')
	l.pin(name, n)
	for w := pinWidth(name, n); w <= width; w++ {
		l.WriteByte(' ')
	}
	l.WriteString("// ")
	l.WriteString(comment)
	l.WriteByte('\n')
}

// pin appends the check that constant name is n, both ways so that the
// compiler's error names the constant whichever way it drifted (the
// constants are unsigned: the difference that goes below zero overflows,
// and the error quotes it):
//
//	_, _ = x[TopupSuccess-8], x[8-TopupSuccess]
func (l *lines) pin(name string, n int) {
	l.WriteString("_, _ = x[")
	l.WriteString(name)
	l.WriteByte('-')
	l.int(int64(n))
	l.WriteString("], x[")
	l.int(int64(n))
	l.WriteByte('-')
	l.WriteString(name)
	l.WriteByte(']')
}

// pinLen is the length in bytes of pin's check, pinWidth in runes.
func pinLen(name string, n int) int {
	return len("_, _ = x[-], x[-]") + 2*len(name) + 2*digits(n)
}

func pinWidth(name string, n int) int {
	return len("_, _ = x[-], x[-]") + 2*utf8.RuneCountInString(name) + 2*digits(n)
}

// digits is the number of decimal digits of n >= 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}

// rowLabel names a row as the spec writes it, for the guard's comments:
// "topup code 1", "http_status HTTP 200", or the table and quoted message
// of a row that has neither.
func rowLabel(e *model.Entry) string {
	switch {
	case e.HasCode:
		return scrub(e.Table.ID + " code " + e.Code)
	case e.HTTP != 0:
		return scrub(fmt.Sprintf("%s HTTP %d", e.Table.ID, e.HTTP))
	}
	return scrub(e.Table.ID + " " + strconv.Quote(e.Message))
}

// guardTestFile is the name of the generated test that pins the row data.
const guardTestFile = "codes_guard_test.go"

// buildGuardTest emits codes_guard_test.go: every Entry's table, code and
// HTTP status compared with the spec's, so that a hand edit of rows.go, or
// rows.go generated apart from codes.go, fails go test (and a constant
// that is gone fails go vet, which compiles tests):
//
//	func TestRowsAreTheSpecs(t *testing.T) {
//		for _, r := range []struct{...}{{TopupSuccess, TableTopup, 1, true, 200}, ...} { ... }
//	}
func buildGuardTest(f *jen.File, p *model.Provider, b *bulk) {
	rows := jen.Line()
	if rowCount(p) > 0 {
		rows = rows.Add(b.slot(guardRowsSize(p), func(l *lines) { guardRows(l, p) })).Line()
	}
	row := jen.Struct(jen.Id("e").Id("Entry"), jen.Id("table").Id("Table"), jen.Id("code").Id("Code"),
		jen.Id("hasCode").Bool(), jen.Id("http").Int())
	r := jen.Id("r")
	drifted := r.Clone().Dot("e").Dot("Table").Call().Op("!=").Add(r.Clone().Dot("table")).
		Op("||").Add(r.Clone().Dot("e").Dot("Code").Call()).Op("!=").Add(r.Clone().Dot("code")).
		Op("||").Add(r.Clone().Dot("e").Dot("HasCode").Call()).Op("!=").Add(r.Clone().Dot("hasCode")).
		Op("||").Add(r.Clone().Dot("e").Dot("HTTPStatus").Call()).Op("!=").Add(r.Clone().Dot("http"))
	f.Comment("TestRowsAreTheSpecs compares each row's table, code and HTTP status with the spec's. A failure")
	f.Comment("means rows.go was edited, or generated apart from codes.go: run go generate again.")
	f.Func().Id("TestRowsAreTheSpecs").Params(jen.Id("t").Op("*").Qual("testing", "T")).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("r")).Op(":=").Range().Index().Add(row).Values(rows)).Block(
			jen.If(drifted).Block(jen.Id("t").Dot("Errorf").Call(
				jen.Lit("%v: table %v code %v (%v) HTTP %d; the spec gives table %v code %v (%v) HTTP %d: run go generate"),
				r.Clone().Dot("e"), r.Clone().Dot("e").Dot("Table").Call(), r.Clone().Dot("e").Dot("Code").Call(),
				r.Clone().Dot("e").Dot("HasCode").Call(), r.Clone().Dot("e").Dot("HTTPStatus").Call(),
				r.Clone().Dot("table"), r.Clone().Dot("code"), r.Clone().Dot("hasCode"), r.Clone().Dot("http")))))
}

// guardRows are the rows of the guard test's table, one per line:
//
//	{TopupSuccess, TableTopup, 1, true, 200},
func guardRows(l *lines, p *model.Provider) {
	for _, t := range p.Tables {
		for _, e := range t.Entries {
			l.WriteString("\t\t{" + e.ConstName + ", " + t.ConstName + ", ")
			switch {
			case e.HasCode:
				l.code(p, e.Code)
			case p.CodeKind == model.CodeInteger:
				l.WriteByte('0')
			default:
				l.WriteString(`""`)
			}
			l.WriteString(", " + strconv.FormatBool(e.HasCode) + ", ")
			l.int(int64(e.HTTP))
			l.WriteString("},\n")
		}
	}
}
