package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// addLookupCode adds the lookup's code field and its not-found codes to the
// LookupRule being spelled, when the spec names them:
//
//	Code: "code", NotFound: []string{"235"},
func addLookupCode(rule jen.Dict, lk *model.Lookup) {
	if lk.Code == "" {
		return
	}
	codes := make([]jen.Code, 0, len(lk.NotFound))
	for _, c := range lk.NotFound {
		codes = append(codes, jen.Lit(c))
	}
	rule[jen.Id("Code")] = jen.Lit(lk.Code)
	rule[jen.Id("NotFound")] = jen.Index().String().Values(codes...)
}

// addLookupBody adds the response's first bytes to the LookupAnswer being
// spelled when the lookup has a code field to read in them:
//
//	Body: rr.Snippet,
func addLookupBody(answer jen.Dict, lk *model.Lookup) {
	if lk.Code != "" {
		answer[jen.Id("Body")] = jen.Id("rr").Dot("Snippet")
	}
}

// bodyStatusStmts spells, when the spec names the body's own status field
// (x-codebook.status_code), the comparison of the status it states with the
// response's: a disagreement makes the result uncertain.
//
//	rr = codebookimpl.SettleBodyStatus(rr, r.body, "statusCode")
func bodyStatusStmts(cb *model.Codebook) []jen.Code {
	if cb.StatusCode == "" {
		return nil
	}
	return []jen.Code{jen.Id("rr").Op("=").Qual(pkgCodebook+"/codebookimpl", "SettleBodyStatus").Call(jen.Id("rr"), jen.Id("r").Dot("Body"), jen.Lit(cb.StatusCode))}
}
