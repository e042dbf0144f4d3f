package link

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/oapi"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/validate"
)

// fixtureCodes is a small codes model: provider acme with a transact
// table (400, 409 and a code-only row) falling back to http_status (200,
// 401, 500), and a lookup table with no rows of its own but the fallback.
func fixtureCodes() *model.Spec {
	status := &model.Table{ID: "http_status"}
	status.Entries = rows(status, 200, 401, 500)
	transact := &model.Table{ID: "transact", Fallback: status}
	transact.Entries = rows(transact, 400, 409, 0)
	lookup := &model.Table{ID: "lookup", Fallback: status}
	return &model.Spec{Path: "codes.yaml", Providers: []*model.Provider{
		{ID: "acme", Tables: []*model.Table{status, transact, lookup}},
		{ID: "other", Tables: []*model.Table{{ID: "http_status"}}},
	}}
}

func rows(t *model.Table, https ...int) []*model.Entry {
	var out []*model.Entry
	for i, h := range https {
		out = append(out, &model.Entry{Index: i + 1, Table: t, HTTP: h})
	}
	return out
}

// specTemplate is a small API: a money-moving transact and its lookup. The
// cases replace the marked lines.
const specTemplate = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /transact:
    post:
      operationId: transact
      x-codebook:
        provider: PROVIDER
        table: TABLE
        code: CODE
        message: responseMessage
        money_moving: true
        reference: {field: REFFIELD, max_length: 64}
        lookup: {operation: LOOKUPOP, param: LOOKUPPARAM, reference_field: RECREF, status: STATUSPATH, statuses: {SUCCESS: success, LOST: STATUSOUTCOME}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              allOf:
                - $ref: "#/components/schemas/Purchase"
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Envelope"}}}}
        "400": {description: bad, content: {application/json: {schema: {$ref: "#/components/schemas/Envelope"}}}}
        "EXTRA": {description: extra}
        "5XX": {description: ranges are not checked}
        default: {description: nor is default}
  /lookup:
    get:
      operationId: transactionLookup
      x-codebook: {provider: acme, table: lookup}
      parameters:
        - {name: clientRef, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Record"}}}}
        "401": {description: auth}
components:
  schemas:
    Purchase:
      type: object
      properties:
        clientRef: {type: string, maxLength: 64}
        amount: {type: integer}
    Envelope:
      type: object
      properties:
        responseCode: {type: string}
        responseMessage: {type: string}
    Record:
      type: object
      properties:
        clientRef: {type: string}
        transactionStatus: {type: string}
`

// fill replaces the template's placeholders; unset ones get values that
// link correctly.
func fill(repl map[string]string) string {
	def := map[string]string{
		"PROVIDER": "acme", "TABLE": "transact", "CODE": "responseCode", "REFFIELD": "clientRef",
		"LOOKUPOP": "transactionLookup", "LOOKUPPARAM": "clientRef", "EXTRA": "409",
		"STATUSPATH": "transactionStatus", "STATUSOUTCOME": "failed", "RECREF": "clientRef",
	}
	for k, v := range repl {
		def[k] = v
	}
	s := specTemplate
	for k, v := range def {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

// generate writes the spec to a temporary file and builds its IR.
func generate(t *testing.T, spec string) (*oapimodel.API, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := oapi.Generate(context.Background(), path, oapi.Config{PackageName: "x", Codebook: true})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return res.API, path
}

// lineOf returns the 1-based line and column of the nth (0-based)
// occurrence of "x-codebook" in spec.
func lineOf(spec string, n int) (line, col int) {
	for i, l := range strings.Split(spec, "\n") {
		if c := strings.Index(l, "x-codebook"); c >= 0 {
			if n == 0 {
				return i + 1, c + 1
			}
			n--
		}
	}
	return 0, 0
}

func TestCheck(t *testing.T) {
	type want struct {
		op   int      // which x-codebook (0 transact, 1 transactionLookup)
		msgs []string // substrings of the message
	}
	cases := []struct {
		name string
		repl map[string]string
		want []want
	}{
		{name: "ok"},
		{name: "status known only by the fallback", repl: map[string]string{"EXTRA": "500"}},
		{
			name: "unknown provider",
			repl: map[string]string{"PROVIDER": "acne"},
			want: []want{{0, []string{`operation transact (POST /transact)`, `x-codebook.provider "acne" is not a provider of codes.yaml`, "use one of acme, other", "or add the provider"}}},
		},
		{
			name: "missing table",
			repl: map[string]string{"TABLE": "transakt"},
			want: []want{{0, []string{`x-codebook.table "transakt" is not a table of provider "acme"`, "use one of http_status, transact, lookup", "or add the table to codes.yaml"}}},
		},
		{
			name: "status the table and its fallback lack",
			repl: map[string]string{"EXTRA": "418"},
			want: []want{{0, []string{`operation transact (POST /transact) documents HTTP 418`, `table "transact" (and its fallback "http_status") has no row with http: 418`, "add such a row to codes.yaml", "or remove the 418 response"}}},
		},
		{
			name: "lookup operation that does not exist",
			repl: map[string]string{"LOOKUPOP": "txLookup"},
			want: []want{{0, []string{`x-codebook.lookup.operation "txLookup" is not an operationId of this spec`, "use one of transact, transactionLookup"}}},
		},
		{
			name: "lookup param the operation lacks",
			repl: map[string]string{"LOOKUPPARAM": "clientTxnRef"},
			want: []want{{0, []string{`x-codebook.lookup.param "clientTxnRef" is not a parameter of operation "transactionLookup"`, "use one of clientRef"}}},
		},
		{
			name: "lookup status that maps to no outcome",
			repl: map[string]string{"STATUSOUTCOME": "gone"},
			want: []want{{0, []string{`x-codebook.lookup.statuses["LOST"]: unknown outcome "gone"`}}},
		},
		{
			name: "lookup statuses without the field they are read from",
			repl: map[string]string{"STATUSPATH": `""`},
			want: []want{{0, []string{`x-codebook.lookup.statuses needs lookup.status`}}},
		},
		{
			name: "lookup status without the record field holding the reference",
			repl: map[string]string{"RECREF": `""`},
			want: []want{{0, []string{`x-codebook.lookup.status needs lookup.reference_field`, "another transaction's record is never read as this one's"}}},
		},
		{
			name: "lookup status given as a path into the body",
			repl: map[string]string{"STATUSPATH": "data.0.state"},
			want: []want{{0, []string{`put the path to the list of records in lookup.records`}}},
		},
		{
			name: "reference field the body lacks",
			repl: map[string]string{"REFFIELD": "extRef"},
			want: []want{{0, []string{`x-codebook.reference.field "extRef" is not a property of the request body`, "use one of clientRef, amount"}}},
		},
		{
			name: "code field no response declares",
			repl: map[string]string{"CODE": "resultCode"},
			want: []want{{0, []string{`x-codebook.code "resultCode" is not a property of any documented response body`, "responseCode, responseMessage"}}},
		},
		{
			name: "several problems, each at its own extension",
			repl: map[string]string{"TABLE": "nope", "LOOKUPPARAM": "x", "REFFIELD": "y"},
			want: []want{
				{0, []string{`x-codebook.lookup.param "x"`}},
				{0, []string{`x-codebook.reference.field "y"`}},
				{0, []string{`x-codebook.table "nope"`}},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := fill(tc.repl)
			api, path := generate(t, spec)
			got := Check(fixtureCodes(), []*oapimodel.API{api})
			if len(got) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tc.want), dump(got))
			}
			for i, w := range tc.want {
				line, col := lineOf(spec, w.op)
				if want := (diag.Pos{File: path, Line: line, Col: col}); got[i].Pos != want {
					t.Errorf("problem %d at %s, want %s", i, got[i].Pos, want)
				}
				for _, m := range w.msgs {
					if !strings.Contains(got[i].Msg, m) {
						t.Errorf("problem %d: %q\ndoes not contain %q", i, got[i].Msg, m)
					}
				}
			}
		})
	}
}

// TestCheckOpaqueBodies: bodies whose properties the IR cannot show are not
// held against reference, code or message; a missing body is.
func TestCheckOpaqueBodies(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /raw:
    post:
      operationId: raw
      x-codebook: {provider: acme, table: transact, code: anything, reference: {field: anything}}
      requestBody:
        content: {application/json: {schema: {}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {}}}}
  /nobody:
    post:
      operationId: nobody
      x-codebook: {provider: acme, table: transact, reference: {field: ref}}
      responses:
        "200": {description: ok}
`
	api, path := generate(t, spec)
	got := Check(fixtureCodes(), []*oapimodel.API{api})
	if len(got) != 1 {
		t.Fatalf("got %d problems, want 1:\n%s", len(got), dump(got))
	}
	line, col := lineOf(spec, 1)
	want := diag.Problem{Pos: diag.Pos{File: path, Line: line, Col: col},
		Msg: `operation nobody (POST /nobody): x-codebook.reference.field "ref", but the operation has no request body; remove reference or document the body`}
	if got[0] != want {
		t.Errorf("got  %s\nwant %s", got[0], want)
	}
}

// TestCheckFallbackCycle: a fallback cycle (which validate rejects) does not
// hang the checker.
func TestCheckFallbackCycle(t *testing.T) {
	a, b := &model.Table{ID: "a"}, &model.Table{ID: "b"}
	a.Fallback, b.Fallback = b, a
	b.Entries = rows(b, 200)
	spec := &model.Spec{Providers: []*model.Provider{{ID: "p", Tables: []*model.Table{a, b}}}}
	api := &oapimodel.API{Operations: []*oapimodel.Operation{{
		ID: "op", Method: "GET", Path: "/", Pos: oapimodel.Pos{File: "f.yaml", Line: 3, Col: 5},
		Responses: []*oapimodel.Response{{Status: "200", Code: 200}, {Status: "404", Code: 404}},
		Codebook:  &oapimodel.Codebook{Provider: "p", Table: "a"},
	}}}
	got := Check(spec, []*oapimodel.API{api})
	if len(got) != 1 || got[0].Pos != (diag.Pos{File: "f.yaml", Line: 3, Col: 5}) ||
		!strings.Contains(got[0].Msg, `table "a" (and its fallback "b") has no row with http: 404`) {
		t.Errorf("got:\n%s", dump(got))
	}
}

func dump(ps []diag.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// The repository's specs.

const (
	codesPath   = "../../spec/codes.yaml"
	openapiGlob = "../../spec/openapi/*.yaml"
)

// repositorySpecs are the OpenAPI files spec/openapi must hold.
var repositorySpecs = []string{"clickairtime-v1.yaml", "clickairtime-v2.yaml", "clickatell-bank.yaml", "clickatell-transact.yaml"}

// loadCodes loads spec/codes.yaml through the generator's own stages.
func loadCodes(t *testing.T) *model.Spec {
	t.Helper()
	f, loadErr := load.ReadFile(codesPath)
	if f == nil {
		t.Fatal(loadErr)
	}
	spec, err := validate.Spec(f)
	if err := diag.Join(loadErr, err); err != nil {
		t.Fatalf("codes.yaml does not validate:\n%v", err)
	}
	return spec
}

// loadRepositoryAPIs builds the IR of every spec/openapi file, checking
// that the set of files is the expected one and that none has warnings.
func loadRepositoryAPIs(t *testing.T) map[string]*oapimodel.API {
	t.Helper()
	files, err := filepath.Glob(openapiGlob)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	apis := map[string]*oapimodel.API{}
	for _, f := range files {
		names = append(names, filepath.Base(f))
		res, err := oapi.Generate(context.Background(), f, oapi.Config{PackageName: "x", Codebook: true})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, w := range res.Warnings {
			t.Errorf("warning: %s", w)
		}
		apis[filepath.Base(f)] = res.API
	}
	if !slices.Equal(names, repositorySpecs) {
		t.Errorf("spec/openapi holds %v, want %v", names, repositorySpecs)
	}
	return apis
}

// TestRepositorySpecsValidate: each file passes kin-openapi's loader and
// its default (strict) validation, examples included.
func TestRepositorySpecsValidate(t *testing.T) {
	files, _ := filepath.Glob(openapiGlob)
	for _, f := range files {
		doc, err := openapi3.NewLoader().LoadFromFile(f)
		if err != nil {
			t.Errorf("%s: load: %v", f, err)
			continue
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Errorf("%s: validate: %v", f, err)
		}
		walkSchemas(doc, func(where string, s *openapi3.Schema) {
			if ap := s.AdditionalProperties.Has; ap != nil && !*ap {
				t.Errorf("%s: %s sets additionalProperties: false; unknown fields must be kept", f, where)
			}
		})
	}
}

// TestRepositorySpecs: every operation of spec/openapi links to a table of
// spec/codes.yaml, and Check finds nothing wrong.
func TestRepositorySpecs(t *testing.T) {
	apis := loadRepositoryAPIs(t)
	var moneyMoving []string
	var all []*oapimodel.API
	for _, name := range repositorySpecs {
		api := apis[name]
		if api == nil {
			continue
		}
		all = append(all, api)
		for _, op := range api.Operations {
			cb := op.Codebook
			if cb == nil {
				t.Errorf("%s: %s %s has no x-codebook", op.Pos, op.Method, op.Path)
				continue
			}
			if op.ID == "" {
				t.Errorf("%s: %s %s has no operationId", op.Pos, op.Method, op.Path)
			}
			if cb.MoneyMoving {
				moneyMoving = append(moneyMoving, op.ID)
				if cb.Reference == nil || cb.Lookup == nil {
					t.Errorf("%s: money-moving %s needs x-codebook reference and lookup", cb.Pos, op.ID)
				}
			}
		}
	}
	slices.Sort(moneyMoving)
	if want := []string{"createTopup", "reserveAndTransact", "topUp", "transact"}; !slices.Equal(moneyMoving, want) {
		t.Errorf("money-moving operations %v, want %v", moneyMoving, want)
	}
	spec := loadCodes(t)
	for _, p := range Check(spec, all) {
		t.Error(p)
	}
}

// walkSchemas calls fn for every schema of the document's components and
// operations, nested ones included.
func walkSchemas(doc *openapi3.T, fn func(where string, s *openapi3.Schema)) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, r *openapi3.SchemaRef)
	walk = func(where string, r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil || seen[r.Value] {
			return
		}
		s := r.Value
		seen[s] = true
		fn(where, s)
		for name, p := range s.Properties {
			walk(where+"/properties/"+name, p)
		}
		walk(where+"/items", s.Items)
		walk(where+"/additionalProperties", s.AdditionalProperties.Schema)
		walk(where+"/not", s.Not)
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, m := range group {
				walk(where+"/member", m)
			}
		}
	}
	if doc.Components != nil {
		for name, s := range doc.Components.Schemas {
			walk("#/components/schemas/"+name, s)
		}
	}
	content := func(where string, c openapi3.Content) {
		for ct, mt := range c {
			if mt != nil {
				walk(where+"/"+ct, mt.Schema)
			}
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				content(where+" request", op.RequestBody.Value.Content)
			}
			for status, rr := range op.Responses.Map() {
				if rr != nil && rr.Value != nil {
					content(where+" "+status, rr.Value.Content)
				}
			}
			for _, p := range op.Parameters {
				if p.Value != nil {
					walk(where+" parameter "+p.Value.Name, p.Value.Schema)
				}
			}
		}
	}
}
