package gocode

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/internal/model"
)

func buildClassify(f *jen.File, p *model.Provider, b *bulk) {
	add(f, resultTypes(p))
	add(f, classifyFuncs(p, b))
	for _, t := range p.Tables {
		if needsStatusMatcher(t) {
			f.Add(matchStatus(t))
		}
	}
}

// resultTypes emits Response and the Result and Error aliases of the
// runtime's generic types.
func resultTypes(p *model.Provider) []jen.Code {
	gen := func(name string) jen.Code {
		return jen.Qual(runtimePkg, name).Types(jen.Id("Table"), jen.Id("Entry"), jen.Id("Code"))
	}
	return []jen.Code{
		withDoc("Response is what Classify needs to know of a response: its HTTP status and the code and "+
			"message of its body.",
			jen.Type().Id("Response").Struct(
				jen.Id("Status").Int().Comment("// HTTP status"),
				jen.Id("Code").Id("Code").Comment("// the body's code, when HasCode"),
				jen.Id("HasCode").Bool().Comment("// the body held a code"),
				jen.Id("Message").String().Comment("// the body's message, or \"\""),
			)),
		withDoc(fmt.Sprintf("Result is a response classified against one of %s's tables. Its Err method "+
			"returns nil for success and pending outcomes and an *Error otherwise.", p.Name),
			jen.Type().Id("Result").Op("=").Add(gen("Result"))),
		withDoc(fmt.Sprintf("Error is a failed or uncertain response from %s. It matches errors.Is targets "+
			"of three kinds: its Entry, its codebook.Category (codebook.ErrInsufficientFunds) and its "+
			"codebook.Outcome (codebook.OutcomeUncertain); errors.As(err, new(*%s.Error)) gives the details.",
			p.Name, p.GoPackage),
			jen.Type().Id("Error").Op("=").Add(gen("Error"))),
	}
}

// classifyFuncs emits Classify, ClassifyHTTP and DecodeResponse.
func classifyFuncs(p *model.Provider, b *bulk) []jen.Code {
	return []jen.Code{
		withDoc("Classify finds the row of table t that a response belongs to, and the class the "+
			"response gets. It looks at the body's code first, then at its message, then at the "+
			"HTTP status alone; an undocumented response gives the zero Entry and an uncertain "+
			"class. A success row with a status other than 2xx is uncertain too. Classify does "+
			"not allocate.",
			jen.Func().Id("Classify").Params(jen.Id("t").Id("Table"), jen.Id("r").Id("Response")).Params(jen.Id("Entry"), jen.Qual(runtimePkg, "Class")).Block(
				jen.If(jen.Id("r").Dot("HasCode")).Block(jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
					for _, t := range p.Tables {
						if coded := codedRows(t); len(coded) > 0 {
							g.Case(jen.Id(t.ConstName)).Block(b.slot(codeSwitchSize(coded), func(l *lines) { codeSwitch(l, p, coded) }))
						}
					}
				})),
				jen.Return(jen.Id(uncodedFunc).Call(jen.Id("t"), jen.Id("r"))))),
		withDoc(uncodedFunc+" is Classify for a response that no coded row of table t matches: its "+
			"message rows, then, for a response without a code, the rows keyed by status alone.",
			jen.Func().Id(uncodedFunc).Params(jen.Id("t").Id("Table"), jen.Id("r").Id("Response")).Params(jen.Id("Entry"), jen.Qual(runtimePkg, "Class")).Block(
				jen.Var().Id("e").Id("Entry"),
				jen.Switch(jen.Id("t")).BlockFunc(func(g *jen.Group) {
					for _, t := range p.Tables {
						if body := uncodedCase(t); len(body) > 0 {
							g.Case(jen.Id(t.ConstName)).Block(body...)
						}
					}
				}),
				jen.Return(jen.Id("e"), settle(jen.Id("e").Dot("Class").Call())))),
		withDoc("ClassifyHTTP classifies a whole HTTP response against table t. codeField and "+
			"messageField name the JSON fields of the body that hold the code and the message, as "+
			"dotted paths from the top of the body (\"code\", \"error.code\", \"errors.0.code\"; see "+
			"codebookimpl.BodyFields); a body that is not JSON, or a path that leads nowhere, leaves the "+
			"response without a code, classified by its status alone.",
			jen.Func().Id("ClassifyHTTP").Params(jen.Id("t").Id("Table"), jen.Id("status").Int(),
				jen.Id("header").Qual(httpPkg, "Header"), jen.Id("body").Index().Byte(),
				jen.List(jen.Id("codeField"), jen.Id("messageField")).String()).Id("Result").Block(
				jen.Id("r").Op(":=").Id("DecodeResponse").Call(jen.Id("status"), jen.Id("body"), jen.Id("codeField"), jen.Id("messageField")),
				jen.List(jen.Id("e"), jen.Id("class")).Op(":=").Id("Classify").Call(jen.Id("t"), jen.Id("r")),
				jen.Return(jen.Qual(runtimePkg+"/codebookimpl", "FromHTTP").Call(jen.Id("Result").Values(jen.Dict{
					jen.Id("Table"): jen.Id("t"), jen.Id("Entry"): jen.Id("e"), jen.Id("Class"): jen.Id("class"),
					jen.Id("Code"): jen.Id("r").Dot("Code"), jen.Id("HasCode"): jen.Id("r").Dot("HasCode"),
					jen.Id("Message"): jen.Id("r").Dot("Message"),
				}), jen.Id("status"), jen.Id("header"), jen.Id("body"), jen.Id("e").Dot("RetryAfter").Call())))),
		withDoc("DecodeResponse reads the code and message fields of a JSON body. A code that cannot "+
			"be read counts as no code.",
			jen.Func().Id("DecodeResponse").Params(jen.Id("status").Int(), jen.Id("body").Index().Byte(),
				jen.List(jen.Id("codeField"), jen.Id("messageField")).String()).Id("Response").Block(
				jen.List(jen.Id("raw"), jen.Id("msg"), jen.Id("_")).Op(":=").Qual(runtimePkg+"/codebookimpl", "BodyFields").Call(
					jen.Id("body"), jen.Id("codeField"), jen.Id("messageField")),
				jen.Id("r").Op(":=").Id("Response").Values(jen.Dict{jen.Id("Status"): jen.Id("status"), jen.Id("Message"): jen.Id("msg")}),
				jen.If(jen.Id("raw").Op("!=").Nil().Op("&&").Id("r").Dot("Code").Dot("UnmarshalJSON").Call(jen.Id("raw")).Op("==").Nil()).Block(
					jen.Id("r").Dot("HasCode").Op("=").True()),
				jen.Return(jen.Id("r")))),
	}
}

