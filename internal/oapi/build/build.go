// Package build turns a loaded spec into the IR of package model: it walks
// components, paths and security schemes in a deterministic order, types
// every schema it can (falling back to raw JSON with a positioned warning
// where it cannot), and finally resolves every Go name through package
// naming.
package build

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Options tunes the build.
type Options struct {
	// Reserved lists the package-level identifiers the emitter declares
	// itself (Client, NewClient, ...); types get other names.
	Reserved []string
	// Codebook reserves the code-table constants (TableX) that operations
	// with x-codebook refer to.
	Codebook bool
	// Declared is the name table of the package the API is emitted into:
	// the code tables', the runtimes' and the other files' names, claimed
	// first. A spec name equal to one of them gets its kind's suffix; nil
	// declares nothing more than Reserved.
	Declared *naming.Declared
	// TableConst gives the Go name of the constant of the code table an
	// x-codebook names, as the code tables' model holds it; nil derives
	// it with naming.Table (no code tables in the run).
	TableConst func(provider, table string) string
	// Codes names the code tables' declarations that Codebook operations
	// refer to; it becomes API.Codes.
	Codes *model.CodeNames
}

// builder holds the state of one Build call.
type builder struct {
	doc      *load.Doc
	api      *model.API
	opts     Options
	comps    map[string]*model.Type             // component schemas by ref
	refs     map[string]model.TypeRef           // other $ref targets by ref
	inline   map[*openapi3.Schema]model.TypeRef // inline schemas already declared
	visiting map[*openapi3.Schema]bool
	naming   map[*model.Type]nameReq
	ops      []*opState
}

// Build converts doc into the IR. It fails only on problems that leave no
// sensible output; everything else becomes a warning in API.Warnings.
func Build(doc *load.Doc, opts Options) (*model.API, error) {
	if doc == nil || doc.T == nil {
		return nil, fmt.Errorf("build: no document")
	}
	b := &builder{
		doc:      doc,
		opts:     opts,
		api:      newAPI(doc, opts.Codes),
		comps:    map[string]*model.Type{},
		refs:     map[string]model.TypeRef{},
		inline:   map[*openapi3.Schema]model.TypeRef{},
		visiting: map[*openapi3.Schema]bool{},
		naming:   map[*model.Type]nameReq{},
	}
	b.buildComponents()
	b.buildSecurity()
	b.buildOperations()
	if err := b.finish(); err != nil {
		return nil, err
	}
	return b.api, nil
}

// newAPI fills the document-level facts.
func newAPI(doc *load.Doc, codes *model.CodeNames) *model.API {
	api := &model.API{Source: baseName(doc.Path), Version: doc.T.OpenAPI, Codes: codes}
	api.Warnings = append(api.Warnings, doc.Warnings...)
	if info := doc.T.Info; info != nil {
		api.Title, api.Doc = info.Title, info.Description
	}
	if len(doc.T.Servers) > 0 && doc.T.Servers[0] != nil {
		api.BaseURL = serverURL(doc.T.Servers[0])
	}
	return api
}

// serverURL returns a server's URL with its variables at their defaults.
func serverURL(s *openapi3.Server) string {
	u := s.URL
	for _, name := range sortedKeys(s.Variables) {
		if v := s.Variables[name]; v != nil {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	return u
}

// buildComponents declares every component schema, in key order.
func (b *builder) buildComponents() {
	if b.doc.T.Components == nil {
		return
	}
	for _, key := range sortedKeys(b.doc.T.Components.Schemas) {
		b.component(key)
	}
}

// warn records a warning at pos.
func (b *builder) warn(pos model.Pos, format string, args ...any) {
	b.api.Warnings = append(b.api.Warnings, model.Warning{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// finish resolves names and derived facts once every type exists. It
// fails when a name collides in a way the naming rule cannot settle.
func (b *builder) finish() error {
	b.breakAliasCycles()
	if err := b.resolveNames(); err != nil {
		return err
	}
	b.resolveMembers()
	b.decidePointers()
	b.collectTypes()
	b.sortWarnings()
	return nil
}

// collectTypes lists every declared type, sorted by name.
func (b *builder) collectTypes() {
	for t := range b.naming {
		b.api.Types = append(b.api.Types, t)
	}
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
}

// AddWarnings adds ws to the warnings of api, as Build returned it, where
// Build puts them: api holds the same warnings, in the same order, as when
// Build found ws in doc.Warnings (load.Start's validation, which runs
// concurrently with Build).
func AddWarnings(api *model.API, ws []model.Warning) {
	if len(ws) == 0 {
		return
	}
	b := &builder{api: api}
	api.Warnings = append(api.Warnings, ws...)
	b.sortWarnings()
}

// sortWarnings orders warnings by position, then text, for stable output,
// and drops repeats: a schema or parameter shared by many operations is
// reported once.
func (b *builder) sortWarnings() {
	w := b.api.Warnings
	sort.SliceStable(w, func(i, j int) bool {
		if w[i].Pos.Line != w[j].Pos.Line {
			return w[i].Pos.Line < w[j].Pos.Line
		}
		if w[i].Pos.Col != w[j].Pos.Col {
			return w[i].Pos.Col < w[j].Pos.Col
		}
		return w[i].Msg < w[j].Msg
	})
	b.api.Warnings = slices.Compact(w)
}

// sortedKeys returns the keys of m in byte order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// baseName returns the last element of a slash or backslash separated path.
func baseName(p string) string {
	for i := len(p) - 1; i >= 0; i-- {
		if p[i] == '/' || p[i] == '\\' {
			return p[i+1:]
		}
	}
	return p
}
