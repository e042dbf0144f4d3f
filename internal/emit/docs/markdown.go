package docs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The Markdown views: every string field is already escaped by md, or is
// an anchor, a file name or an identifier that needs no escaping, so that
// text/template can print them as they are.

// mdLink is a Markdown link: Text is escaped, Href is an anchor or a
// relative file name.
type mdLink struct {
	Text string
	Href string
}

// mdIndexView is the data of index.md.tmpl.
type mdIndexView struct {
	Source     string // the spec file's name
	Total      int    // rows of every table of every provider
	Providers  []mdProviderSummary
	Categories []mdCategory
	HTML       string // file names of the other outputs
	JSON       string
	Schema     string
}

// mdProviderSummary is one provider in the index.
type mdProviderSummary struct {
	Link        mdLink
	Description string
	Tables      int
	Codes       int
	Endpoints   int
}

// mdCategory lists the codes of every provider with one category.
type mdCategory struct {
	Name  string // a codebook category name, such as insufficient_funds
	Codes []mdLink
}

// mdProviderView is the data of provider.md.tmpl.
type mdProviderView struct {
	Name            string
	Description     string
	Source          string
	GoPackage       string // an identifier
	CodeKind        string // string or integer
	Anchor          string
	SpecFile        string
	Index           string // file name of the index
	HTML            string // file name of the HTML page
	Codes           int
	Tables          []mdTable
	EndpointsAnchor string
	Endpoints       []mdEndpoint
}

// mdTable is one API's code table.
type mdTable struct {
	Anchor      string
	Name        string
	ID          string // an identifier
	Description string
	Fallback    *mdLink  // nil when the table has no fallback
	FallbackFor []mdLink // the tables that fall back to this one
	Operations  []mdLink // the endpoints answered from this table
	Rows        []mdRow
}

// mdRow is one code.
type mdRow struct {
	Anchor      string
	Key         string // the code, else "HTTP 404", else the row's name
	Title       string // "2010 · Insufficient funds"
	Code        string
	HTTP        string
	Message     string
	Match       []string // message templates besides the message
	Description string
	Resolution  string
	Outcome     string // codebook names: identifiers
	Retry       string
	RetryAfter  string // "1m"; empty unless Retry is after_delay (or new_reference with a documented wait)
	Fault       string
	Category    string
	Constant    string // the Go constant, package-qualified: an identifier
	Notes       []string
	Inferred    string // "http, message": fields the docs do not state
	DocRow      string
	SameAs      *mdLink // the row this one reuses; nil when written in place
	Operations  []mdLink
}

// mdEndpoint is one operation.
type mdEndpoint struct {
	Anchor      string
	Method      string // upper case letters
	Path        string
	OperationID string
	Summary     string
	Auth        string // escaped scheme names, comma separated
	MoneyMoving bool
	File        string
	Tables      []mdLink // its table, then the fallback
	Codes       []mdLink
}

// emitMarkdown runs the index and provider templates.
func emitMarkdown(cat *catalogue, set templateSet, files map[string][]byte) error {
	head := header("<!-- ", cat.Source, " -->") + "\n\n"
	for _, p := range cat.Providers {
		if strings.EqualFold(p.Doc, IndexFile) || strings.EqualFold(p.Doc, HTMLFile) {
			return fmt.Errorf("docs: provider id %q would write over %s: rename the provider", p.ID, p.Doc)
		}
		out, err := set.runText(providerTemplate, providerView(cat, p))
		if err != nil {
			return err
		}
		files[p.Doc] = []byte(head + tidyMarkdown(string(out)))
	}
	out, err := set.runText(indexTemplate, indexView(cat))
	if err != nil {
		return err
	}
	files[IndexFile] = []byte(head + tidyMarkdown(string(out)))
	return nil
}

func providerView(cat *catalogue, p *provider) mdProviderView {
	v := mdProviderView{Name: md(p.Name), Description: md(p.Description), Source: md(p.Source),
		GoPackage: p.GoPackage, CodeKind: p.CodeKind, Anchor: p.Anchor, SpecFile: md(cat.Source),
		Index: IndexFile, HTML: HTMLFile, EndpointsAnchor: p.endpointsAnchor}
	for _, t := range p.Tables {
		v.Tables = append(v.Tables, tableView(p, t))
		v.Codes += len(t.Rows)
	}
	for _, e := range p.endpoints {
		v.Endpoints = append(v.Endpoints, endpointView(e))
	}
	return v
}

