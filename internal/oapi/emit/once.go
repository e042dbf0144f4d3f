package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// onceFields says how the 2xx body of an operation classified with a code
// table is decoded once: into the known fields of its model, whose code,
// message and stated-status fields (nil when the x-codebook extension names
// none) then classify it.
type onceFields struct {
	model                 *model.Type
	code, message, status *model.Field
}

// once returns how op's 2xx body is decoded once, nil when the operation
// takes the general path: its 2xx body is not a plain object model keeping
// raw extra properties, a 2xx status may come without a body, or a
// classified property is nested, undeclared, of a type whose decoded value
// does not say what ClassifyHTTP reads from the body, or clashes with
// another property's name in case.
func (e *emitter) once(op *model.Operation) *onceFields {
	if !e.codebook(op) || op.SuccessRaw || op.SuccessType == nil || op.SuccessType.Kind != model.RefNamed {
		return nil
	}
	t := op.SuccessType.Named
	if t.Kind != model.KindStruct || t.Union != nil || (t.Extra != nil && t.Extra.Kind != model.RefRaw) || hasEmpty2xx(op) {
		return nil
	}
	of := &onceFields{model: t}
	var ok [3]bool
	of.code, ok[0] = onceField(t, op.Codebook.Code, codeFieldOK)
	of.message, ok[1] = onceField(t, op.Codebook.Message, messageFieldOK)
	of.status, ok[2] = onceField(t, op.Codebook.StatusCode, statusFieldOK)
	if !ok[0] || !ok[1] || !ok[2] {
		return nil
	}
	return of
}

// hasEmpty2xx reports whether the spec documents a 2xx status of op without
// a body.
func hasEmpty2xx(op *model.Operation) bool {
	for _, r := range op.Responses {
		if r.Code/100 == 2 && r.Type == nil && r.ContentType == "" {
			return true
		}
	}
	return false
}

// onceField finds the field of t holding the top-level property name, when
// its type suits (accept). An empty name needs no field; any other that no
// field declares, a dotted path, a name whose case variant cannot be
// spelled, or another field named like it but for case, does not suit.
func onceField(t *model.Type, name string, accept func(*model.Field) bool) (*model.Field, bool) {
	if name == "" {
		return nil, true
	}
	if !plainName(name) {
		return nil, false
	}
	var found *model.Field
	for _, fl := range t.Fields {
		switch {
		case fl.JSONName == name:
			found = fl
		case strings.EqualFold(fl.JSONName, name) || fl.JSONName == foldVariant(name):
			return nil, false
		}
	}
	if found == nil || found.Wrapped || !accept(found) {
		return nil, false
	}
	return found, true
}

