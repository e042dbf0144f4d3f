package emit

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// lookupAccess is a lookup's paths resolved in the lookup operation's 2xx
// body type: the list of records (or the body as the one record) and the
// record's reference and status fields. link.Check has refused paths that
// do not resolve; a path the emitter cannot follow gets a Records that
// reads none, which leaves every lookup inconclusive, never a guess.
type lookupAccess struct {
	body    model.TypeRef // the lookup's 2xx body
	pointer bool          // the body is returned as *T
	steps   []pathStep    // to the list; none when the body is the record
	record  model.TypeRef // a record's type
	ref     *model.Field  // the record's reference field
	status  *model.Field  // the record's status field
}

// pathStep is one segment of a path through decoded Go values: a struct
// field, or an element of a slice.
type pathStep struct {
	field *model.Field // nil for an index
	index string
}

// resolveLookup resolves lk in the 2xx body of the lookup operation; nil
// when the spec names no status field or a path does not resolve.
func resolveLookup(lk *model.Lookup, lookup *model.Operation) *lookupAccess {
	if lk.Status == "" || lookup.SuccessType == nil || lookup.SuccessRaw {
		return nil
	}
	a := &lookupAccess{body: *lookup.SuccessType, pointer: returnsPointer(*lookup.SuccessType), record: *lookup.SuccessType}
	if lk.Records != "" {
		tr := a.body
		for _, seg := range strings.Split(lk.Records, ".") {
			next, st, ok := goStep(tr, seg)
			if !ok {
				return nil
			}
			a.steps, tr = append(a.steps, st), next
		}
		elem, ok := sliceElem(tr)
		if !ok {
			return nil
		}
		a.record = elem
	}
	rec := structType(a.record)
	if rec == nil {
		return nil
	}
	a.ref, a.status = fieldNamed(rec, lk.ReferenceField), fieldNamed(rec, lk.Status)
	if a.status == nil || !textual(a.status.Type) || a.ref != nil && !textual(a.ref.Type) {
		return nil
	}
	return a
}

// goStep follows one path segment from a value of type tr.
func goStep(tr model.TypeRef, seg string) (model.TypeRef, pathStep, bool) {
	if t := structType(tr); t != nil {
		f := fieldNamed(t, seg)
		if f == nil {
			return tr, pathStep{}, false
		}
		return f.Type, pathStep{field: f}, true
	}
	if elem, ok := sliceElem(tr); ok && seg != "" && strings.Trim(seg, "0123456789") == "" {
		return elem, pathStep{index: seg}, true
	}
	return tr, pathStep{}, false
}

// sliceElem returns the element type of a slice type, through aliases.
func sliceElem(tr model.TypeRef) (model.TypeRef, bool) {
	tr = underlying(tr)
	switch {
	case tr.Kind == model.RefSlice:
		return *tr.Elem, true
	case tr.Kind == model.RefNamed && tr.Named.Kind == model.KindSlice && tr.Named.Elem != nil:
		return *tr.Named.Elem, true
	}
	return tr, false
}

// fieldNamed returns t's field that goes out as name.
func fieldNamed(t *model.Type, name string) *model.Field {
	for _, f := range t.Fields {
		if f.JSONName == name {
			return f
		}
	}
	return nil
}

// textual reports whether values of tr read as text: strings, numbers and
// enums of them.
func textual(tr model.TypeRef) bool {
	return textKind(tr) != ""
}

// textKind says how a value of tr becomes text: "string", "int", "float",
// or "" when it cannot.
func textKind(tr model.TypeRef) string {
	tr = underlying(tr)
	if tr.Kind == model.RefNamed && tr.Named.Kind == model.KindEnum && tr.Named.Enum != nil {
		tr = underlying(tr.Named.Enum.Base)
	}
	if tr.Kind != model.RefBuiltin {
		return ""
	}
	switch tr.Builtin {
	case "string":
		return "string"
	case "int32", "int64", "int":
		return "int"
	case "float32", "float64":
		return "float"
	}
	return ""
}

// lookupText spells v, a value of type tr, as a string.
func lookupText(tr model.TypeRef, v jen.Code) jen.Code {
	switch textKind(tr) {
	case "int":
		return jen.Qual("strconv", "FormatInt").Call(jen.Int64().Call(v), jen.Lit(10))
	case "float":
		return jen.Qual("strconv", "FormatFloat").Call(jen.Float64().Call(v), jen.LitRune('f'), jen.Lit(-1), jen.Lit(64))
	}
	if tr.Kind == model.RefBuiltin {
		return v
	}
	return jen.String().Call(v)
}

// lookupRuleName is the Go name of the Client method that returns op's
// lookup rule: TopUpLookupRule.
func lookupRuleName(op *model.Operation) string { return op.Name + "LookupRule" }

