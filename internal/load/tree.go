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
		"rows": func(n *yaml.Node) {
			d.sequence(n, "rows", func(item *yaml.Node) {
				t.Rows = append(t.Rows, d.row(item))
			})
		},
	})
	return t
}

func (d *decoder) row(n *yaml.Node) Row {
	r := Row{Pos: d.pos(n)}
	d.mapping(n, "a row", fields{
		"use":         d.str(&r.Use, "use"),
		"name":        d.str(&r.Name, "name"),
		"code":        d.str(&r.Code, "code"),
		"http":        d.str(&r.HTTP, "http"),
		"message":     d.str(&r.Message, "message"),
		"match":       d.strs(&r.Match, "match"),
		"description": d.str(&r.Description, "description"),
		"resolution":  d.str(&r.Resolution, "resolution"),
		"doc_row":     d.str(&r.DocRow, "doc_row"),
		"inferred":    d.strs(&r.Inferred, "inferred"),
		"note":        d.str(&r.Note, "note"),
		"outcome":     d.str(&r.Outcome, "outcome"),
		"retry":       d.str(&r.Retry, "retry"),
		"retry_after": d.str(&r.RetryAfter, "retry_after"),
		"fault":       d.str(&r.Fault, "fault"),
		"category":    d.str(&r.Category, "category"),
	})
	return r
}