// plainName reports whether name is made of ASCII letters, digits, '_' and
// '-' only, so that it and its case variant are valid JSON tag names.
func plainName(name string) bool {
	for _, c := range name {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return name != ""
}

// foldVariant spells name in another case (upper, else lower), "" when it
// has no letters: encoding/json then matches it exactly only.
func foldVariant(name string) string {
	if v := strings.ToUpper(name); v != name {
		return v
	}
	if v := strings.ToLower(name); v != name {
		return v
	}
	return ""
}

// codeFieldOK accepts a code field whose decoded value gives back what the
// code's UnmarshalJSON reads: an optional union (it keeps the JSON as
// received) or an optional string (a JSON string, re-encoded).
func codeFieldOK(fl *model.Field) bool {
	if !fl.Pointer {
		return false
	}
	switch fl.Type.Kind {
	case model.RefNamed:
		return fl.Type.Named.Kind == model.KindUnion
	case model.RefBuiltin:
		return fl.Type.Builtin == "string"
	}
	return false
}

// messageFieldOK accepts a string message field: absent or null leave it
// empty, as ClassifyHTTP leaves the message, and any other value but a
// string fails the decode.
func messageFieldOK(fl *model.Field) bool {
	return fl.Type.Kind == model.RefBuiltin && fl.Type.Builtin == "string"
}

// statusFieldOK accepts an optional integer field for the stated status.
func statusFieldOK(fl *model.Field) bool {
	return fl.Pointer && fl.Type.Kind == model.RefBuiltin && (fl.Type.Builtin == "int64" || fl.Type.Builtin == "int32")
}

// onceName is the name of the function decoding op's 2xx body once.
func onceName(op *model.Operation) string { return "oapiOnce" + op.Name }

// onceCall spells the first statement of the response handling of an
// operation decoding its 2xx body once: the general path follows.
//
//	if out, rr, ok := oapiOnceTopUp(c.rt, r); ok {
//		return out, rr, rr.Err()
//	}
func onceCall(op *model.Operation) jen.Code {
	return jen.If(jen.List(jen.Id("out"), jen.Id("rr"), jen.Id("ok")).Op(":=").Id(onceName(op)).Call(jen.Id("c").Dot("rt"), jen.Id("r")), jen.Id("ok")).Block(
		jen.Return(jen.Id("out"), jen.Id("rr"), jen.Id("rr").Dot("Err").Call()))
}

// genOnce declares the function decoding op's 2xx body once.
func (e *emitter) genOnce(f *jen.File, op *model.Operation, of *onceFields) {
	var fields []string
	for _, fl := range []*model.Field{of.code, of.message, of.status} {
		if fl != nil {
			fields = append(fields, fl.JSONName)
		}
	}
	text := fmt.Sprintf("%s decodes the 2xx body of a %s response once, in one pass, into the known fields of %s, and classifies it from its %s as %s (and the check of the stated status) would from the body. ok is false, for the general path to take the response, for any other status, a client built WithExtraFields, a body that is not one JSON object or does not decode, or one with a property the model does not name exactly (the general path keeps it; encoding/json would fill a field from a name in another case, %s would not read it), a name written with an escape or given twice.",
		onceName(op), op.Name, of.model.Name, joinAnd(fields), e.api.Codes.ClassifyHTTP, e.api.Codes.ClassifyHTTP)
	result := jen.Id(e.api.Codes.Result)
	decl(f, wrap(sanitize(text), wrapColumn), jen.Func().Id(onceName(op)).
		Params(jen.Id("c").Op("*").Add(rt("Client")), jen.Id("r").Op("*").Add(rt("Response"))).
		Params(jen.Id("out").Op("*").Id(of.model.Name), jen.Id("rr").Add(result), jen.Id("ok").Bool()).
		Block(e.onceBody(op, of)...))
}

// onceBody spells the body of the function decoding op's 2xx body once.
func (e *emitter) onceBody(op *model.Operation, of *onceFields) []jen.Code {
	codes, table := e.api.Codes, jen.Id(op.Codebook.TableConst)
	out := []jen.Code{
		jen.If(jen.Op("!").Add(rt("Success")).Call(jen.Id("r").Dot("Status")).Op("||").Id("c").Dot("ExtraFields").Call()).Block(jen.Return(jen.Nil(), jen.Id("rr"), jen.False())),
		jen.Id("out").Op("=").New(jen.Id(of.model.Name)),
		jen.If(jen.Op("!").Qual(pkgCodebook+"/codebookimpl", "JSONMembers").Call(jen.Id("r").Dot("Body"), onceMember(of.model))).Block(
			jen.Return(jen.Nil(), jen.Id("rr"), jen.False())),
		jen.Id("resp").Op(":=").Id(codes.Response).Values(jen.Dict{jen.Id("Status"): jen.Id("r").Dot("Status")}),
	}
	out = append(out, onceMessage(of.message)...)
	out = append(out, onceCode(of.code)...)
	out = append(out,
		jen.List(jen.Id("e"), jen.Id("class")).Op(":=").Id(codes.Classify).Call(table.Clone(), jen.Id("resp")),
		jen.Id("rr").Op("=").Qual(pkgCodebook+"/codebookimpl", "FromHTTP").Call(jen.Id(codes.Result).Values(jen.Dict{
			jen.Id("Class"): jen.Id("class"), jen.Id("Code"): jen.Id("resp").Dot("Code"), jen.Id("Entry"): jen.Id("e"),
			jen.Id("HasCode"): jen.Id("resp").Dot("HasCode"), jen.Id("Message"): jen.Id("resp").Dot("Message"), jen.Id("Table"): table.Clone(),
		}), jen.Id("r").Dot("Status"), jen.Id("r").Dot("Header"), jen.Id("r").Dot("Body"), jen.Id("e").Dot("RetryAfter").Call()))
	if of.status != nil {
		out = append(out, jen.If(jen.Op("!").Add(rt("StatesStatus")).Call(jen.Id("out").Dot(of.status.Name), jen.Id("r").Dot("Status"))).Block(
			jen.Id("rr").Dot("Class").Op("=").Qual(pkgCodebook, "Unknown").Call()))
	}
	return append(out, jen.Return(jen.Id("out"), jen.Id("rr"), jen.True()))
}

// onceMember spells the function handing each member of the body to the
// field of t its name spells exactly; any other name refuses the body.
//
//	func(name, v []byte) bool {
//		switch string(name) {
//		case "message":
//			return codebookimpl.DecodeMember(v, &out.Message)
//		}
//		return false
//	}
func onceMember(t *model.Type) jen.Code {
	var cases []jen.Code
	for _, fl := range t.Fields {
		decode := "DecodeMember"
		if fl.Pointer && !fl.Wrapped && fl.Type.Kind == model.RefNamed && fl.Type.Named.Kind == model.KindUnion {
			decode = "DecodeUnmarshaler" // a union's pointer decodes itself
		}
		cases = append(cases, jen.Case(jen.Lit(fl.JSONName)).Block(
			jen.Return(jen.Qual(pkgCodebook+"/codebookimpl", decode).Call(jen.Id("v"), jen.Op("&").Id("out").Dot(fl.Name)))))
	}
	return jen.Func().Params(jen.List(jen.Id("name"), jen.Id("v")).Index().Byte()).Bool().Block(
		jen.Switch(jen.String().Parens(jen.Id("name"))).Block(cases...),
		jen.Return(jen.False()))
}

// onceMessage spells taking the message from its field.
func onceMessage(fl *model.Field) []jen.Code {
	if fl == nil {
		return nil
	}
	v := jen.Id("out").Dot(fl.Name)
	if !fl.Pointer {
		return []jen.Code{jen.Id("resp").Dot("Message").Op("=").Add(v)}
	}
	return []jen.Code{jen.If(v.Clone().Op("!=").Nil()).Block(jen.Id("resp").Dot("Message").Op("=").Op("*").Add(v.Clone()))}
}

// onceCode spells taking the code from its field, as DecodeResponse takes
// it from the body: a code that does not decode counts as no code.
func onceCode(fl *model.Field) []jen.Code {
	if fl == nil {
		return nil
	}
	v := jen.Id("out").Dot(fl.Name)
	raw := v.Clone().Dot("raw")
	if fl.Type.Kind == model.RefBuiltin {
		raw = rt("JSONString").Call(jen.Op("*").Add(v.Clone()))
	}
	return []jen.Code{jen.If(v.Clone().Op("!=").Nil().Op("&&").Id("resp").Dot("Code").Dot("UnmarshalJSON").Call(raw).Op("==").Nil()).Block(
		jen.Id("resp").Dot("HasCode").Op("=").True())}
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