// uncodedFunc is the function Classify ends in when no coded row matches.
const uncodedFunc = "classifyUncoded"

// uncodedCase is the case of table t in classifyUncoded: its message rows,
// each returning its row and class at once; then, for a response without a
// code, the rows keyed by status alone, whose class is read last.
//
//	case TableTransact:
//		switch {
//		case r.Status == 404 && codebookimpl.MatchMessage(r.Message, "..."):
//			return TransactNotFound, codebook.Class{...}
//		}
//		if r.HasCode {
//			break // an undocumented code is uncertain
//		}
//		e = matchStatusTransact(r.Status)
func uncodedCase(t *model.Table) []jen.Code {
	var body []jen.Code
	if msgRows := messageRows(t); len(msgRows) > 0 {
		body = append(body, jen.Switch().BlockFunc(func(g *jen.Group) {
			for _, e := range msgRows {
				g.Case(messageCond(e)).Return(jen.Id(e.ConstName), classExpr(e.Class))
			}
		}))
	}
	if needsStatusMatcher(t) {
		// A code no row documents is uncertain: the status alone must
		// not turn it into a documented failure or success.
		body = append(body, jen.If(jen.Id("r").Dot("HasCode")).Block(jen.Break()),
			jen.Id("e").Op("=").Id("matchStatus"+t.GoName).Call(jen.Id("r").Dot("Status")))
	}
	return body
}

// codeSwitch is the lookup of a table's coded rows by code, inside its
// case of Classify's switch on the table, which only a response with a code
// reaches. Each row returns its entry and its class literal at once, so a
// documented code costs one call, as a hand-written switch does:
//
//	switch r.Code {
//	case 1:
//		return TopupSuccess, codebookimpl.Settle(codebook.Class{...}, r.Status)
//	}
func codeSwitch(l *lines, p *model.Provider, coded []*model.Entry) {
	l.WriteString("\t\t\tswitch r.Code {\n")
	for _, e := range coded {
		l.WriteString("\t\t\tcase ")
		l.code(p, e.Code)
		l.WriteString(":\n\t\t\t\treturn " + e.ConstName + ", ")
		l.settledClass(e.Class)
		l.WriteByte('\n')
	}
	l.WriteString("\t\t\t}\n")
}

// settle wraps a class in codebookimpl.Settle, which makes a success or
// pending class uncertain under a status other than 2xx.
func settle(class jen.Code) jen.Code {
	return jen.Qual(runtimePkg+"/codebookimpl", "Settle").Call(class, jen.Id("r").Dot("Status"))
}

