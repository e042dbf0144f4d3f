package server

import (
	"slices"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// knownProps lists, sorted and once each, the JSON property names of every
// struct type reachable from tr: the names encoding/json would also match
// in another case.
func knownProps(tr model.TypeRef) []string {
	var out []string
	seen := map[*model.Type]bool{}
	var walk func(model.TypeRef)
	walk = func(tr model.TypeRef) {
		if tr.Elem != nil {
			walk(*tr.Elem)
		}
		t := tr.Named
		if tr.Kind != model.RefNamed || t == nil || seen[t] {
			return
		}
		seen[t] = true
		for _, f := range t.Fields {
			out = append(out, f.JSONName)
			walk(f.Type)
		}
		for _, next := range []*model.TypeRef{t.Extra, t.Elem} {
			if next != nil {
				walk(*next)
			}
		}
		for _, v := range t.Variants {
			walk(v.Type)
		}
	}
	walk(tr)
	slices.Sort(out)
	return slices.Compact(out)
}
