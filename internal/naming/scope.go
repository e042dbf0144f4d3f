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
// name gets it unchanged; later claims get the smallest numeric suffix, from
// 2 up, that is still free. Claims are therefore deterministic as long as the
// caller claims in a deterministic order; Assign does the sorting for you.
type Scope struct {
	used map[string]bool
}

// NewScope returns a Scope in which the reserved names are already taken.
func NewScope(reserved ...string) *Scope {
	s := &Scope{used: make(map[string]bool, len(reserved))}
	for _, r := range reserved {
		s.used[r] = true
	}
	return s
}

// Taken reports whether name has been claimed or reserved.
func (s *Scope) Taken(name string) bool { return s.used[name] }

// Reserve marks names as taken without claiming them through suffixes.
func (s *Scope) Reserve(names ...string) {
	for _, n := range names {
		s.used[n] = true
	}
}

// Claim returns candidate, or candidate with the smallest free numeric
// suffix, and marks the result as taken. An empty candidate claims "X".
func (s *Scope) Claim(candidate string) string {
	if candidate == "" {
		candidate = "X"
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
			out[i] = s.Claim(reqs[i].Candidate)
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
