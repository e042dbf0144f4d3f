package docs

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/write"
)

// Every entry of every table of every fixture has a row in the catalogue,
// and that row's anchor and message are in its provider's Markdown file and
// in the HTML page.
func TestEveryEntryAppears(t *testing.T) {
	for _, path := range fixtures {
		t.Run(path, func(t *testing.T) {
			spec, files := emitFixture(t, path)
			cat := decodeCatalogue(t, files)
			total := 0
			for _, p := range spec.Providers {
				doc := string(files[p.ID+".md"])
				require.NotEmpty(t, doc, "no Markdown file for provider %s", p.ID)
				for _, tb := range p.Tables {
					for _, e := range tb.Entries {
						total++
						r := findRow(t, cat, p.ID, tb.ID, e)
						assertEntryInMarkdown(t, doc, r, e)
						assert.Contains(t, string(files[HTMLFile]), `<tr id="`+r.Anchor+`"`)
					}
				}
			}
			assert.Equal(t, total, countRows(cat), "the catalogue has rows the spec does not")
			assert.Equal(t, total, strings.Count(string(files[HTMLFile]), "<tr id="))
			assertUniqueAnchors(t, cat)
		})
	}
}

func findRow(t *testing.T, cat catalogue, providerID, tableID string, e *model.Entry) *row {
	t.Helper()
	var found []*row
	for _, p := range cat.Providers {
		for _, tb := range p.Tables {
			if p.ID != providerID || tb.ID != tableID {
				continue
			}
			for _, r := range tb.Rows {
				if r.Name == e.Name && deref(r.Code) == e.Code && r.Message == e.Message {
					found = append(found, r)
				}
			}
		}
	}
	require.Len(t, found, 1, "catalogue rows for %s/%s/%s", providerID, tableID, e.Name)
	r := found[0]
	assert.Equal(t, e.Class.Outcome.String(), r.Outcome)
	assert.Equal(t, e.Class.Category.String(), r.Category)
	assert.Equal(t, e.Description, r.Description)
	assert.Equal(t, e.Resolution, r.Resolution)
	if e.HTTP != 0 {
		require.NotNil(t, r.HTTP)
		assert.Equal(t, e.HTTP, *r.HTTP)
	}
	return r
}

// assertEntryInMarkdown checks that the row's anchor comes right before its
// heading, and that its message, escaped, is in the section that follows.
func assertEntryInMarkdown(t *testing.T, doc string, r *row, e *model.Entry) {
	t.Helper()
	anchor := `<a id="` + r.Anchor + `"></a>` + "\n### "
	at := strings.Index(doc, anchor)
	require.GreaterOrEqual(t, at, 0, "no heading with anchor %s", r.Anchor)
	section := doc[at:]
	if end := strings.Index(section[len(anchor):], "\n<a id="); end >= 0 {
		section = section[:len(anchor)+end]
	}
	if e.Message != "" {
		assert.Contains(t, section, "- **Message:** "+md(e.Message)+"\n")
	}
	assert.Contains(t, section, "category `"+e.Class.Category.String()+"`")
	assert.Contains(t, doc, "](#"+r.Anchor+")", "the table of %s does not link to it", r.Anchor)
}

func countRows(cat catalogue) int {
	n := 0
	for _, p := range cat.Providers {
		for _, tb := range p.Tables {
			n += len(tb.Rows)
		}
	}
	return n
}

func assertUniqueAnchors(t *testing.T, cat catalogue) {
	t.Helper()
	seen := map[string]bool{}
	add := func(a string) {
		assert.False(t, seen[a], "anchor %q is used twice", a)
		assert.Regexp(t, `^[^\sA-Z#"'<>&]+$`, a)
		seen[a] = true
	}
	for _, p := range cat.Providers {
		add(p.Anchor)
		for _, tb := range p.Tables {
			add(tb.Anchor)
			for _, r := range tb.Rows {
				add(r.Anchor)
			}
		}
	}
	for _, e := range cat.Endpoints {
		add(e.Anchor)
	}
}

