package docs

import (
	"fmt"
	"strings"
)

// linkEndpoints adds the endpoints to the catalogue and links each to the
// rows it can return: the rows of its table and of that table's fallback.
// An endpoint that names a provider or table the spec does not have is an
// error, since its codes could not be documented.
func linkEndpoints(cat *catalogue, eps []Endpoint, ids *anchors) error {
	for _, ep := range sortEndpoints(eps) {
		p, t := findTable(cat, ep.Provider, ep.Table)
		if t == nil {
			return fmt.Errorf("docs: %s: operation %q (%s %s) names table %q of provider %q, which the spec does not have",
				ep.File, ep.OperationID, ep.Method, ep.Path, ep.Table, ep.Provider)
		}
		e := newEndpoint(ep, p, t, ids)
		cat.Endpoints = append(cat.Endpoints, e)
		p.endpoints = append(p.endpoints, e)
		ref := opRef{Anchor: e.Anchor, OperationID: e.OperationID, Method: e.Method, Path: e.Path}
		for _, answering := range answeringTables(t) {
			answering.Operations = append(answering.Operations, ref)
			for _, r := range answering.Rows {
				r.Operations = append(r.Operations, ref)
				e.Codes = append(e.Codes, r.Anchor)
			}
		}
	}
	return nil
}

func newEndpoint(ep Endpoint, p *provider, t *table, ids *anchors) *endpoint {
	method := strings.ToUpper(ep.Method)
	return &endpoint{
		Anchor:   ids.claim(p.Anchor+"-op", ep.OperationID, method+" "+ep.Path),
		Provider: p.ID, Table: t.ID, OperationID: ep.OperationID, Method: method, Path: ep.Path,
		Summary: ep.Summary, Auth: append([]string{}, ep.Auth...), MoneyMoving: ep.MoneyMoving,
		File: ep.File, Codes: []string{}, table: t,
	}
}

// answeringTables returns t and, when it has one, its fallback: the tables
// whose rows a call answered from t can return.
func answeringTables(t *table) []*table {
	if t.fallback != nil && t.fallback != t {
		return []*table{t, t.fallback}
	}
	return []*table{t}
}

func findTable(cat *catalogue, providerID, tableID string) (*provider, *table) {
	for _, p := range cat.Providers {
		if p.ID != providerID {
			continue
		}
		for _, t := range p.Tables {
			if t.ID == tableID {
				return p, t
			}
		}
	}
	return nil, nil
}
