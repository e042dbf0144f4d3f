package validate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
)

// rows builds every table's entries: rows written in place first, so that
// `use` rows can point at rows of any table, then the `use` rows.
func (c *checker) rows(p *model.Provider, lts []load.Table, byID map[string]*model.Table) {
	for ti := range lts {
		t := p.Tables[ti]
		t.Entries = make([]*model.Entry, len(lts[ti].Rows))
		for ri := range lts[ti].Rows {
			if lr := &lts[ti].Rows[ri]; !lr.Use.Set {
				t.Entries[ri] = c.row(p, t, lr)
			}
		}
	}
	for ti := range lts {
		t := p.Tables[ti]
		for ri := range lts[ti].Rows {
			if lr := &lts[ti].Rows[ri]; lr.Use.Set {
				t.Entries[ri] = c.use(t, lr, byID)
			}
		}
		t.Entries = compact(t.Entries)
		sortEntries(p, t.Entries)
		c.uniqueKeys(t)
	}
	for i, e := range p.Entries() {
		e.Index = i + 1
	}
}

func (c *checker) row(p *model.Provider, t *model.Table, lr *load.Row) *model.Entry {
	e := &model.Entry{Table: t, Message: lr.Message.Value, Description: lr.Description.Value,
		Resolution: lr.Resolution.Value, DocRow: lr.DocRow.Value, Note: lr.Note.Value, Pos: lr.Pos}
	c.text(lr.Name, lr.Code, lr.Message, lr.Description, lr.Resolution, lr.DocRow, lr.Note)
	c.text(lr.Match...)
	if !lr.Code.Set && !lr.HTTP.Set && !lr.Message.Set {
		c.problems.Addf(lr.Pos, "a row needs at least one of code, http and message")
	}
	e.Code, e.HasCode = c.code(p, lr.Code)
	e.HTTP = c.http(lr.HTTP)
	e.Templates = c.templates(lr)
	e.Inferred = c.inferred(lr)
	e.Class = c.class(lr)
	e.RetryAfter = c.retryAfter(lr, e.Class.Retry)
	e.Name = c.rowName(lr)
	if t.GoName != "" && e.Name != "" {
		e.ConstName = t.GoName + e.Name
	}
	return e
}

// use resolves a `use: table/Row` reference to a copy of that row.
func (c *checker) use(t *model.Table, lr *load.Row, byID map[string]*model.Table) *model.Entry {
	for _, s := range []load.Str{lr.Name, lr.Code, lr.HTTP, lr.Message, lr.Description, lr.Resolution,
		lr.Note, lr.Outcome, lr.Retry, lr.RetryAfter, lr.Fault, lr.Category} {
		if s.Set {
			c.problems.Addf(s.Pos, "a `use` row takes only use and doc_row: its other fields come from the row it uses")
			break
		}
	}
	c.text(lr.DocRow)
	origin, err := resolveUse(lr.Use.Value, t, byID)
	if err != nil {
		c.problems.Addf(lr.Use.Pos, "%v", err)
		return nil
	}
	e := *origin
	e.Table, e.Origin, e.DocRow, e.Pos = t, origin, lr.DocRow.Value, lr.Pos
	e.ConstName = ""
	if t.GoName != "" {
		e.ConstName = t.GoName + e.Name
	}
	return &e
}

func resolveUse(ref string, t *model.Table, byID map[string]*model.Table) (*model.Entry, error) {
	tableID, rowRef, ok := strings.Cut(ref, "/")
	target := byID[tableID]
	switch {
	case !ok || rowRef == "":
		return nil, fmt.Errorf("use %q must be table_id/RowName, e.g. reserve_funds/InsufficientFunds", ref)
	case target == nil:
		return nil, fmt.Errorf("use %q: no table %q in this provider", ref, tableID)
	case target == t:
		return nil, fmt.Errorf("use %q points into its own table; write the row once", ref)
	}
	for _, e := range target.Entries {
		if e != nil && (e.Name == naming.Exported(rowRef) || e.HasCode && e.Code == rowRef) {
			return e, nil
		}
	}
	return nil, fmt.Errorf("use %q: table %q has no row named or coded %q (a `use` must point at a row written in place)", ref, tableID, rowRef)
}

// rowName returns the Go name of a row: its name, else derived from its
// message, code or status.
func (c *checker) rowName(lr *load.Row) string {
	src := lr.Name
	for _, alt := range []struct {
		s      load.Str
		prefix string
	}{{lr.Message, ""}, {lr.Code, "Code"}, {lr.HTTP, "Status"}} {
		if !src.Set && alt.s.Set {
			src = load.Str{Value: strings.TrimSpace(alt.prefix + " " + alt.s.Value), Pos: alt.s.Pos, Set: true}
		}
	}
	name := naming.Exported(src.Value)
	if name == "" && src.Set {
		c.problems.Addf(src.Pos, "%q gives no Go name (it has no ASCII letters or digits): give the row a `name:`", src.Value)
	}
	return name
}

func compact(entries []*model.Entry) []*model.Entry {
	out := entries[:0]
	for _, e := range entries {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// sortEntries puts a table's rows in their canonical order: coded rows by
// code, then the others by status and message. The order of rows in the
// file does not change the output; the file keeps the docs' order.
func sortEntries(p *model.Provider, entries []*model.Entry) {
	slices.SortStableFunc(entries, func(a, b *model.Entry) int {
		if a.HasCode != b.HasCode {
			if a.HasCode {
				return -1
			}
			return 1
		}
		if a.HasCode {
			return compareCodes(p, a.Code, b.Code)
		}
		return cmp.Or(cmp.Compare(a.HTTP, b.HTTP), cmp.Compare(a.Message, b.Message), cmp.Compare(a.Description, b.Description))
	})
}

func compareCodes(p *model.Provider, a, b string) int {
	if p.CodeKind == model.CodeInteger {
		x, _ := model.ParseIntegerCode(a)
		y, _ := model.ParseIntegerCode(b)
		return cmp.Compare(x, y)
	}
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
}
