package emit

import (
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genEnum declares an open enum: a named type over the base type, so that
// values the spec does not list decode and encode unchanged, and one
// constant per listed value.
//
//	type PetStatus string
//	const (
//		// PetStatusSold is the PetStatus "sold".
//		PetStatusSold PetStatus = "sold"
//	)
func genEnum(f *jen.File, t *model.Type) {
	what := fmt.Sprintf("an open enum of %s; values other than the constants below are kept as they are", t.Enum.Base.String())
	decl(f, typeDoc(t, what), jen.Type().Id(t.Name).Add(typeExpr(t.Enum.Base)))
	consts := make([]jen.Code, 0, 2*len(t.Enum.Values))
	for _, v := range t.Enum.Values {
		consts = append(consts, comments([]string{fmt.Sprintf("%s is the %s %s.", v.Name, t.Name, quotedValue(v.Value))})...)
		consts = append(consts, jen.Id(v.Name).Id(t.Name).Op("=").Add(constLit(v.Value)))
	}
	decl(f, []string{fmt.Sprintf("The values of %s the spec lists.", t.Name)}, jen.Const().Defs(consts...))
}

// quotedValue spells an enum value for a comment.
func quotedValue(v any) string {
	if s, ok := v.(string); ok {
		return quoted(s)
	}
	return sanitize(fmt.Sprint(v))
}

// constLit spells an enum value as an untyped constant.
func constLit(v any) jen.Code {
	if n, ok := v.(int64); ok {
		return jen.Op(strconv.FormatInt(n, 10))
	}
	return jen.Lit(v)
}