// A link to one code must keep working: anchors are made of the provider,
// table and code (or row name), nothing else.
func TestStableAnchors(t *testing.T) {
	_, files := emitFixture(t, okBasic)
	cat := decodeCatalogue(t, files)
	var got []string
	for _, p := range cat.Providers {
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				got = append(got, r.Anchor)
			}
		}
	}
	assert.Equal(t, []string{
		"acme-transact-0000", "acme-transact-2010", "acme-transact-ref12345notfound",
		"acme-lookup-2010",
		"topit-http_status-ok", "topit-http_status-unavailable", "topit-topup-1", "topit-topup-50",
		"topit-topup-60", "topit-topup-61",
	}, got)
}

func TestDeterministic(t *testing.T) {
	for _, path := range fixtures {
		spec := loadSpec(t, path)
		eps := fixtureEndpoints(spec)
		first, err := Emit(Input{Spec: spec, Endpoints: eps}, nil)
		require.NoError(t, err)
		slices.Reverse(eps)
		second, err := Emit(Input{Spec: loadSpec(t, path), Endpoints: eps}, nil)
		require.NoError(t, err)
		assert.Equal(t, first, second, "%s: the docs depend on something besides the spec", path)
	}
}

// Every file carries the marker by which package write finds stale
// generated files, near its top.
func TestGeneratedMarker(t *testing.T) {
	_, files := emitFixture(t, docsFixture)
	want := []string{"README.md", "acme.md", "topit.md", HTMLFile, JSONFile, SchemaFile}
	assert.ElementsMatch(t, want, keys(files))
	for name, data := range files {
		head := data[:min(len(data), 1024)]
		assert.True(t, bytes.Contains(head, []byte(write.Marker)), "%s lacks the generated-file marker", name)
		assert.True(t, bytes.HasSuffix(data, []byte("\n")), "%s does not end with a newline", name)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestEndpointsLinkCodes(t *testing.T) {
	_, files := emitFixture(t, docsFixture)
	cat := decodeCatalogue(t, files)
	require.Len(t, cat.Endpoints, 3)
	transact := cat.Endpoints[0]
	assert.Equal(t, "acme-op-transact", transact.Anchor, "sorted by provider, then path")
	assert.Equal(t, "POST", transact.Method)
	assert.Contains(t, transact.Codes, "acme-transact-2010")
	assert.Contains(t, transact.Codes, "acme-http_status-unavailable", "a fallback's rows are returned too")
	assert.NotContains(t, transact.Codes, "acme-lookup-2010")
	doc := string(files["acme.md"])
	assert.Contains(t, doc, "- **Returned by:** [POST /v1/transact](#acme-op-transact)\n")
	assert.Contains(t, doc, "- **Same row as:** [Transact API · 2010](#acme-transact-2010)\n")
	assert.Contains(t, doc, "- **Moves money:** yes.")
	assert.Contains(t, doc, "retry `after_delay` after 1m,")
}

func TestUnknownEndpointTable(t *testing.T) {
	spec := loadSpec(t, docsFixture)
	_, err := Emit(Input{Spec: spec, Endpoints: []Endpoint{
		{Provider: "acme", Table: "refunds", OperationID: "refund", Method: "POST", Path: "/refund", File: "openapi/acme.yaml"},
	}}, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `openapi/acme.yaml: operation "refund" (POST /refund) names table "refunds" of provider "acme"`)
}

// The page must not reach the network: no URL with a scheme or a //
// prefix in any attribute, no stylesheet or script from elsewhere.
func TestHTMLSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)\b(?:src|href|action|formaction|srcset|poster|data|xlink:href)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)`)
	for _, path := range fixtures {
		_, files := emitFixture(t, path)
		page := string(files[HTMLFile])
		assert.NotRegexp(t, external, page, path)
		for _, s := range []string{"<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "<base"} {
			assert.NotContains(t, strings.ToLower(page), s, path)
		}
		assert.Equal(t, 1, strings.Count(page, "<script"), "%s: only the page's own script", path)
	}
	_, files := emitFixture(t, docsFixture)
	page := string(files[HTMLFile])
	for _, s := range []string{"http://", "https://", "//"} {
		assert.NotContains(t, page, s, "a spec without URLs gives a page without any")
	}
}