// lookupRuleDoc documents the rule function of s.
func lookupRuleDoc(s safeOp, a *lookupAccess) []string {
	lk := s.op.Codebook.Lookup
	lines := []string{
		fmt.Sprintf("%s is how the engine reads a %s answer after an unknown outcome of %s", lookupRuleName(s.op), s.lookup.Name, s.op.Name),
		"(x-codebook lookup, checked against the answer's schema when generating).",
	}
	if a == nil {
		return append(lines, "The spec names no status field to read: the answer's own classification says it all.")
	}
	where := "The answer is the one record"
	if lk.Records != "" {
		where = "The records are the list at " + lk.Records + " (an empty list is a not-found)"
	}
	ref := "; no field names its reference, so no record is taken as ours"
	if a.ref != nil {
		ref = "; ours is the one whose " + lk.ReferenceField + " is the reference looked up"
	}
	return append(lines, where+ref+";", "its "+lk.Status+" gives the outcome, and a value the spec does not list is uncertain.")
}

// lookupRuleFunc spells the Client method returning the typed lookup rule
// of s, which its Transaction's Lookup reads answers with; it uses no
// field of the Client, so a nil *Client gives it too.
func lookupRuleFunc(s safeOp, found *jen.Statement) jen.Code {
	lk := s.op.Codebook.Lookup
	a := resolveLookup(lk, s.lookup)
	ruleType := jen.Qual(pkgCodebook+"/engine", "LookupRule").Types(found)
	rule := jen.Dict{jen.Id("Statuses"): statusesMap(lk.Statuses)}
	addLookupCode(rule, lk)
	var body []jen.Code
	switch {
	case a != nil:
		body = append(body, jen.Id("record").Op(":=").Add(recordFunc(a)))
		rule[jen.Id("Records")] = recordsFunc(a, lk.Records, found)
	case lk.Status != "":
		// A status the linker could not resolve (it reports it): no record
		// is read, and the answer's success is not taken for the status's.
		rule[jen.Id("Records")] = jen.Func().Params(found, jen.Index().Byte()).
			Params(jen.Index().Qual(pkgCodebook+"/engine", "LookupRecord"), jen.Bool()).Block(jen.Return(jen.Nil(), jen.False()))
	}
	body = append(body, jen.Return(ruleType.Clone().Values(rule)))
	return jen.Func().Params(jen.Op("*").Id("Client")).Id(lookupRuleName(s.op)).Params().Add(ruleType).Block(body...)
}

// statusesMap spells the status values' outcomes, sorted.
func statusesMap(statuses map[string]string) jen.Code {
	dict := jen.Dict{}
	for _, v := range slices.Sorted(maps.Keys(statuses)) {
		dict[jen.Lit(v)] = jen.Qual(pkgCodebook, "Outcome"+outcomeName(statuses[v]))
	}
	return jen.Map(jen.String()).Qual(pkgCodebook, "Outcome").Values(dict)
}

// recordFunc spells the reader of one record: its reference and status as
// text, and whether it holds either.
//
//	func(item Transaction) (rec engine.LookupRecord, held bool) {
//		if v := item.ExtRefID; v != nil { rec.Reference, held = *v, true }
//		if v := item.State; v != nil { rec.Status, rec.HasStatus = *v, true }
//		return rec, held || rec.HasStatus
//	}
func recordFunc(a *lookupAccess) jen.Code {
	var body []jen.Code
	if a.ref != nil {
		body = append(body, readField(a.ref, jen.Id("rec").Dot("Reference"), jen.Id("held")))
	}
	body = append(body, readField(a.status, jen.Id("rec").Dot("Status"), jen.Id("rec").Dot("HasStatus")),
		jen.Return(jen.Id("rec"), jen.Id("held").Op("||").Id("rec").Dot("HasStatus")))
	return jen.Func().Params(jen.Id("item").Add(typeExpr(a.record))).
		Params(jen.Id("rec").Qual(pkgCodebook+"/engine", "LookupRecord"), jen.Id("held").Bool()).Block(body...)
}

// readField spells reading field f of item into text and setting has when
// the record holds it: a pointer that is not nil, a Nullable that is set
// to a value, an optional value that is not zero (omitempty drops it), a
// required value always.
func readField(f *model.Field, text, has *jen.Statement) jen.Code {
	field := jen.Id("item").Dot(f.Name)
	set := jen.List(text, has).Op("=")
	switch {
	case f.Wrapped:
		return jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(field).Dot("Get").Call(), jen.Id("ok")).
			Block(set.Clone().List(lookupText(f.Type, jen.Id("v")), jen.True()))
	case f.Pointer:
		return jen.If(jen.Id("v").Op(":=").Add(field), jen.Id("v").Op("!=").Nil()).
			Block(set.Clone().List(lookupText(f.Type, jen.Op("*").Id("v")), jen.True()))
	case f.OmitEmpty():
		zero := jen.Lit("")
		if textKind(f.Type) != "string" {
			zero = jen.Lit(0)
		}
		return jen.If(jen.Id("v").Op(":=").Add(field), jen.Id("v").Op("!=").Add(zero)).
			Block(set.Clone().List(lookupText(f.Type, jen.Id("v")), jen.True()))
	}
	return set.Clone().List(lookupText(f.Type, field), jen.True())
}

