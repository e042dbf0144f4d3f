package link

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// lookupPaths checks the paths of lk against the 2xx body of target, the
// lookup operation, as the generated accessor will read them: lookup.records
// leads to a list of records (or, when empty, the body is the one record),
// reference_field and status are properties of a record holding text (a
// string, a number or an enum of them), and every value of statuses is one
// the status field's enum allows, when it has one. lookup.code, a dotted
// path, leads somewhere in a documented response body of target. Each
// problem says where the path stopped and what is declared there.
func (c *checker) lookupPaths(pos diag.Pos, name string, lk *oapimodel.Lookup, target *oapimodel.Operation) {
	if lk.Code != "" && strings.Contains(lk.Code, ".") {
		c.lookupCodePath(pos, name, lk.Code, target)
	}
	if lk.Status == "" || strings.Contains(lk.Status, ".") || strings.Contains(lk.ReferenceField, ".") {
		return // nothing to read, or reported by lookupStatuses
	}
	if target.SuccessType == nil || target.SuccessRaw {
		c.problems.Addf(pos, "%s: x-codebook.lookup.status %q: operation %q documents no 2xx JSON body to read records from; "+
			"document its 2xx response schema", name, lk.Status, lk.Operation)
		return
	}
	record, where, ok := c.lookupRecord(pos, name, lk, *target.SuccessType)
	if !ok {
		return
	}
	status := c.recordField(pos, name, "status", lk.Status, record, where)
	if lk.ReferenceField != "" {
		c.recordField(pos, name, "reference_field", lk.ReferenceField, record, where)
	}
	if status != nil {
		c.statusEnum(pos, name, lk, *status, where)
	}
}

// lookupRecord follows lookup.records from body to the type of one record;
// where names the record in messages ("a record of data").
func (c *checker) lookupRecord(pos diag.Pos, name string, lk *oapimodel.Lookup, body oapimodel.TypeRef) (oapimodel.TypeRef, string, bool) {
	if lk.Records == "" {
		if _, opaque := unalias(body); !opaque && structOf(body) != nil {
			return body, "the 2xx body of " + lk.Operation, true
		}
		c.problems.Addf(pos, "%s: x-codebook.lookup has no records, so the 2xx body of %s is the one record, but it is %s, not an object; "+
			"set lookup.records to the path of the list of records", name, lk.Operation, describeBody(body))
		return body, "", false
	}
	if bad := badPathSyntax(lk.Records); bad != "" {
		c.problems.Addf(pos, "%s: x-codebook.lookup.records %q %s", name, lk.Records, bad)
		return body, "", false
	}
	end, v := walkPath(body, lk.Records)
	if v.reach != reachFound {
		c.problems.Addf(pos, "%s: x-codebook.lookup.records %q %s", name, lk.Records, stopped(v, lk.Operation))
		return body, "", false
	}
	elem, opaque := unalias(end)
	if opaque || elem.Kind != oapimodel.RefSlice {
		c.problems.Addf(pos, "%s: x-codebook.lookup.records %q is %s in the 2xx body of %s, not a list of records; "+
			"name the array that holds the records", name, lk.Records, describeBody(end), lk.Operation)
		return body, "", false
	}
	return *elem.Elem, "a record of " + lk.Records, true
}

// recordField checks that field is a property of record holding text, and
// returns its type; nil when it is not.
func (c *checker) recordField(pos diag.Pos, name, key, field string, record oapimodel.TypeRef, where string) *oapimodel.TypeRef {
	t := structOf(record)
	if t == nil {
		c.problems.Addf(pos, "%s: x-codebook.lookup.%s %q: %s is %s, not an object with properties; "+
			"point lookup.records at a list of objects", name, key, field, where, describeBody(record))
		return nil
	}
	var names []string
	for _, f := range t.Fields {
		if f.JSONName != field {
			names = append(names, f.JSONName)
			continue
		}
		if !textual(f.Type) {
			c.problems.Addf(pos, "%s: x-codebook.lookup.%s %q is a %s in %s; the field must hold a string, a number or an enum of them",
				name, key, field, describe(f.Type), where)
			return nil
		}
		return &f.Type
	}
	c.problems.Addf(pos, "%s: x-codebook.lookup.%s %q is not a property of %s (%s declares %s)%s",
		name, key, field, where, t.Name, list(names), didYouMean(field, names))
	return nil
}

