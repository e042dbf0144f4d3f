package build

import (
	"fmt"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// extraField is the name of the field holding additionalProperties.
const extraField = "AdditionalProperties"

// structMethods are the methods a generated struct may have; fields must
// not take their names.
var structMethods = []string{"MarshalJSON", "UnmarshalJSON", "String"}

// resolveMembers names struct fields, union accessors and parameter fields.
func (b *builder) resolveMembers() {
	for t := range b.naming {
		switch t.Kind {
		case model.KindStruct:
			nameFields(t)
		case model.KindUnion:
			labelVariants(t)
		}
	}
	for _, op := range b.api.Operations {
		nameParams(op)
	}
}

// nameFields names the fields of a struct, the additionalProperties field
// first, then properties in (candidate, JSON name) order.
func nameFields(t *model.Type) {
	scope := naming.NewScope(structMethods...)
	if t.Extra != nil {
		t.ExtraField = scope.Claim(extraField)
	}
	reqs := make([]naming.Request, len(t.Fields))
	for i, f := range t.Fields {
		reqs[i] = naming.Request{Key: f.JSONName, Candidate: naming.Field(f.JSONName)}
	}
	for i, n := range scope.Assign(reqs) {
		t.Fields[i].Name = n
	}
	if t.Union != nil {
		t.UnionField = scope.Claim(unionField(*t.Union))
	}
}

// unionField is the wanted name of the field holding the union an allOf
// merges with properties: the name of a component union, else "Union".
func unionField(tr model.TypeRef) string {
	if tr.Kind == model.RefNamed && tr.Named.Ref != "" {
		return tr.Named.Name
	}
	return "Union"
}

// labelVariants gives each union member a unique accessor label.
func labelVariants(t *model.Type) {
	reqs := make([]naming.Request, len(t.Variants))
	for i, v := range t.Variants {
		reqs[i] = naming.Request{Key: fmt.Sprintf("%09d", i), Candidate: naming.Variant(v.Type.String())}
	}
	for i, n := range naming.NewScope().Assign(reqs) {
		t.Variants[i].Label = n
	}
}

// nameParams names the fields of an operation's parameter struct.
func nameParams(op *model.Operation) {
	reqs := make([]naming.Request, len(op.Params))
	for i, p := range op.Params {
		reqs[i] = naming.Request{Key: string(p.In) + ":" + p.Name, Candidate: naming.Field(p.Name)}
	}
	for i, n := range naming.NewScope().Assign(reqs) {
		op.Params[i].Field = n
	}
}
