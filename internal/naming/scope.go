package naming

import (
	"sort"
	"strconv"
)

// StdMethods are the method names go vet's stdmethods check expects a
// standard signature of (Format(fmt.State, rune), Scan(fmt.ScanState,
// rune) error...); generated methods named after the spec never take them.
var StdMethods = []string{
	"As", "Format", "GobDecode", "GobEncode", "Is", "MarshalJSON", "MarshalXML", "ReadByte", "ReadFrom",
	"ReadRune", "Scan", "Seek", "UnmarshalJSON", "UnmarshalXML", "UnreadByte", "UnreadRune", "Unwrap",
	"WriteByte", "WriteTo",
}

// Scope hands out unique identifiers within one Go namespace (the package
// block, one struct's fields, one function's locals). The first claim of a
// name gets it unchanged. A claim of a name the scope was made with (a
// declared name: the code tables', a runtime's) gets the suffix of its
// Kind, never a number (schema "Code" gives CodeSchema); when that is
// taken too the scope records a Conflict and the caller reports it. Other
// repeated claims (two spec words that sanitise alike) get the smallest
// numeric suffix, from 2 up, that is still free. Claims are therefore
// deterministic as long as the caller claims in a deterministic order;
// Assign does the sorting for you.
type Scope struct {
	used      map[string]bool
	declared  map[string]bool
	kinded    map[string]bool // names handed out with a kind's suffix
	conflicts []Conflict
}

// Kind is what a claimed name declares. Its suffix is appended when the
// wanted name is a declared one; KindNone keeps the numeric suffixes.
type Kind string

// The kinds of spec-derived package-level names, by their suffix.
const (
	KindNone  Kind = ""
	KindType  Kind = "Schema" // types from schemas, bodies, parameters, errors, replies
	KindConst Kind = "Value"  // enum constants
	KindFunc  Kind = "Option" // option functions
)

// Conflict is a claim the collision rule cannot settle: Wanted is a
// declared name and Wanted plus its kind's suffix is taken too.
type Conflict struct {
	Key    string // the claim's key, as Request.Key
	Wanted string // the declared name the spec word gives
	Kinded string // the suffixed name, taken as well
}

// NewScope returns a Scope in which the declared names are already taken.
func NewScope(declared ...string) *Scope {
	s := &Scope{used: make(map[string]bool, len(declared)), declared: make(map[string]bool, len(declared)),
		kinded: map[string]bool{}}
	s.Reserve(declared...)
	return s
}

// Taken reports whether name has been claimed or declared.
func (s *Scope) Taken(name string) bool { return s.used[name] }

// Reserve declares names: later claims of them get their kind's suffix.
func (s *Scope) Reserve(names ...string) {
	for _, n := range names {
		s.used[n] = true
		s.declared[n] = true
	}
}

// Conflicts returns the claims the collision rule could not settle, in
// claim order. Each got a numbered name so that naming could go on; the
// caller must fail with them.
func (s *Scope) Conflicts() []Conflict { return s.conflicts }

// Claim returns candidate, or candidate with the smallest free numeric
// suffix, and marks the result as taken. An empty candidate claims "X".
func (s *Scope) Claim(candidate string) string { return s.ClaimKind("", candidate, KindNone) }

// ClaimKind claims candidate for a name of kind k: a declared candidate
// gets k's suffix, numbered like any repeat when another declared-alike
// spec word took it already ("code" and "Code": CodeSchema, CodeSchema2),
// and recorded as a Conflict, keyed by key, when a spec word or a
// declaration wrote it. Any other taken candidate gets the smallest free
// numeric suffix.
func (s *Scope) ClaimKind(key, candidate string, k Kind) string {
	if candidate == "" {
		candidate = "X"
	}
	if k != KindNone && s.declared[candidate] {
		kinded := candidate + string(k)
		if s.used[kinded] && !s.kinded[kinded] {
			s.conflicts = append(s.conflicts, Conflict{Key: key, Wanted: candidate, Kinded: kinded})
		} else {
			candidate = kinded
			s.kinded[kinded] = true
		}
	}
	name := candidate
	for i := 2; s.used[name]; i++ {
		name = candidate + strconv.Itoa(i)
	}
	s.used[name] = true
	return name
}

// Request is one claim for Assign: Key orders the claims (it is the spec's
// own spelling, e.g. the schema key) and Candidate is the wanted name.
type Request struct {
	Key       string
	Candidate string
	Kind      Kind // the suffix a declared Candidate gets
}

// Assign claims every request, deterministically whatever order the caller
// found them in. First every candidate that only one request wants gets its
// name unchanged; then requests sharing a candidate are served in the byte
// order of their keys, the first getting the bare name and the others
// suffixes. So the schemas "foo-bar" and "foo_bar" become FooBar and FooBar2,
// and a schema literally named "FooBar2" keeps its name. It returns the names
// in the order of reqs.
func (s *Scope) Assign(reqs []Request) []string {
	order := sortedRequests(reqs)
	count := make(map[string]int, len(reqs))
	for _, r := range reqs {
		count[r.Candidate]++
	}
	out := make([]string, len(reqs))
	for _, i := range order {
		if c := reqs[i].Candidate; count[c] == 1 && c != "" && !s.used[c] {
			out[i] = s.Claim(c)
		}
	}
	for _, i := range order {
		if out[i] == "" {
			out[i] = s.ClaimKind(reqs[i].Key, reqs[i].Candidate, reqs[i].Kind)
		}
	}
	return out
}

// sortedRequests returns the indexes of reqs ordered by (Candidate, Key).
func sortedRequests(reqs []Request) []int {
	order := make([]int, len(reqs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		ra, rb := reqs[order[a]], reqs[order[b]]
		if ra.Candidate != rb.Candidate {
			return ra.Candidate < rb.Candidate
		}
		return ra.Key < rb.Key
	})
	return order
}