// recordsFunc spells the rule's Records: the list reached through the
// decoded answer, nil-safe at every step; a list the value does not hold is
// read in the body for an empty one (engine.EmptyListAt). Without a list
// path the answer is the one record, when it holds a reference or status.
func recordsFunc(a *lookupAccess, path string, found *jen.Statement) jen.Code {
	results := []jen.Code{jen.Index().Qual(pkgCodebook+"/engine", "LookupRecord"), jen.Bool()}
	none := jen.Return(jen.Nil(), jen.False())
	var body []jen.Code
	value := jen.Id("out")
	if a.pointer {
		body = append(body, jen.If(jen.Id("out").Op("==").Nil()).Block(none))
	}
	if len(a.steps) == 0 {
		rec := value
		if a.pointer {
			rec = jen.Op("*").Id("out")
		}
		body = append(body,
			jen.List(jen.Id("rec"), jen.Id("held")).Op(":=").Id("record").Call(rec),
			jen.If(jen.Op("!").Id("held")).Block(none),
			jen.Return(jen.Index().Qual(pkgCodebook+"/engine", "LookupRecord").Values(jen.Id("rec")), jen.True()))
		return jen.Func().Params(jen.Id("out").Add(found), jen.Id("_").Index().Byte()).Params(results...).Block(body...)
	}
	body = append(body, listStmts(a.steps, path)...)
	body = append(body,
		jen.Id("recs").Op(":=").Make(jen.Index().Qual(pkgCodebook+"/engine", "LookupRecord"), jen.Lit(0), jen.Len(jen.Id("list"))),
		jen.For(jen.List(jen.Id("_"), jen.Id("item")).Op(":=").Range().Id("list")).Block(
			jen.List(jen.Id("rec"), jen.Id("_")).Op(":=").Id("record").Call(jen.Id("item")),
			jen.Id("recs").Op("=").Append(jen.Id("recs"), jen.Id("rec"))),
		jen.Return(jen.Id("recs"), jen.True()))
	return jen.Func().Params(jen.Id("out").Add(found), jen.Id("body").Index().Byte()).Params(results...).Block(body...)
}

// listStmts spells reaching the list through steps from out, each nil or
// short value on the way meaning no list, and the list itself missing
// meaning "read the body":
//
//	list := out.Data
//	if list == nil { return nil, engine.EmptyListAt(body, "data") }
func listStmts(steps []pathStep, path string) []jen.Code {
	none := jen.Return(jen.Nil(), jen.False())
	var stmts []jen.Code
	cur := jen.Id("out")
	for i, st := range steps {
		last := i == len(steps)-1
		if st.field == nil {
			stmts = append(stmts, jen.If(jen.Len(cur.Clone()).Op("<=").Lit(atoi(st.index))).Block(none))
			cur = cur.Clone().Index(jen.Lit(atoi(st.index)))
			continue
		}
		cur = cur.Clone().Dot(st.field.Name)
		if st.field.Wrapped {
			cur = cur.Clone().Dot("Ptr").Call()
		}
		if (st.field.Pointer || st.field.Wrapped) && !last {
			stmts = append(stmts, jen.If(cur.Clone().Op("==").Nil()).Block(none))
		}
	}
	last := steps[len(steps)-1].field
	if last != nil && (last.Pointer || last.Wrapped) {
		stmts = append(stmts, jen.Id("p").Op(":=").Add(cur),
			jen.If(jen.Id("p").Op("==").Nil()).Block(jen.Return(jen.Nil(), emptyListAt(path))),
			jen.Id("list").Op(":=").Op("*").Id("p"))
		return stmts
	}
	return append(stmts, jen.Id("list").Op(":=").Add(cur),
		jen.If(jen.Id("list").Op("==").Nil()).Block(jen.Return(jen.Nil(), emptyListAt(path))))
}

// emptyListAt spells engine.EmptyListAt(body, path).
func emptyListAt(path string) jen.Code {
	return jen.Qual(pkgCodebook+"/engine", "EmptyListAt").Call(jen.Id("body"), jen.Lit(path))
}

// atoi reads an index the path check has accepted as digits.
func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}
