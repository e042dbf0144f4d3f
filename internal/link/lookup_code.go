package link

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/model"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// bodyCodes checks the keys that read a code or a status out of a body
// beyond x-codebook.code and message:
//   - lookup.code and lookup.not_found come together; lookup.code is a
//     property of a documented response body of the lookup operation; each
//     not_found code is the code of a not_found row of the operation's
//     table or of the lookup's (Click Airtime 235 "Transaction not found");
//   - status_code is a property of a documented response body.
//
// Dotted paths are not judged here (fields' path checks cover the shapes
// of code and message).
func (c *checker) bodyCodes(pos diag.Pos, name string, op *oapimodel.Operation, byID map[string]*oapimodel.Operation) {
	cb := op.Codebook
	if cb.StatusCode != "" {
		c.bodyProperty(pos, name, "status_code", cb.StatusCode, op)
	}
	lk := cb.Lookup
	if lk == nil || lk.Code == "" && len(lk.NotFound) == 0 {
		return
	}
	switch {
	case lk.Code == "":
		c.problems.Addf(pos, "%s: x-codebook.lookup.not_found needs lookup.code, the field of the lookup's body holding the code", name)
		return
	case len(lk.NotFound) == 0:
		c.problems.Addf(pos, "%s: x-codebook.lookup.code %q reads nothing without lookup.not_found; list the codes that answer \"no such transaction\", or remove lookup.code", name, lk.Code)
		return
	}
	target := byID[lk.Operation]
	if target != nil {
		c.bodyProperty(pos, name, "lookup.code", lk.Code, target)
	}
	c.notFoundCodes(pos, name, cb, target)
}

// bodyProperty checks that field (a plain name) is a property of at least
// one documented response body of op, unless a body may hold anything.
func (c *checker) bodyProperty(pos diag.Pos, name, key, field string, op *oapimodel.Operation) {
	if strings.Contains(field, ".") {
		return
	}
	var declared []string
	for _, r := range op.Responses {
		if r.Type == nil {
			continue
		}
		fields, shape := bodyShape(*r.Type)
		switch {
		case shape == shapeOpaque, slices.Contains(fields, field):
			return
		}
		declared = append(declared, fields...)
	}
	slices.Sort(declared)
	c.problems.Addf(pos, "%s: x-codebook.%s %q is not a property of any documented response body of %s; "+
		"name the body field (the bodies declare %s), or add it to the response schemas",
		name, key, field, opName(op), list(slices.Compact(declared)))
}

// notFoundCodes checks that each lookup.not_found code is documented as a
// not-found: a row with that code and category not_found in the
// operation's table or the lookup operation's.
func (c *checker) notFoundCodes(pos diag.Pos, name string, cb *oapimodel.Codebook, target *oapimodel.Operation) {
	p := c.providers[cb.Provider]
	if p == nil {
		return // reported by operation
	}
	var tables []*model.Table
	for _, id := range []string{cb.Table, lookupTable(target)} {
		if t := p.Table(id); t != nil && !slices.Contains(tables, t) {
			tables = append(tables, t)
		}
	}
	for _, code := range cb.Lookup.NotFound {
		if e := codeRow(tables, code); e == nil || e.Class.Category != codebook.CategoryNotFound {
			c.problems.Addf(pos, "%s: x-codebook.lookup.not_found %q is not the code of a not_found row of %s; "+
				"list only codes %s documents as \"no such transaction\" (category not_found)",
				name, code, tableList(tables), c.where())
		}
	}
}

// lookupTable is the table id of the lookup operation, "" when unknown.
func lookupTable(op *oapimodel.Operation) string {
	if op == nil || op.Codebook == nil {
		return ""
	}
	return op.Codebook.Table
}

// codeRow returns the row of tables with code, compared as written or as
// integers ("235" and 235).
func codeRow(tables []*model.Table, code string) *model.Entry {
	for _, t := range tables {
		for _, e := range t.Entries {
			if e != nil && e.HasCode && sameCode(e.Code, code) {
				return e
			}
		}
	}
	return nil
}

func sameCode(a, b string) bool {
	if a == b {
		return true
	}
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	return errA == nil && errB == nil && x == y
}

// tableList names tables in a message: `"topup", "transaction_errors"`.
func tableList(tables []*model.Table) string {
	if len(tables) == 0 {
		return "(no table)"
	}
	ids := make([]string, len(tables))
	for i, t := range tables {
		ids[i] = fmt.Sprintf("%q", t.ID)
	}
	return "tables " + strings.Join(ids, ", ")
}