// needsSettle reports whether Settle can change c: the runtime's own rule,
// asked with a status that is not 2xx, so a row whose class Settle leaves
// alone returns its literal bare.
func needsSettle(c codebook.Class) bool {
	return codebookimpl.Settle(c, 0) != c
}

// classExpr is the class of a row as Classify returns it, as jennifer code.
func classExpr(c codebook.Class) jen.Code {
	lit := jen.Qual(runtimePkg, "Class").Values(
		jen.Id("Category").Op(":").Qual(runtimePkg, "Category"+exportedEnum(c.Category.String())),
		jen.Id("Fault").Op(":").Qual(runtimePkg, "Fault"+exportedEnum(c.Fault.String())),
		jen.Id("Outcome").Op(":").Qual(runtimePkg, "Outcome"+exportedEnum(c.Outcome.String())),
		jen.Id("Retry").Op(":").Qual(runtimePkg, "Retry"+exportedEnum(c.Retry.String())))
	if needsSettle(c) {
		return settle(lit)
	}
	return lit
}

// settledClass appends the class of a row as Classify returns it, on one
// line, as classExpr spells it.
func (l *lines) settledClass(c codebook.Class) {
	settled := needsSettle(c)
	if settled {
		l.WriteString("codebookimpl.Settle(")
	}
	l.WriteString("codebook.Class{Category: codebook.Category" + exportedEnum(c.Category.String()) +
		", Fault: codebook.Fault" + exportedEnum(c.Fault.String()) +
		", Outcome: codebook.Outcome" + exportedEnum(c.Outcome.String()) +
		", Retry: codebook.Retry" + exportedEnum(c.Retry.String()) + "}")
	if settled {
		l.WriteString(", r.Status)")
	}
}

// messageCond is the condition under which a body message selects e.
func messageCond(e *model.Entry) jen.Code {
	var conds []jen.Code
	for _, tpl := range e.Templates {
		args := []jen.Code{jen.Id("r").Dot("Message")}
		for _, part := range tpl.Parts {
			args = append(args, jen.Lit(part))
		}
		conds = append(conds, jen.Qual(runtimePkg+"/codebookimpl", "MatchMessage").Call(args...))
	}
	msg := jen.Add(conds[0])
	for _, c := range conds[1:] {
		msg = msg.Op("||").Add(c)
	}
	if e.HTTP == 0 {
		return msg
	}
	return jen.Id("r").Dot("Status").Op("==").Lit(e.HTTP).Op("&&").Parens(msg)
}

// matchStatus emits the lookup of a table's status-only rows, which ends
// in its fallback's lookup.
func matchStatus(t *model.Table) jen.Code {
	last := jen.Return(jen.Lit(0))
	if t.Fallback != nil && hasStatusRows(t.Fallback) {
		last = jen.Return(jen.Id("matchStatus" + t.Fallback.GoName).Call(jen.Id("status")))
	}
	var body []jen.Code
	if hasStatusRows(t) {
		body = append(body, jen.Switch(jen.Id("status")).BlockFunc(func(g *jen.Group) {
			for _, e := range statusRows(t) {
				g.Case(jen.Lit(e.HTTP)).Return(jen.Id(e.ConstName))
			}
		}))
	}
	return jen.Func().Id("matchStatus" + t.GoName).Params(jen.Id("status").Int()).Id("Entry").Block(append(body, last)...)
}

// needsStatusMatcher reports whether t has rows keyed by status alone, or a
// fallback that has.
func needsStatusMatcher(t *model.Table) bool {
	return hasStatusRows(t) || t.Fallback != nil && hasStatusRows(t.Fallback)
}

func codedRows(t *model.Table) []*model.Entry {
	return filter(t.Entries, func(e *model.Entry) bool { return e.HasCode })
}

func messageRows(t *model.Table) []*model.Entry {
	return filter(t.Entries, func(e *model.Entry) bool { return !e.HasCode && len(e.Templates) > 0 })
}

// statusRows are the rows keyed by status alone; the first row of a status wins.
func statusRows(t *model.Table) []*model.Entry {
	seen := map[int]bool{}
	return filter(t.Entries, func(e *model.Entry) bool {
		ok := !e.HasCode && len(e.Templates) == 0 && e.HTTP != 0 && !seen[e.HTTP]
		seen[e.HTTP] = seen[e.HTTP] || ok
		return ok
	})
}

func hasStatusRows(t *model.Table) bool { return len(statusRows(t)) > 0 }

func filter(entries []*model.Entry, keep func(*model.Entry) bool) []*model.Entry {
	var out []*model.Entry
	for _, e := range entries {
		if keep(e) {
			out = append(out, e)
		}
	}
	return out
}
