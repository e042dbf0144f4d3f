package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// valueTypes says which of the value types of client_values.go a package
// uses.
type valueTypes struct {
	date     bool // some schema has format: date
	nullable bool // some field is optional and nullable
}

// values finds the value types the package's types and operations use.
func (e *emitter) values() valueTypes {
	var v valueTypes
	see := func(tr *model.TypeRef) {
		for i := 0; tr != nil && i < 64; i++ {
			v.date = v.date || tr.Kind == model.RefDate
			tr = tr.Elem
		}
	}
	for _, t := range e.api.Types {
		see(t.Elem)
		see(t.Extra)
		if t.Enum != nil {
			see(&t.Enum.Base)
		}
		for _, fl := range t.Fields {
			see(&fl.Type)
			v.nullable = v.nullable || fl.Wrapped
		}
		for _, vr := range t.Variants {
			see(&vr.Type)
		}
	}
	for _, op := range e.api.Operations {
		for _, p := range op.Params {
			see(&p.Type)
		}
		see(op.SuccessType)
		if op.Body != nil {
			see(&op.Body.Type)
		}
		for _, r := range op.Responses {
			see(r.Type)
		}
	}
	return v
}

// valuesFile declares Date and Nullable, each when the package uses it.
func valuesFile(f *jen.File, v valueTypes) {
	if v.date {
		genDate(f)
	}
	if v.nullable {
		genNullable(f)
	}
}
