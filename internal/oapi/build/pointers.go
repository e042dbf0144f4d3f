package build

import (
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// breakAliasCycles turns aliases that lead back to themselves (A = B,
// B = A) into raw JSON, with a warning: Go rejects such declarations.
func (b *builder) breakAliasCycles() {
	for _, t := range b.sortedBySeq() {
		if t.Kind == model.KindAlias && aliasCycle(t) {
			b.warn(t.Pos, "schema is an alias of itself; typed as raw JSON")
			t.Kind, t.Elem = model.KindRaw, nil
		}
	}
}

// aliasCycle reports whether following t's alias chain returns to t.
func aliasCycle(t *model.Type) bool {
	cur := t
	for i := 0; i <= maxDepth*8; i++ {
		if cur.Kind != model.KindAlias || cur.Elem == nil || cur.Elem.Kind != model.RefNamed {
			return false
		}
		cur = cur.Elem.Named
		if cur == t {
			return true
		}
	}
	return true
}

// decidePointers decides which fields and parameters are pointers:
// optional values whose zero value is not nil and required nullable ones,
// plus required struct fields that would otherwise make a type contain
// itself. Optional nullable fields are Wrapped instead (Nullable[T],
// which holds a pointer), so that absent and null differ.
func (b *builder) decidePointers() {
	types := b.sortedTypes()
	for _, t := range types {
		for _, f := range t.Fields {
			f.Wrapped = !f.Required && f.Nullable
			f.Pointer = !f.Wrapped && !f.Type.IsNil() && (!f.Required || f.Nullable)
		}
	}
	for _, t := range types {
		for _, f := range t.Fields {
			if !f.Pointer && !f.Wrapped && embeds(f.Type, t, map[*model.Type]bool{}) {
				f.Pointer = true
			}
		}
	}
	for _, op := range b.api.Operations {
		for _, p := range op.Params {
			p.Pointer = !p.Required && !p.Type.IsNil()
		}
	}
}

// embeds reports whether a value of tr contains a value of target, through
// struct fields that are not pointers.
func embeds(tr model.TypeRef, target *model.Type, seen map[*model.Type]bool) bool {
	t := structOf(tr)
	if t == nil || seen[t] {
		return false
	}
	if t == target {
		return true
	}
	seen[t] = true
	for _, f := range t.Fields {
		if !f.Pointer && !f.Wrapped && embeds(f.Type, target, seen) {
			return true
		}
	}
	return false
}

// structOf returns the struct type tr denotes, through aliases, or nil.
func structOf(tr model.TypeRef) *model.Type {
	for i := 0; tr.Kind == model.RefNamed && i < maxDepth; i++ {
		t := tr.Named
		if t.Kind == model.KindStruct {
			return t
		}
		if t.Kind != model.KindAlias || t.Elem == nil {
			return nil
		}
		tr = *t.Elem
	}
	return nil
}

// sortedBySeq returns the declared types in creation order.
func (b *builder) sortedBySeq() []*model.Type {
	out := make([]*model.Type, len(b.naming))
	for t, r := range b.naming {
		out[r.seq] = t
	}
	return out
}
