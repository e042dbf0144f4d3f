package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/naming"
)

func (c *checker) provider(lp *load.Provider) *model.Provider {
	p := &model.Provider{ID: lp.ID.Value, Name: lp.Name.Value, Description: lp.Description.Value,
		Source: lp.Source.Value, Pos: lp.Pos}
	c.id(lp.ID, lp.Pos, "provider id")
	c.required(lp.Name, lp.Pos, "provider name")
	c.text(lp.Name, lp.Description, lp.Source)
	p.GoPackage = c.goPackage(lp)
	p.CodeKind, p.CodeWidth = c.codeKind(lp)
	if len(lp.Tables) == 0 {
		c.problems.Addf(lp.Pos, "provider %q has no tables: add a `tables:` list", p.ID)
	}
	tables := c.tables(p, lp.Tables)
	c.rows(p, lp.Tables, tables)
	c.uniqueGoNames(p)
	return p
}

// goPackage returns the Go package name: go_package, else the id.
func (c *checker) goPackage(lp *load.Provider) string {
	s := lp.GoPackage
	if !s.Set {
		s = lp.ID
	}
	if s.Value != "" && !naming.IsPackageName(s.Value) {
		c.problems.Addf(s.Pos, "%q cannot be a Go package name: use lower-case letters and digits, "+
			"not a Go keyword or predeclared name (set go_package)", s.Value)
	}
	return s.Value
}

func (c *checker) codeKind(lp *load.Provider) (model.CodeKind, int) {
	kind := model.CodeString
	switch lp.CodeKind.Value {
	case "string":
	case "integer":
		kind = model.CodeInteger
	default:
		c.addf(lp.CodeKind.Pos, lp.Pos, "code.kind must be string or integer, found %q", lp.CodeKind.Value)
	}
	if !lp.CodeWidth.Set {
		return kind, 0
	}
	width, err := strconv.Atoi(lp.CodeWidth.Value)
	switch {
	case kind != model.CodeString:
		c.problems.Addf(lp.CodeWidth.Pos, "code.width applies only to code.kind string")
	case err != nil || width < 1 || width > 32:
		c.problems.Addf(lp.CodeWidth.Pos, "code.width must be a whole number from 1 to 32, found %q", lp.CodeWidth.Value)
	}
	return kind, width
}

// tables builds the provider's tables and resolves their fallbacks.
func (c *checker) tables(p *model.Provider, lts []load.Table) map[string]*model.Table {
	byID := map[string]*model.Table{}
	for i := range lts {
		lt := &lts[i]
		t := &model.Table{ID: lt.ID.Value, Name: lt.Name.Value, Description: lt.Description.Value, Pos: lt.Pos}
		if c.id(lt.ID, lt.Pos, "table id") {
			t.GoName = naming.Exported(t.ID)
			t.ConstName = naming.Table(t.ID)
		}
		c.required(lt.Name, lt.Pos, "table name")
		c.text(lt.Name, lt.Description)
		if byID[t.ID] != nil {
			c.problems.Addf(lt.ID.Pos, "table id %q is used twice in provider %q", t.ID, p.ID)
		}
		byID[t.ID] = t
		p.Tables = append(p.Tables, t)
	}
	for i, lt := range lts {
		p.Tables[i].Fallback = c.fallback(lt, byID)
	}
	return byID
}

func (c *checker) fallback(lt load.Table, byID map[string]*model.Table) *model.Table {
	if !lt.Fallback.Set {
		return nil
	}
	fb := byID[lt.Fallback.Value]
	switch {
	case fb == nil:
		c.problems.Addf(lt.Fallback.Pos, "fallback %q is not a table of this provider (tables: %s)",
			lt.Fallback.Value, strings.Join(tableIDs(byID), ", "))
	case lt.Fallback.Value == lt.ID.Value:
		c.problems.Addf(lt.Fallback.Pos, "table %q cannot be its own fallback", lt.ID.Value)
		return nil
	}
	return fb
}

func tableIDs(byID map[string]*model.Table) []string {
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