// statusEnum checks that every status value of lk is one the status
// field's enum allows, when the field is an enum.
func (c *checker) statusEnum(pos diag.Pos, name string, lk *oapimodel.Lookup, status oapimodel.TypeRef, where string) {
	tr, _ := unalias(status)
	if tr.Kind != oapimodel.RefNamed || tr.Named.Kind != oapimodel.KindEnum || tr.Named.Enum == nil {
		return
	}
	var allowed []string
	for _, v := range tr.Named.Enum.Values {
		allowed = append(allowed, enumText(v.Value))
	}
	for _, value := range sortedKeys(lk.Statuses) {
		if !slices.Contains(allowed, value) {
			c.problems.Addf(pos, "%s: x-codebook.lookup.statuses %q is not a value of %s's %s (enum %s allows %s)%s; "+
				"list only values the field can hold",
				name, value, where, lk.Status, tr.Named.Name, list(allowed), didYouMean(value, allowed))
		}
	}
}

// lookupCodePath checks a dotted lookup.code against the documented
// response bodies of target (plain names are bodyProperty's).
func (c *checker) lookupCodePath(pos diag.Pos, name, code string, target *oapimodel.Operation) {
	if bad := badPathSyntax(code); bad != "" {
		c.problems.Addf(pos, "%s: x-codebook.lookup.code %q %s", name, code, bad)
		return
	}
	if miss, missing := c.missingPath(target, code); missing {
		c.problems.Addf(pos, "%s: x-codebook.lookup.code %s of %s; name the field of the lookup's body holding the code",
			name, miss, opName(target))
	}
}

// stopped says where a path that does not resolve stopped, for a message.
func stopped(v pathVerdict, op string) string {
	msg := fmt.Sprintf("does not resolve in the 2xx body of %s: %q", op, v.at)
	if v.reach == reachOpaque {
		return msg + " enters JSON the schema does not type (raw, map, union or additionalProperties), which the generated accessor cannot read; declare its properties"
	}
	msg += " " + v.why
	if len(v.names) > 0 {
		last := v.at[strings.LastIndex(v.at, ".")+1:]
		msg += " (there, the body declares " + list(v.names) + ")" + didYouMean(last, v.names)
	}
	return msg
}

// walkPath follows path through tr as followPath does, and returns the
// type it ends at. Unlike a code's path, a lookup's may enter no opaque
// value: the generated accessor reads typed fields only.
func walkPath(tr oapimodel.TypeRef, path string) (oapimodel.TypeRef, pathVerdict) {
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		next, v := step(tr, seg, i == 0)
		if v.reach != reachFound {
			v.at = strings.Join(segs[:i+1], ".")
			return tr, v
		}
		tr = next
	}
	return tr, pathVerdict{reach: reachFound}
}

// structOf returns the struct type tr names, through aliases; nil when tr
// is none.
func structOf(tr oapimodel.TypeRef) *oapimodel.Type {
	tr, opaque := unalias(tr)
	if opaque || tr.Kind != oapimodel.RefNamed || tr.Named.Kind != oapimodel.KindStruct {
		return nil
	}
	return tr.Named
}

// textual reports whether values of tr read as text: a string, a number,
// or an enum of them.
func textual(tr oapimodel.TypeRef) bool {
	tr, opaque := unalias(tr)
	if opaque {
		return false
	}
	if tr.Kind == oapimodel.RefNamed && tr.Named.Kind == oapimodel.KindEnum && tr.Named.Enum != nil {
		tr = tr.Named.Enum.Base
	}
	if tr.Kind != oapimodel.RefBuiltin {
		return false
	}
	switch tr.Builtin {
	case "string", "int32", "int64", "float32", "float64":
		return true
	}
	return false
}

// describeBody names a type for messages: "an array", "an object", "raw JSON".
func describeBody(tr oapimodel.TypeRef) string {
	un, opaque := unalias(tr)
	switch {
	case opaque:
		return "JSON the schema does not type (raw, map or union)"
	case un.Kind == oapimodel.RefSlice:
		return "an array"
	case un.Kind == oapimodel.RefNamed && un.Named.Kind == oapimodel.KindStruct:
		return "an object"
	}
	return "a " + describe(un)
}

// enumText is an enum value as the spec's statuses write it.
func enumText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// didYouMean suggests the candidate closest to got (a letter case apart,
// or at most two edits), as ` (did you mean "state"?)`; "" when none is.
func didYouMean(got string, candidates []string) string {
	best, dist := "", 3
	for _, c := range candidates {
		d := editDistance(got, c)
		if strings.EqualFold(got, c) {
			d = 0
		}
		if d < dist {
			best, dist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance of a and b, by bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
