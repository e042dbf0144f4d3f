package naming

import (
	"fmt"
	"slices"
)

// Declared is the name table of one generated Go package: every
// package-level name claimed before an OpenAPI file's names are resolved,
// with who claimed it (the code tables, a runtime, a client's file). It is
// filled in the order of the collision rule (see the package doc) and
// read by the builds that name the package's other files.
type Declared struct {
	owner map[string]string
}

// NewDeclared returns an empty name table.
func NewDeclared() *Declared { return &Declared{owner: map[string]string{}} }

// Add declares names for owner, a phrase naming who declares them (with a
// file:line:col when a spec wrote them). A name declared already by another
// owner is an error naming both: the package would not compile.
func (d *Declared) Add(owner string, names ...string) error {
	if len(d.owner) == 0 && len(names) > 8 {
		d.owner = make(map[string]string, len(names)) // sized once for a big first batch
	}
	for _, n := range names {
		if prev, ok := d.owner[n]; ok && prev != owner {
			return fmt.Errorf("%s declares %s, which %s declares already: rename one of them", owner, n, prev)
		}
		d.owner[n] = owner
	}
	return nil
}

// Names returns every declared name, sorted.
func (d *Declared) Names() []string {
	out := make([]string, 0, len(d.owner))
	for n := range d.owner {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// Owner returns who declared name, or "" when nobody did.
func (d *Declared) Owner(name string) string { return d.owner[name] }
