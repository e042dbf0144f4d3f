package load

import "gopkg.in/yaml.v3"

func (d *decoder) file(n *yaml.Node, f *File) {
	d.mapping(n, "the file", fields{
		"format": d.str(&f.Format, "format"),
		"providers": func(n *yaml.Node) {
			d.sequence(n, "providers", func(item *yaml.Node) {
				f.Providers = append(f.Providers, d.provider(item))
			})
		},
	})
}

func (d *decoder) provider(n *yaml.Node) Provider {
	p := Provider{Pos: d.pos(n)}
	d.mapping(n, "a provider", fields{
		"id":          d.str(&p.ID, "id"),
		"name":        d.str(&p.Name, "name"),
		"go_package":  d.str(&p.GoPackage, "go_package"),
		"description": d.str(&p.Description, "description"),
		"source":      d.str(&p.Source, "source"),
		"code": func(n *yaml.Node) {
			d.mapping(n, "code", fields{
				"kind":  d.str(&p.CodeKind, "code.kind"),
				"width": d.str(&p.CodeWidth, "code.width"),
			})
		},
		"tables": func(n *yaml.Node) {
			d.sequence(n, "tables", func(item *yaml.Node) {
				p.Tables = append(p.Tables, d.table(item))
			})
		},
	})
	return p
}

func (d *decoder) table(n *yaml.Node) Table {
	t := Table{Pos: d.pos(n)}
	d.mapping(n, "a table", fields{
		"id":          d.str(&t.ID, "id"),
		"name":        d.str(&t.Name, "name"),
		"description": d.str(&t.Description, "description"),
		"fallback":    d.str(&t.Fallback, "fallback"),
		"rows":        func(n *yaml.Node) { t.Rows = d.rows(n) },
	})
	return t
}

// rows decodes the rows of a table. The slice is sized once, and the
// fields of a row are built once for all rows: each decodes into cur,
// which is then appended.
func (d *decoder) rows(n *yaml.Node) []Row {
	var out []Row
	if n.Kind == yaml.SequenceNode {
		out = make([]Row, 0, len(n.Content))
	}
	var cur Row
	fs := d.rowFields(&cur)
	d.sequence(n, "rows", func(item *yaml.Node) {
		cur = Row{Pos: d.pos(item)}
		d.mapping(item, "a row", fs)
		out = append(out, cur)
	})
	return out
}

// rowFields returns the fields of a row, each storing into *r when it is
// called.
func (d *decoder) rowFields(r *Row) fields {
	str := func(what string, dst func() *Str) func(*yaml.Node) {
		return func(n *yaml.Node) { d.setStr(dst(), what, n) }
	}
	strs := func(what string, dst func() *[]Str) func(*yaml.Node) {
		return func(n *yaml.Node) { d.strs(dst(), what)(n) }
	}
	return fields{
		"use":         str("use", func() *Str { return &r.Use }),
		"name":        str("name", func() *Str { return &r.Name }),
		"code":        str("code", func() *Str { return &r.Code }),
		"http":        str("http", func() *Str { return &r.HTTP }),
		"message":     str("message", func() *Str { return &r.Message }),
		"match":       strs("match", func() *[]Str { return &r.Match }),
		"description": str("description", func() *Str { return &r.Description }),
		"resolution":  str("resolution", func() *Str { return &r.Resolution }),
		"doc_row":     str("doc_row", func() *Str { return &r.DocRow }),
		"inferred":    strs("inferred", func() *[]Str { return &r.Inferred }),
		"note":        str("note", func() *Str { return &r.Note }),
		"outcome":     str("outcome", func() *Str { return &r.Outcome }),
		"retry":       str("retry", func() *Str { return &r.Retry }),
		"retry_after": str("retry_after", func() *Str { return &r.RetryAfter }),
		"fault":       str("fault", func() *Str { return &r.Fault }),
		"category":    str("category", func() *Str { return &r.Category }),
	}
}
