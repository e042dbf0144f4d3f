package link

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// reach is what a body type says of a dotted path into it.
type reach int

const (
	reachMissing reach = iota // the path leads nowhere in this type
	reachFound                // every segment names a declared property or an array element
	reachOpaque               // the path enters raw JSON, a map, a union or additionalProperties
)

// pathVerdict is the result of following a dotted path through a type:
// where it stops when it leads nowhere, and why.
type pathVerdict struct {
	reach reach
	at    string   // the path up to the segment that failed
	why   string   // what is there instead
	names []string // the properties declared where it failed, for the message
}

// badPathSyntax says what is wrong with a dotted path as written, or "".
// The runtime (codebookimpl.BodyFields) splits at every dot, so an empty
// segment can only name an empty property: almost surely a typo.
func badPathSyntax(path string) string {
	if slices.Contains(strings.Split(path, "."), "") {
		return "has an empty segment; write a dotted path such as error.code or errors.0.code"
	}
	return ""
}

// followPath follows path, split at dots, through a response body of type
// tr as codebookimpl.BodyFields reads it: the body must be an object, each
// segment names a property of an object or, in canonical decimal, an
// element of an array.
func followPath(tr oapimodel.TypeRef, path string) pathVerdict {
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		at := strings.Join(segs[:i+1], ".")
		next, v := step(tr, seg, i == 0)
		if v.reach != reachFound {
			v.at = at
			return v
		}
		tr = next
	}
	return pathVerdict{reach: reachFound}
}

// step follows one segment from a value of type tr. top says tr is the
// body itself, which BodyFields reads only when it is an object.
func step(tr oapimodel.TypeRef, seg string, top bool) (oapimodel.TypeRef, pathVerdict) {
	tr, opaque := unalias(tr)
	if opaque {
		return tr, pathVerdict{reach: reachOpaque}
	}
	switch {
	case tr.Kind == oapimodel.RefNamed && tr.Named.Kind == oapimodel.KindStruct:
		return member(tr.Named, seg)
	case tr.Kind == oapimodel.RefSlice && !top:
		if !isIndex(seg) {
			return tr, pathVerdict{why: fmt.Sprintf("indexes an array with %q: use a number such as 0", seg)}
		}
		return *tr.Elem, pathVerdict{reach: reachFound}
	case tr.Kind == oapimodel.RefSlice:
		return tr, pathVerdict{why: "is in a body that is an array, not an object"}
	}
	return tr, pathVerdict{why: fmt.Sprintf("goes through a %s, not an object", describe(tr))}
}

// member follows a property of a struct type.
func member(t *oapimodel.Type, seg string) (oapimodel.TypeRef, pathVerdict) {
	var names []string
	for _, f := range t.Fields {
		if f.JSONName == seg {
			return f.Type, pathVerdict{reach: reachFound}
		}
		names = append(names, f.JSONName)
	}
	if t.Extra != nil {
		return oapimodel.TypeRef{}, pathVerdict{reach: reachOpaque}
	}
	return oapimodel.TypeRef{}, pathVerdict{why: "is not a declared property", names: names}
}

// unalias follows named aliases and slices to the type a path step sees,
// and says whether that type is one whose properties the IR cannot show.
func unalias(tr oapimodel.TypeRef) (oapimodel.TypeRef, bool) {
	seen := map[*oapimodel.Type]bool{}
	for {
		switch tr.Kind {
		case oapimodel.RefRaw, oapimodel.RefMap:
			return tr, true
		case oapimodel.RefNamed:
		default:
			return tr, false
		}
		t := tr.Named
		if t == nil || seen[t] {
			return tr, true
		}
		seen[t] = true
		switch t.Kind {
		case oapimodel.KindStruct, oapimodel.KindEnum:
			return tr, false
		case oapimodel.KindAlias, oapimodel.KindSlice:
			if t.Elem == nil {
				return tr, true
			}
			if t.Kind == oapimodel.KindSlice {
				return oapimodel.SliceOf(*t.Elem), false
			}
			tr = *t.Elem
		default: // map, union, raw
			return tr, true
		}
	}
}

// describe names a type that has no properties, for messages.
func describe(tr oapimodel.TypeRef) string {
	if tr.Kind == oapimodel.RefNamed && tr.Named.Kind == oapimodel.KindEnum {
		return "string enum " + tr.Named.Name
	}
	return tr.String()
}

// isIndex reports whether seg is an array index as BodyFields reads one:
// digits in canonical form.
func isIndex(seg string) bool {
	n, err := strconv.Atoi(seg)
	return err == nil && n >= 0 && strconv.Itoa(n) == seg && seg[0] != '+'
}
