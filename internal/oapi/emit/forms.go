package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genFormEncoder declares oapiForm for a struct sent as a form body:
// scalars as text, lists as one pair per element, anything else as JSON.
//
//	func (v Pet) oapiForm(call *apiclient.Call) url.Values {
//		form := url.Values{}
//		form.Set("name", apiclient.Str[string](v.Name))
//		return form
//	}
func genFormEncoder(f *jen.File, t *model.Type) {
	body := []jen.Code{jen.Id("form").Op(":=").Qual(pkgURL, "Values").Values()}
	for _, fl := range t.Fields {
		value, pointer := jen.Id("v").Dot(fl.Name), fl.Pointer
		if fl.Wrapped { // a form has no null: a Nullable's value, when it has one
			value, pointer = value.Dot("Ptr").Call(), true
		}
		body = append(body, setValue(valueSpec{
			target: jen.Id("form"), name: fl.JSONName, value: value,
			tr: fl.Type, pointer: pointer, nilable: !fl.Required && !fl.Wrapped && fl.Type.IsNil(), explode: true,
		}))
	}
	body = append(body, jen.Return(jen.Id("form")))
	decl(f, []string{"oapiForm encodes the fields as form values."},
		jen.Func().Params(jen.Id("v").Id(t.Name)).Id("oapiForm").Params(jen.Id("call").Op("*").Qual(pkgRT, "Call")).Qual(pkgURL, "Values").Block(body...))
}
