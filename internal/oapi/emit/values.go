package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// textFunc returns the helper giving the text form of values of a scalar
// type, instantiated for that type (apiclient.Str[PetStatus]), and whether the
// type has one.
func textFunc(tr model.TypeRef) (*jen.Statement, bool) {
	u := underlying(tr)
	if u.Kind == model.RefNamed && u.Named.Kind == model.KindEnum {
		u = u.Named.Enum.Base
	}
	var name string
	switch {
	case u.Kind == model.RefTime:
		return jen.Qual(pkgRT, "Time"), true
	case u.Kind == model.RefDate:
		return jen.Qual(pkgRT, "Date").Dot("String"), true
	case u.Kind != model.RefBuiltin:
		return nil, false
	case u.Builtin == "string":
		name = "Str"
	case u.Builtin == "int32" || u.Builtin == "int64":
		name = "Int"
	case u.Builtin == "float32" || u.Builtin == "float64":
		name = "Float"
	default:
		name = "Bool"
	}
	return jen.Qual(pkgRT, name).Index(typeExpr(tr)), true
}

// listElem returns the element type when tr is a list (directly or as a
// declared slice type).
func listElem(tr model.TypeRef) (model.TypeRef, bool) {
	u := underlying(tr)
	switch {
	case u.Kind == model.RefSlice:
		return *u.Elem, true
	case u.Kind == model.RefNamed && u.Named.Kind == model.KindSlice:
		return *u.Named.Elem, true
	}
	return model.TypeRef{}, false
}

// valueSpec describes one name=value pair to write into url.Values (query,
// form) or an http.Header: where, under which name, from which Go value.
type valueSpec struct {
	target  *jen.Statement // the url.Values or http.Header
	name    string
	value   *jen.Statement // the Go expression holding the value
	tr      model.TypeRef
	pointer bool // value is a pointer: skip when nil
	nilable bool // value is an optional slice, map or raw JSON: skip when nil
	explode bool // lists as one pair per element
	json    bool // send the JSON encoding (the spec's content: application/json)
}

// setValue spells the statement writing one value.
func setValue(s valueSpec) jen.Code {
	if s.json {
		return guard(s, jen.Add(s.target.Clone()).Dot("Set").Call(jen.Lit(s.name), jen.Id("call").Dot("JSONText").Call(s.value.Clone())))
	}
	if elem, ok := listElem(s.tr); ok {
		return setList(s, elem)
	}
	text, ok := textFunc(s.tr)
	if !ok {
		return guard(s, jen.Add(s.target.Clone()).Dot("Set").Call(jen.Lit(s.name), jen.Id("call").Dot("ParamText").Call(s.value.Clone())))
	}
	v := s.value.Clone()
	if s.pointer {
		v = jen.Op("*").Add(v)
	}
	return guard(s, jen.Add(s.target.Clone()).Dot("Set").Call(jen.Lit(s.name), text.Call(v)))
}

// setList spells the statement writing a list value.
func setList(s valueSpec, elem model.TypeRef) jen.Code {
	text, ok := textFunc(elem)
	if !ok {
		return guard(s, jen.Add(s.target.Clone()).Dot("Set").Call(jen.Lit(s.name), jen.Id("call").Dot("ParamText").Call(s.value.Clone())))
	}
	if s.explode {
		return jen.Qual(pkgRT, "AddEach").Call(s.target.Clone(), jen.Lit(s.name), s.value.Clone(), text)
	}
	return jen.If(jen.Len(s.value.Clone()).Op(">").Lit(0)).Block(
		jen.Add(s.target.Clone()).Dot("Set").Call(jen.Lit(s.name), jen.Qual(pkgRT, "Join").Call(s.value.Clone(), text)))
}

// guard wraps stmt in `if value != nil` when the value is a pointer or an
// optional nil-able value.
func guard(s valueSpec, stmt *jen.Statement) jen.Code {
	if !s.pointer && !s.nilable {
		return stmt
	}
	return jen.If(s.value.Clone().Op("!=").Nil()).Block(stmt)
}

// textExpr spells the text form of a scalar value or list of scalars, and
// paramText (JSON, strings unquoted) for anything else.
func textExpr(tr model.TypeRef, value *jen.Statement) *jen.Statement {
	if elem, ok := listElem(tr); ok {
		if text, ok := textFunc(elem); ok {
			return jen.Qual(pkgRT, "Join").Call(value, text)
		}
	}
	if text, ok := textFunc(tr); ok {
		return text.Call(value)
	}
	return jen.Id("call").Dot("ParamText").Call(value)
}
