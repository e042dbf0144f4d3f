// Package link checks the x-codebook links between OpenAPI operations and
// the code tables of codes.yaml: that each operation names a provider and a
// table that exist, that every HTTP status it documents is one its table
// (or the table's fallback) knows, and that its lookup and reference point
// at things the spec declares. Each problem carries the file:line:col of the
// operation's x-codebook extension and says what to change.
package link

import (
	"fmt"
	"slices"
	"strings"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/model"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// Check returns every broken x-codebook link of apis against spec, sorted
// by position. Operations without x-codebook are not checked.
//
// The checks, for each operation with x-codebook:
//   - provider is a provider id of spec, and table a table id of it;
//   - every exact numeric response status the operation documents is the
//     http of a row of the table or of a table on its fallback chain
//     (ranges such as 4XX and default are not checked);
//   - code and message, when set, are properties declared by at least one
//     documented response body (an object schema); an operation with a body
//     the IR cannot see into (raw JSON, union, map) is not judged;
//   - lookup.operation is an operationId of the same API, and lookup.param
//     one of that operation's parameters;
//   - reference.field is a property of the request body, when the body is an
//     object schema (through allOf/alias chains the IR flattens); a body the
//     IR does not expose as an object is not checked;
//   - lookup.code and lookup.not_found come together, each not_found code is
//     a not_found row's, and status_code and lookup.code are properties of a
//     documented response body (bodyCodes).
//   - lookup.records, reference_field and status resolve in the lookup's 2xx
//     body to a list of records and text fields of a record, and statuses
//     lists only values the status field's enum allows (lookupPaths).
func Check(spec *model.Spec, apis []*oapimodel.API) []diag.Problem {
	c := &checker{providers: map[string]*model.Provider{}}
	if spec != nil {
		c.codes = spec.Path
		for _, p := range spec.Providers {
			c.providers[p.ID] = p
		}
	}
	for _, api := range apis {
		if api == nil {
			continue
		}
		byID := map[string]*oapimodel.Operation{}
		for _, op := range api.Operations {
			if op.ID != "" {
				byID[op.ID] = op
			}
		}
		for _, op := range api.Operations {
			if op.Codebook != nil {
				c.operation(api, op, byID)
			}
		}
	}
	return c.problems.Problems()
}

type checker struct {
	codes     string // path of the codes file, for messages
	providers map[string]*model.Provider
	problems  diag.List
}

// where names the codes file in messages.
func (c *checker) where() string {
	if c.codes == "" {
		return "codes.yaml"
	}
	return c.codes
}

func (c *checker) operation(api *oapimodel.API, op *oapimodel.Operation, byID map[string]*oapimodel.Operation) {
	cb := op.Codebook
	pos := diagPos(cb.Pos, op.Pos)
	name := opName(op)
	c.lookup(pos, name, cb, byID)
	c.reference(pos, name, op)
	c.inFlight(pos, name, cb, byID)
	c.fields(pos, name, op)
	c.bodyCodes(pos, name, op, byID)

	p := c.providers[cb.Provider]
	if p == nil {
		c.problems.Addf(pos, "%s: x-codebook.provider %q is not a provider of %s; use one of %s, or add the provider to %s",
			name, cb.Provider, c.where(), list(providerIDs(c.providers)), c.where())
		return
	}
	t := p.Table(cb.Table)
	if t == nil {
		c.problems.Addf(pos, "%s: x-codebook.table %q is not a table of provider %q; use one of %s, or add the table to %s",
			name, cb.Table, p.ID, list(tableIDs(p)), c.where())
		return
	}
	c.statuses(pos, name, op, t)
}

// statuses checks that each documented exact status is known by the table
// or its fallback chain.
func (c *checker) statuses(pos diag.Pos, name string, op *oapimodel.Operation, t *model.Table) {
	chain := fallbackChain(t)
	for _, r := range op.Responses {
		if r.Code == 0 {
			continue
		}
		if knows(chain, r.Code) {
			continue
		}
		c.problems.Addf(pos, "%s documents HTTP %d, but %s has no row with http: %d; add such a row to %s "+
			"(to table %q or its fallback), or remove the %d response if the provider never sends it",
			name, r.Code, describeChain(chain), r.Code, c.where(), t.ID, r.Code)
	}
}

// lookup checks that lookup.operation and lookup.param exist and that
// lookup.statuses map to outcomes.
func (c *checker) lookup(pos diag.Pos, name string, cb *oapimodel.Codebook, byID map[string]*oapimodel.Operation) {
	lk := cb.Lookup
	if lk == nil {
		return
	}
	c.lookupStatuses(pos, name, lk)
	if lk.Operation == "" {
		c.problems.Addf(pos, "%s: x-codebook.lookup has no operation; set lookup.operation to the operationId of the transaction lookup", name)
		return
	}
	target := byID[lk.Operation]
	if target == nil {
		c.problems.Addf(pos, "%s: x-codebook.lookup.operation %q is not an operationId of this spec; use one of %s",
			name, lk.Operation, list(sortedKeys(byID)))
		return
	}
	c.lookupPaths(pos, name, lk, target)
	var params []string
	for _, p := range target.Params {
		if p.Name == lk.Param {
			return
		}
		params = append(params, p.Name)
	}
	if len(params) == 0 {
		c.problems.Addf(pos, "%s: x-codebook.lookup.param %q: operation %q takes no parameters; add the parameter that takes the reference to %q",
			name, lk.Param, lk.Operation, lk.Operation)
		return
	}
	c.problems.Addf(pos, "%s: x-codebook.lookup.param %q is not a parameter of operation %q; use one of %s",
		name, lk.Param, lk.Operation, list(params))
}

// lookupStatuses checks that every lookup status maps to an outcome, and
// that statuses come with the status field they are read from.
func (c *checker) lookupStatuses(pos diag.Pos, name string, lk *oapimodel.Lookup) {
	if len(lk.Statuses) > 0 && lk.Status == "" {
		c.problems.Addf(pos, "%s: x-codebook.lookup.statuses needs lookup.status, the field of a lookup record holding its status", name)
	}
	if lk.Status != "" && lk.ReferenceField == "" {
		c.problems.Addf(pos, "%s: x-codebook.lookup.status needs lookup.reference_field, the field of a lookup record holding the reference, so that another transaction's record is never read as this one's", name)
	}
	if strings.Contains(lk.Status, ".") || strings.Contains(lk.ReferenceField, ".") {
		c.problems.Addf(pos, "%s: x-codebook.lookup.status and reference_field name fields of one record; put the path to the list of records in lookup.records", name)
	}
	for _, value := range sortedKeys(lk.Statuses) {
		if _, err := codebook.ParseOutcome(lk.Statuses[value]); err != nil {
			c.problems.Addf(pos, "%s: x-codebook.lookup.statuses[%q]: %v", name, value, err)
		}
	}
}

// inFlight checks that in_flight names an operation of the spec and the
// field of its answer that says a transaction is in progress.
func (c *checker) inFlight(pos diag.Pos, name string, cb *oapimodel.Codebook, byID map[string]*oapimodel.Operation) {
	in := cb.InFlight
	if in == nil {
		return
	}
	if byID[in.Operation] == nil {
		c.problems.Addf(pos, "%s: x-codebook.in_flight.operation %q is not an operationId of this spec; use one of %s",
			name, in.Operation, list(sortedKeys(byID)))
	}
	if in.Pending == "" {
		c.problems.Addf(pos, "%s: x-codebook.in_flight has no pending; set it to the boolean field of the check's answer that is true while a transaction is in progress", name)
	}
	if cb.Reference != nil && cb.Reference.Deduplicated {
		c.problems.Addf(pos, "%s: x-codebook.in_flight is for a provider that does not refuse a reused reference; remove it or reference.deduplicated", name)
	}
}

// reference checks that reference.field is a property of the request body.
func (c *checker) reference(pos diag.Pos, name string, op *oapimodel.Operation) {
	ref := op.Codebook.Reference
	if ref == nil {
		return
	}
	if ref.Field == "" {
		c.problems.Addf(pos, "%s: x-codebook.reference has no field; set reference.field to the request body property holding the idempotency reference", name)
		return
	}
	if ref.Header != "" && !hasStringHeader(op, ref.Header) {
		c.problems.Addf(pos, "%s: x-codebook.reference.header %q is not a string header parameter of the operation; declare it under parameters (in: header, schema type string)", name, ref.Header)
	}
	if op.Body == nil {
		c.problems.Addf(pos, "%s: x-codebook.reference.field %q, but the operation has no request body; remove reference or document the body", name, ref.Field)
		return
	}
	fields, shape := bodyShape(op.Body.Type)
	if shape != shapeObject {
		return // the IR does not expose the body's properties
	}
	if !slices.Contains(fields, ref.Field) {
		c.problems.Addf(pos, "%s: x-codebook.reference.field %q is not a property of the request body; use one of %s",
			name, ref.Field, list(fields))
	}
}

// hasStringHeader reports whether op declares the string header
// parameter name (letter case ignored, as in HTTP), which the generated
// Transaction fills with the reference.
func hasStringHeader(op *oapimodel.Operation, name string) bool {
	for _, p := range op.Params {
		if p.In == oapimodel.InHeader && strings.EqualFold(p.Name, name) &&
			p.Type.Kind == oapimodel.RefBuiltin && p.Type.Builtin == "string" {
			return true
		}
	}
	return false
}

// fields checks that code and message, dotted paths into the response body
// ("responseCode", "error.code", "errors.0.code"), lead to a property
// declared by at least one documented response body. Bodies whose
// properties the IR cannot show (raw JSON, unions, maps, additional
// properties) might hold it, so a path that enters one is not judged.
func (c *checker) fields(pos diag.Pos, name string, op *oapimodel.Operation) {
	cb := op.Codebook
	for _, f := range []struct{ key, field string }{{"code", cb.Code}, {"message", cb.Message}} {
		if f.field == "" {
			continue
		}
		if bad := badPathSyntax(f.field); bad != "" {
			c.problems.Addf(pos, "%s: x-codebook.%s %q %s", name, f.key, f.field, bad)
			continue
		}
		if miss, missing := c.missingPath(op, f.field); missing {
			c.problems.Addf(pos, "%s: x-codebook.%s %s; name the body field that holds the %s "+
				"(a dotted path such as error.code or errors.0.code), or add it to the response schemas",
				name, f.key, miss, f.key)
		}
	}
}

// missingPath reports whether path leads nowhere in every documented
// response body, and then says where it stops in the body it goes furthest
// into.
func (c *checker) missingPath(op *oapimodel.Operation, path string) (string, bool) {
	var misses []pathVerdict
	for _, r := range op.Responses {
		if r.Type == nil {
			continue
		}
		v := followPath(*r.Type, path)
		if v.reach != reachMissing {
			return "", false
		}
		misses = append(misses, v)
	}
	if len(misses) == 0 {
		return "", false // no response documents a body
	}
	best := misses[0]
	for _, v := range misses[1:] {
		if len(v.at) > len(best.at) {
			best = v
		}
	}
	var declared []string
	for _, v := range misses {
		if v.at == best.at {
			declared = append(declared, v.names...)
		}
	}
	slices.Sort(declared)
	declared = slices.Compact(declared)
	if !strings.Contains(path, ".") {
		return fmt.Sprintf("%q is not a property of any documented response body (the bodies declare %s)",
			path, list(declared)), true
	}
	msg := fmt.Sprintf("%q is in no documented response body: %q %s", path, best.at, best.why)
	if len(declared) > 0 {
		msg += " (there, the bodies declare " + list(declared) + ")"
	}
	return msg, true
}

// shape is what the IR shows of a body type.
type shape int

const (
	shapeOther  shape = iota // array or scalar: has no properties
	shapeObject              // object with known properties
	shapeOpaque              // raw JSON, union or map: may hold anything
)

// bodyShape returns the JSON property names of an object type, following
// aliases, and the type's shape.
func bodyShape(tr oapimodel.TypeRef) ([]string, shape) {
	seen := map[*oapimodel.Type]bool{}
	for {
		switch tr.Kind {
		case oapimodel.RefRaw, oapimodel.RefMap:
			return nil, shapeOpaque
		case oapimodel.RefNamed:
		default:
			return nil, shapeOther
		}
		t := tr.Named
		if t == nil || seen[t] {
			return nil, shapeOpaque
		}
		seen[t] = true
		switch t.Kind {
		case oapimodel.KindStruct:
			names := make([]string, 0, len(t.Fields))
			for _, f := range t.Fields {
				names = append(names, f.JSONName)
			}
			return names, shapeObject
		case oapimodel.KindAlias:
			if t.Elem == nil {
				return nil, shapeOpaque
			}
			tr = *t.Elem
		case oapimodel.KindSlice, oapimodel.KindEnum:
			return nil, shapeOther
		default: // map, union, raw
			return nil, shapeOpaque
		}
	}
}

// fallbackChain returns t followed by its fallbacks, stopping at a cycle.
func fallbackChain(t *model.Table) []*model.Table {
	var chain []*model.Table
	for ; t != nil && !slices.Contains(chain, t); t = t.Fallback {
		chain = append(chain, t)
	}
	return chain
}

// knows reports whether a table of the chain has a row with that status.
func knows(chain []*model.Table, status int) bool {
	for _, t := range chain {
		for _, e := range t.Entries {
			if e != nil && e.HTTP == status {
				return true
			}
		}
	}
	return false
}

// describeChain names the tables consulted: `table "x" (and its fallback "y")`.
func describeChain(chain []*model.Table) string {
	s := fmt.Sprintf("table %q", chain[0].ID)
	if len(chain) > 1 {
		var ids []string
		for _, t := range chain[1:] {
			ids = append(ids, fmt.Sprintf("%q", t.ID))
		}
		s += " (and its fallback " + strings.Join(ids, ", ") + ")"
	}
	return s
}

func tableIDs(p *model.Provider) []string {
	var ids []string
	for _, t := range p.Tables {
		ids = append(ids, t.ID)
	}
	return ids
}

func providerIDs(m map[string]*model.Provider) []string { return sortedKeys(m) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// list formats names for a message: "a, b, c", or "(none)".
func list(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}

// opName names an operation in messages: "operation transact (POST /transact)".
func opName(op *oapimodel.Operation) string {
	if op.ID != "" {
		return fmt.Sprintf("operation %s (%s %s)", op.ID, op.Method, op.Path)
	}
	return fmt.Sprintf("operation %s %s", op.Method, op.Path)
}

// diagPos converts the extension's position, or the operation's when the
// extension has none.
func diagPos(p, fallback oapimodel.Pos) diag.Pos {
	if p.Line == 0 && fallback.Line != 0 {
		p = fallback
	}
	return diag.Pos{File: p.File, Line: p.Line, Col: p.Col}
}
