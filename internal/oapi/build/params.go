package build

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// params builds the operation's parameters. Path parameters are always
// required; parameters whose type cannot be written as text (objects,
// unions) are sent as their JSON encoding (a JSON string unquoted), with a
// warning unless the spec asks for JSON itself (content: application/json).
func (b *builder) params(op *model.Operation, list []*openapi3.Parameter, at site) {
	for _, p := range list {
		if pm := b.param(p, at); pm != nil {
			op.Params = append(op.Params, pm)
		}
	}
}

// param builds one parameter, or nil when its name is empty or its
// location unknown.
func (b *builder) param(p *openapi3.Parameter, at site) *model.Param {
	pos := b.doc.Pos(p.Origin)
	if p.Name == "" {
		b.warn(pos, "parameter without a name; left out")
		return nil
	}
	in := model.ParamIn(p.In)
	switch in {
	case model.InPath, model.InQuery, model.InHeader, model.InCookie:
	default:
		b.warn(pos, "parameter %q is in %q, which is not path, query, header or cookie; left out", p.Name, p.In)
		return nil
	}
	pm := &model.Param{
		Name: p.Name, In: in, Required: p.Required || in == model.InPath, Doc: p.Description,
		Pos: pos, Deprecated: p.Deprecated, Explode: explode(p),
	}
	child := at.child(p.Name, "parameters/"+string(in)+"/"+escapeKey(p.Name))
	pm.Type, pm.JSON = b.paramType(p, child)
	if !pm.JSON && !textual(pm.Type) {
		b.warn(pos, "parameter %q has no plain text form; sent as its JSON encoding, a string unquoted", p.Name)
	}
	return pm
}

// paramType types a parameter from its schema or, failing that, from the
// schema of its first content entry (always sent as JSON).
func (b *builder) paramType(p *openapi3.Parameter, at site) (model.TypeRef, bool) {
	if p.Schema != nil {
		return b.ref(p.Schema, at), false
	}
	for _, ct := range sortedKeys(p.Content) {
		if mt := p.Content[ct]; mt != nil {
			return b.ref(mt.Schema, at), true
		}
	}
	return model.Builtin("string"), false
}

// explode returns the parameter's explode setting, defaulting by style:
// form (query, cookie) explodes, simple (path, header) does not.
func explode(p *openapi3.Parameter) bool {
	if p.Explode != nil {
		return *p.Explode
	}
	switch p.Style {
	case "form":
		return true
	case "":
		return p.In == "query" || p.In == "cookie"
	}
	return false
}

// textual reports whether values of tr have a plain text form: scalars,
// times, enums and aliases of those, and slices of them.
func textual(tr model.TypeRef) bool { return textualAt(tr, 0) }

// maxDepth bounds walks along alias chains, which may still hold cycles.
const maxDepth = 32

func textualAt(tr model.TypeRef, depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch tr.Kind {
	case model.RefBuiltin, model.RefTime, model.RefDate:
		return true
	case model.RefSlice:
		return tr.Elem.Kind != model.RefSlice && textualAt(*tr.Elem, depth+1)
	case model.RefNamed:
		return namedTextual(tr.Named, depth+1)
	}
	return false
}

// namedTextual is textual for a declared type.
func namedTextual(t *model.Type, depth int) bool {
	switch t.Kind {
	case model.KindEnum:
		return true
	case model.KindAlias:
		return t.Elem != nil && textualAt(*t.Elem, depth)
	case model.KindSlice:
		return t.Elem != nil && t.Elem.Kind != model.RefSlice && textualAt(*t.Elem, depth)
	}
	return false
}
