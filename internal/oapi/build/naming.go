package build

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Name tiers: component schemas claim their names first, then inline
// types, so a component never gets a suffix because of an inline type.
const (
	tierComponent = iota
	tierInline
)

// nameReq is a type's claim on a package-level name.
type nameReq struct {
	tier int
	key  string // spec path, orders claims
	cand string
	seq  int // creation order, the last tie-breaker
}

// claimType records the name a type wants.
func (b *builder) claimType(t *model.Type, tier int, key, cand string) {
	if cand == "" {
		cand = "Type"
	}
	b.naming[t] = nameReq{tier: tier, key: key, cand: cand, seq: len(b.naming)}
}

// resolveNames gives every package-level identifier its final name, in
// this order of precedence: the package's declared names (the code tables',
// the runtimes', another file's: Options.Declared and Options.Reserved),
// component types, inline types, security options, parameter structs,
// error types, enum constants. A name equal to a declared one gets its
// kind's suffix (naming.Scope); one the rule cannot settle is an error.
func (b *builder) resolveNames() error {
	pkg := naming.NewScope(b.opts.Reserved...)
	if b.opts.Declared != nil {
		pkg.Reserve(b.opts.Declared.Names()...)
	}
	if b.opts.Codebook {
		for _, st := range b.ops {
			if cb := st.op.Codebook; cb != nil {
				pkg.Reserve(cb.TableConst)
			}
		}
	}
	where := map[string]model.Pos{}
	for _, tier := range []int{tierComponent, tierInline} {
		b.assignTier(pkg, tier, where)
	}
	b.resolveSecurityNames(pkg, where)
	b.resolveOperations(pkg, where)
	b.resolveConstants(pkg, where)
	return b.conflicts(pkg, where)
}

// conflicts turns the claims the naming rule could not settle into one
// error, each at the position of the spec word that wanted the name.
func (b *builder) conflicts(pkg *naming.Scope, where map[string]model.Pos) error {
	var msgs []string
	for _, c := range pkg.Conflicts() {
		owner := "the generated runtime"
		if b.opts.Declared != nil && b.opts.Declared.Owner(c.Wanted) != "" {
			owner = b.opts.Declared.Owner(c.Wanted)
		}
		msgs = append(msgs, fmt.Sprintf("%s: the Go name %s is declared by %s, and %s is taken too "+
			"(by a schema of this file): rename one of them in the spec", where[c.Key], c.Wanted, owner, c.Kinded))
	}
	if len(msgs) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(msgs, "\n"))
}

// assignTier names the types of one tier.
func (b *builder) assignTier(pkg *naming.Scope, tier int, where map[string]model.Pos) {
	var types []*model.Type
	for t, r := range b.naming {
		if r.tier == tier {
			types = append(types, t)
		}
	}
	sort.Slice(types, func(i, j int) bool { return b.naming[types[i]].seq < b.naming[types[j]].seq })
	reqs := make([]naming.Request, len(types))
	for i, t := range types {
		r := b.naming[t]
		reqs[i] = naming.Request{Key: r.key, Candidate: r.cand, Kind: naming.KindType}
		where[r.key] = t.Pos
	}
	for i, n := range pkg.Assign(reqs) {
		types[i].Name = n
	}
}

// resolveOperations names the Client methods (never one of the method
// names go vet expects a standard signature of), then claims the parameter
// struct names in the package scope.
func (b *builder) resolveOperations(pkg *naming.Scope, where map[string]model.Pos) {
	reqs := make([]naming.Request, len(b.ops))
	for i, st := range b.ops {
		reqs[i] = naming.Request{Key: st.key, Candidate: st.cand}
	}
	methods := naming.NewScope(naming.StdMethods...).Assign(reqs)
	var params []naming.Request
	for i, st := range b.ops {
		st.op.Name = methods[i]
		b.api.Operations = append(b.api.Operations, st.op)
		if len(st.op.Params) > 0 {
			params = append(params, naming.Request{Key: st.key, Candidate: naming.Params(st.op.Name), Kind: naming.KindType})
			where[st.key] = st.op.Pos
		}
	}
	got := pkg.Assign(params)
	for _, op := range b.api.Operations {
		if len(op.Params) > 0 {
			op.ParamsType, got = got[0], got[1:]
		}
	}
	b.resolveErrorTypes(pkg, where)
	sort.SliceStable(b.api.Operations, func(i, j int) bool { return b.api.Operations[i].Name < b.api.Operations[j].Name })
}

// resolveErrorTypes claims the name of the error type (<Method>Error) of
// every operation documenting a typed non-2xx body, after the parameter
// structs, in the order of the operations' spec keys.
func (b *builder) resolveErrorTypes(pkg *naming.Scope, where map[string]model.Pos) {
	var reqs []naming.Request
	var ops []*model.Operation
	for _, st := range b.ops {
		if slices.ContainsFunc(st.op.Responses, (*model.Response).IsTypedError) {
			reqs = append(reqs, naming.Request{Key: st.key, Candidate: st.op.Name + "Error", Kind: naming.KindType})
			where[st.key] = st.op.Pos
			ops = append(ops, st.op)
		}
	}
	for i, n := range pkg.Assign(reqs) {
		ops[i].ErrorType = n
	}
}

// resolveConstants names the constants of every enum.
func (b *builder) resolveConstants(pkg *naming.Scope, where map[string]model.Pos) {
	var reqs []naming.Request
	var vals []*model.EnumValue
	for _, t := range b.sortedTypes() {
		if t.Kind != model.KindEnum {
			continue
		}
		for i, v := range t.Enum.Values {
			key := fmt.Sprintf("%s\x00%09d", t.Name, i)
			reqs = append(reqs, naming.Request{Key: key, Candidate: naming.Const(t.Name, v.Value, i), Kind: naming.KindConst})
			where[key] = t.Pos
			vals = append(vals, v)
		}
	}
	for i, n := range pkg.Assign(reqs) {
		vals[i].Name = n
	}
}

// resolveSecurityNames names the option functions of the security schemes.
func (b *builder) resolveSecurityNames(pkg *naming.Scope, where map[string]model.Pos) {
	for _, s := range b.api.Security {
		key := "security\x00" + s.Key
		where[key] = s.Pos
		s.Name = naming.Scheme(s.Key)
		s.Option = pkg.ClaimKind(key, "With"+s.Name, naming.KindFunc)
		if s.Kind == model.SchemeOAuth2 && s.TokenURL != "" {
			s.ClientCredentials = pkg.ClaimKind(key, "With"+s.Name+"ClientCredentials", naming.KindFunc)
		}
	}
}

// sortedTypes returns the declared types ordered by name.
func (b *builder) sortedTypes() []*model.Type {
	out := make([]*model.Type, 0, len(b.naming))
	for t := range b.naming {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
