package docs

import (
	"cmp"
	"slices"
	"strings"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

// catalogue is catalogue.json, and the data every other format is built
// from: its strings are raw spec text, escaped later for each format.
// catalogue.schema.json documents it; keep the two in step.
type catalogue struct {
	Comment   string      `json:"$comment"`
	Format    string      `json:"format"`
	Source    string      `json:"source"`
	Providers []*provider `json:"providers"`
	Endpoints []*endpoint `json:"endpoints"`
}

// provider is one provider of the catalogue.
type provider struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Source      string   `json:"source"`
	GoPackage   string   `json:"go_package"`
	CodeKind    string   `json:"code_kind"`
	Doc         string   `json:"doc"`
	Anchor      string   `json:"anchor"`
	Tables      []*table `json:"tables"`

	endpoints       []*endpoint // this provider's, sorted
	endpointsAnchor string      // the heading of the endpoints section
}

// table is one code table (one API) of a provider.
type table struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Anchor      string   `json:"anchor"`
	Fallback    *string  `json:"fallback"`
	Operations  []opRef  `json:"operations"`
	Rows        []*row   `json:"rows"`
	fallback    *table   // the table Fallback names
	fallbackFor []*table // the tables whose fallback this is
}

// row is one code: one row of one table.
type row struct {
	Anchor      string   `json:"anchor"`
	Name        string   `json:"name"`
	Constant    string   `json:"constant"`
	Code        *string  `json:"code"`
	HTTP        *int     `json:"http"`
	Message     string   `json:"message"`
	Match       []string `json:"match"`
	Description string   `json:"description"`
	Resolution  string   `json:"resolution"`
	Outcome     string   `json:"outcome"`
	Retry       string   `json:"retry"`
	RetryAfter  *float64 `json:"retry_after"`
	Fault       string   `json:"fault"`
	Category    string   `json:"category"`
	Notes       []string `json:"notes"`
	Inferred    []string `json:"inferred"`
	DocRow      string   `json:"doc_row"`
	SameAs      *string  `json:"same_as"`
	Operations  []opRef  `json:"operations"`

	provider *provider
	table    *table
	origin   *row // the row this one reuses
}

// opRef names an endpoint from a table or a row.
type opRef struct {
	Anchor      string `json:"anchor"`
	OperationID string `json:"operation_id"`
	Method      string `json:"method"`
	Path        string `json:"path"`
}

// endpoint is one operation and the codes it can return.
type endpoint struct {
	Anchor      string   `json:"anchor"`
	Provider    string   `json:"provider"`
	Table       string   `json:"table"`
	OperationID string   `json:"operation_id"`
	Method      string   `json:"method"`
	Path        string   `json:"path"`
	Summary     string   `json:"summary"`
	Auth        []string `json:"auth"`
	MoneyMoving bool     `json:"money_moving"`
	File        string   `json:"file"`
	Codes       []string `json:"codes"`

	table *table
}

// build computes the catalogue: anchors, cross references between rows,
// tables and endpoints, and classification names.
func build(in Input) (*catalogue, error) {
	source := sourceName(in.Spec.Path)
	cat := &catalogue{Comment: header("", source, ""), Format: Format, Source: source,
		Providers: []*provider{}, Endpoints: []*endpoint{}}
	ids := newAnchors()
	byEntry := map[*model.Entry]*row{}
	for _, mp := range in.Spec.Providers {
		cat.Providers = append(cat.Providers, buildProvider(mp, ids, byEntry))
	}
	linkOrigins(byEntry)
	if err := linkEndpoints(cat, in.Endpoints, ids); err != nil {
		return nil, err
	}
	return cat, nil
}

func buildProvider(mp *model.Provider, ids *anchors, byEntry map[*model.Entry]*row) *provider {
	p := &provider{ID: mp.ID, Name: mp.Name, Description: mp.Description, Source: mp.Source,
		GoPackage: mp.GoPackage, CodeKind: codeKind(mp.CodeKind), Doc: mp.ID + ".md",
		Anchor: ids.claim("", mp.ID), Tables: []*table{}}
	byTable := map[*model.Table]*table{}
	for _, mt := range mp.Tables {
		t := &table{ID: mt.ID, Name: mt.Name, Description: mt.Description,
			Anchor: ids.claim(p.Anchor, mt.ID), Operations: []opRef{}, Rows: []*row{}}
		byTable[mt] = t
		p.Tables = append(p.Tables, t)
	}
	p.endpointsAnchor = ids.claim(p.Anchor, "endpoints")
	for _, mt := range mp.Tables {
		t := byTable[mt]
		if f := byTable[mt.Fallback]; f != nil {
			t.Fallback, t.fallback = &f.ID, f
			f.fallbackFor = append(f.fallbackFor, t)
		}
		for _, e := range mt.Entries {
			r := buildRow(e, p, t, ids)
			t.Rows = append(t.Rows, r)
			byEntry[e] = r
		}
	}
	return p
}

func buildRow(e *model.Entry, p *provider, t *table, ids *anchors) *row {
	r := &row{Name: e.Name, Constant: e.ConstName, Message: e.Message, Description: e.Description,
		Resolution: e.Resolution, DocRow: e.DocRow, Match: []string{}, Notes: []string{},
		Inferred: append([]string{}, e.Inferred...), Operations: []opRef{},
		provider: p, table: t}
	r.Anchor = ids.claim(t.Anchor, codeKey(e), e.Name)
	if e.HasCode {
		r.Code = &e.Code
	}
	if e.HTTP != 0 {
		r.HTTP = &e.HTTP
	}
	for _, tm := range e.Templates {
		if tm.Text != e.Message {
			r.Match = append(r.Match, tm.Text)
		}
	}
	if e.Note != "" {
		r.Notes = append(r.Notes, e.Note)
	}
	r.Outcome, r.Retry = e.Class.Outcome.String(), e.Class.Retry.String()
	r.Fault, r.Category = e.Class.Fault.String(), e.Class.Category.String()
	if e.Class.Retry == codebook.RetryAfterDelay || e.Class.Retry == codebook.RetryNewReference && e.RetryAfter != 0 {
		s := e.RetryAfter.Seconds()
		r.RetryAfter = &s
	}
	return r
}

// codeKey is the part of a row's anchor that names the row: its code, or,
// for a row without one, nothing, so that its name is used.
func codeKey(e *model.Entry) string {
	if e.HasCode {
		return e.Code
	}
	return ""
}

// linkOrigins points every `use` row at the row it reuses.
func linkOrigins(byEntry map[*model.Entry]*row) {
	for e, r := range byEntry {
		if o := byEntry[e.Origin]; e.Origin != nil && o != nil {
			r.origin, r.SameAs = o, &o.Anchor
		}
	}
}

func codeKind(k model.CodeKind) string {
	if k == model.CodeInteger {
		return "integer"
	}
	return "string"
}

// sortEndpoints returns the endpoints in a fixed order, whatever order the
// OpenAPI files gave them in.
func sortEndpoints(eps []Endpoint) []Endpoint {
	out := slices.Clone(eps)
	slices.SortStableFunc(out, func(a, b Endpoint) int {
		return cmp.Or(cmp.Compare(a.Provider, b.Provider), cmp.Compare(a.Path, b.Path),
			cmp.Compare(strings.ToUpper(a.Method), strings.ToUpper(b.Method)),
			cmp.Compare(a.OperationID, b.OperationID), cmp.Compare(a.Table, b.Table),
			cmp.Compare(a.File, b.File))
	})
	return out
}