func tableView(p *provider, t *table) mdTable {
	v := mdTable{Anchor: t.Anchor, Name: md(t.Name), ID: t.ID, Description: md(t.Description)}
	if t.fallback != nil {
		l := tableLink(t.fallback)
		v.Fallback = &l
	}
	for _, f := range t.fallbackFor {
		v.FallbackFor = append(v.FallbackFor, tableLink(f))
	}
	v.Operations = opLinks(t.Operations)
	for _, r := range t.Rows {
		v.Rows = append(v.Rows, rowView(p, r))
	}
	return v
}

func rowView(p *provider, r *row) mdRow {
	v := mdRow{Anchor: r.Anchor, Key: md(rowKey(r)),
		Title: md(rowTitle(r)), Code: md(deref(r.Code)), HTTP: httpText(r.HTTP), Message: md(r.Message),
		Match: mdAll(r.Match), Description: md(r.Description), Resolution: md(r.Resolution),
		Outcome: r.Outcome, Retry: r.Retry, RetryAfter: retryAfterText(r), Fault: r.Fault,
		Category: r.Category, Notes: mdAll(r.Notes), Inferred: md(strings.Join(r.Inferred, ", ")),
		DocRow: md(r.DocRow), Operations: opLinks(r.Operations)}
	if r.Constant != "" {
		v.Constant = p.GoPackage + "." + r.Constant
	}
	if o := r.origin; o != nil {
		v.SameAs = &mdLink{Text: md(o.table.Name + " · " + rowKey(o)), Href: "#" + o.Anchor}
	}
	return v
}

func endpointView(e *endpoint) mdEndpoint {
	v := mdEndpoint{Anchor: e.Anchor, Method: md(e.Method), Path: md(e.Path),
		OperationID: md(e.OperationID), Summary: md(e.Summary), Auth: md(strings.Join(e.Auth, ", ")),
		MoneyMoving: e.MoneyMoving, File: md(e.File)}
	for _, t := range answeringTables(e.table) {
		v.Tables = append(v.Tables, tableLink(t))
		for _, r := range t.Rows {
			v.Codes = append(v.Codes, mdLink{Text: md(rowKey(r)), Href: "#" + r.Anchor})
		}
	}
	return v
}

func indexView(cat *catalogue) mdIndexView {
	v := mdIndexView{Source: md(cat.Source), HTML: HTMLFile, JSON: JSONFile, Schema: SchemaFile}
	byCategory := map[string][]mdLink{}
	var order []string
	for _, p := range cat.Providers {
		s := mdProviderSummary{Link: mdLink{Text: md(p.Name), Href: p.Doc}, Description: md(p.Description),
			Tables: len(p.Tables), Endpoints: len(p.endpoints)}
		for _, t := range p.Tables {
			s.Codes += len(t.Rows)
			for _, r := range t.Rows {
				if byCategory[r.Category] == nil {
					order = append(order, r.Category)
				}
				byCategory[r.Category] = append(byCategory[r.Category], mdLink{
					Text: md(p.Name + " · " + t.Name + " · " + rowTitle(r)), Href: p.Doc + "#" + r.Anchor})
			}
		}
		v.Total += s.Codes
		v.Providers = append(v.Providers, s)
	}
	for _, c := range sortCategories(order) {
		v.Categories = append(v.Categories, mdCategory{Name: c, Codes: byCategory[c]})
	}
	return v
}

func tableLink(t *table) mdLink { return mdLink{Text: md(t.Name), Href: "#" + t.Anchor} }

func opLinks(ops []opRef) []mdLink {
	var out []mdLink
	for _, o := range ops {
		out = append(out, mdLink{Text: md(o.Method + " " + o.Path), Href: "#" + o.Anchor})
	}
	return out
}

// rowKey names a row within its table: its code, else its HTTP status,
// else its name.
func rowKey(r *row) string {
	switch {
	case r.Code != nil:
		return *r.Code
	case r.HTTP != nil:
		return "HTTP " + strconv.Itoa(*r.HTTP)
	}
	return r.Name
}

// rowTitle is a row's heading, unescaped: "2010 · Insufficient funds",
// "HTTP 404 · Ref 12345 not found", "HTTP 200 · OK".
func rowTitle(r *row) string {
	key := rowKey(r)
	switch {
	case r.Message != "":
		return key + " · " + r.Message
	case key != r.Name:
		return key + " · " + r.Name
	}
	return key
}

func httpText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func retryAfterText(r *row) string {
	if r.RetryAfter == nil {
		return ""
	}
	return shortDuration(time.Duration(*r.RetryAfter * float64(time.Second)))
}

// shortDuration writes whole hours, minutes or seconds as "1h", "1m", "30s",
// and anything else as time.Duration does.
func shortDuration(d time.Duration) string {
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if d%u.unit == 0 {
			return strconv.FormatInt(int64(d/u.unit), 10) + u.name
		}
	}
	return d.String()
}
