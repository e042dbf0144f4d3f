package validate

import (
	"fmt"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
)

// uniqueKeys checks that a table's rows can be told apart: by code, by
// (http, message), and by Go name.
func (c *checker) uniqueKeys(t *model.Table) {
	codes := make(map[string]*model.Entry, len(t.Entries))
	msgs := map[string]*model.Entry{}
	for _, e := range t.Entries {
		if e.HasCode {
			c.once(codes, e.Code, e, "code %q appears twice in table %q (first at %s)", e.Code, t.ID)
			continue
		}
		if e.Message != "" || e.HTTP != 0 {
			key := fmt.Sprintf("%d %s", e.HTTP, strings.ToLower(strings.TrimSpace(e.Message)))
			c.once(msgs, key, e, "status %d with message %q appears twice in table %q (first at %s)", e.HTTP, e.Message, t.ID)
		}
	}
}

// once records e under key, reporting a problem when key was taken.
func (c *checker) once(seen map[string]*model.Entry, key string, e *model.Entry, format string, args ...any) {
	if first, ok := seen[key]; ok {
		c.problems.Addf(e.Pos, format, append(args, first.Pos)...)
		return
	}
	seen[key] = e
}

// uniqueGoNames checks that no two declarations of the provider's package
// would get the same name.
func (c *checker) uniqueGoNames(p *model.Provider) {
	n := len(p.Tables)
	for _, t := range p.Tables {
		n += len(t.Entries)
	}
	taken := make(map[string]*diag.Pos, n) // a pointer: a quarter of a position's size
	// what names the declaration, from its parts: the words are joined
	// only for a problem, not for every row.
	claim := func(name string, pos *diag.Pos, what ...string) {
		if name == "" {
			return
		}
		if naming.IsCodeTableName(name) {
			c.problems.Addf(*pos, "%s gets the Go name %s, which the generated package already uses; rename it", strings.Join(what, ""), name)
			return
		}
		if first, ok := taken[name]; ok {
			c.problems.Addf(*pos, "%s gets the Go name %s, already taken by the declaration from %s; give one of them another name", strings.Join(what, ""), name, *first)
			return
		}
		taken[name] = pos
	}
	for _, t := range p.Tables {
		claim(t.ConstName, &t.Pos, "table ", t.ID)
	}
	for _, t := range p.Tables {
		for _, e := range t.Entries {
			claim(e.ConstName, &e.Pos, "row ", e.Name, " of table ", e.Table.ID)
		}
	}
}
