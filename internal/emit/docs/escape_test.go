package docs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkdownEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Insufficient funds":          "Insufficient funds",
		"a | b":                       `a \| b`,
		`back\slash`:                  `back\\slash`,
		"`code`":                      "\\`code\\`",
		"*/ func init() { x() } /*":   `\*/ func init() { x() } /\*`,
		"<script>alert(1)</script>":   `\<script\>alert(1)\</script\>`,
		"[x](javascript:alert(1))":    `\[x\](javascript:alert(1))`,
		"_e_ ~~s~~ # h & $x$":         `\_e\_ \~\~s\~\~ \# h \& \$x\$`,
		"one\ntwo\r\nthree\rfour":     "one<br>two<br>three<br>four",
		"ls\u2028ps\u2029end":         "ls<br>ps<br>end",
		"tab\there\x00nul":            "tab here nul",
		"日本語 message":                 "日本語 message",
		`{{.X}} %v "quote" 'apos'`:    `{{.X}} %v "quote" 'apos'`,
		"- not a list\n# not a title": `- not a list<br>\# not a title`,
	} {
		assert.Equal(t, want, md(in), "md(%q)", in)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"0000": "0000", "Insufficient Funds!": "insufficient-funds", "http_status": "http_status",
		"<s>": "s", `"'`: "", "日本": "日本", "  a -- b  ": "a-b", "POST /v1/{ref}": "post-v1-ref",
	} {
		assert.Equal(t, want, slug(in), "slug(%q)", in)
	}
	ids := newAnchors()
	assert.Equal(t, "p-t-a-b", ids.claim("p-t", "a.b"))
	assert.Equal(t, "p-t-a-b-2", ids.claim("p-t", "a b"), "a clash gets a suffix")
	assert.Equal(t, "p-t-name", ids.claim("p-t", "\"'", "Name"), "an empty slug falls back to the next")
	assert.Equal(t, "p-t", ids.claim("p-t"))
}

func TestHostileMarkdown(t *testing.T) {
	_, files := emitFixture(t, hostileFixture)
	doc := string(files["hostile.md"])
	for _, want := range []string{
		"# Hostile \\<b\\>Provider\\</b\\> \\| \\*bold\\*: response codes\n",
		"\nLine one<br>line two \\<script\\>window.pwned = 1\\</script\\>\n",
		"## Table \\`one\\` \\| {{.X}} \\\\ back\n",
		"\n<br>CRLF<br>LS<br>PS line\n",
		"### \\<s\\> · \\<script\\>window.pwned = 1\\</script\\>\n",
		"- **Description:** a \\| b<br>c \\*d\\* \\_e\\_ \\[f\\](https://evil.example/x) !\\[g\\](//evil.example/g.png)\n",
		"- **Resolution:** \\`raw\\` \\${x} \\</script\\> \\& \\&amp; \\*/ /\\*\n",
		"- **Doc note:** \\<img src=x onerror=\"window.pwned = 1\"\\> \\# not a heading \\~\\~strike\\~\\~\n",
		"| [\\<s\\>](#hostile-tbl-s) | 400 | \\<script\\>window.pwned = 1\\</script\\> | `failed` | `never` | `invalid_request` |\n",
		"### POST /a/{b}\\|\\*c\\*\n",
		"- **Operation:** op\\<1\\>\\|x\n",
		"The tables were captured from sources/\\[x\\](javascript:alert(1)).txt.",
	} {
		assert.Contains(t, doc, want)
	}
	assertMarkdownInert(t, "hostile.md", doc)
	_, files = emitFixture(t, genHostile)
	doc = string(files["hostile.md"])
	assert.Contains(t, doc, "### \\` · Product {id} \" does not exist\n")
	assert.Contains(t, doc, "- **Message:** \\*/ func init() { os.Exit(2) } /\\*\n")
	assert.Contains(t, doc, "- **Description:** newline<br>// injected<br>//go:generate echo pwned\n")
	assertMarkdownInert(t, "hostile.md", doc)
}

// assertMarkdownInert checks that the only raw HTML is the emitter's own
// (anchors, line breaks, the header comment) and that every table row has
// as many cells as its table's header.
func assertMarkdownInert(t *testing.T, name, doc string) {
	t.Helper()
	for i := strings.IndexByte(doc, '<'); i >= 0; i = next(doc, i) {
		if i > 0 && doc[i-1] == '\\' {
			continue
		}
		rest := doc[i:]
		ok := strings.HasPrefix(rest, `<a id="`) || strings.HasPrefix(rest, "</a>") ||
			strings.HasPrefix(rest, "<br>") || strings.HasPrefix(rest, "<!-- ")
		assert.True(t, ok, "%s: raw HTML at %q", name, rest[:min(len(rest), 30)])
	}
	cells := 0
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "|") {
			cells = 0
			continue
		}
		n := unescapedPipes(line)
		if cells == 0 {
			cells = n
		}
		assert.Equal(t, cells, n, "%s: a cell broke out of its table row: %s", name, line)
	}
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '<')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// unescapedPipes counts the pipes not preceded by an odd run of backslashes.
func unescapedPipes(line string) int {
	n, backslashes := 0, 0
	for _, r := range line {
		switch {
		case r == '\\':
			backslashes++
			continue
		case r == '|' && backslashes%2 == 0:
			n++
		}
		backslashes = 0
	}
	return n
}

func TestHostileHTML(t *testing.T) {
	_, files := emitFixture(t, hostileFixture)
	page := string(files[HTMLFile])
	for _, want := range []string{
		`<td class="text">&lt;script&gt;window.pwned = 1&lt;/script&gt;</td>`,
		`data-message="&lt;script&gt;window.pwned = 1&lt;/script&gt;"`,
		`<td class="text">it&#39;s &#34;quoted&#34; &lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;</td>`,
		`data-code="&#34;&#39;"`,
		`<td class="text note">&lt;img src=x onerror=&#34;window.pwned = 1&#34;&gt; # not a heading ~~strike~~</td>`,
		"<td class=\"text\">`raw` ${x} &lt;/script&gt; &amp; &amp;amp; */ /*</td>",
		`<option value="hostile">Hostile &lt;b&gt;Provider&lt;/b&gt; | *bold*</option>`,
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<script>window.pwned")
	assert.NotContains(t, page, "<img")
	assert.Equal(t, 3, strings.Count(page, "<tr"), "a header row and two code rows")
	assert.Equal(t, 3, strings.Count(page, "</tr>"))
}

func TestHostileJSON(t *testing.T) {
	spec, files := emitFixture(t, hostileFixture)
	raw := string(files[JSONFile])
	for _, want := range []string{
		`"message": "\u003cscript\u003ewindow.pwned = 1\u003c/script\u003e"`,
		`"resolution": "` + "`raw`" + ` ${x} \u003c/script\u003e \u0026 \u0026amp; */ /*"`,
		`"description": "\r\nCRLF\u2028LS\u2029PS line"`,
		`"message": "it's \"quoted\" \u003c/td\u003e\u003c/tr\u003e\u003ctr\u003e\u003ctd\u003e"`,
	} {
		assert.Contains(t, raw, want)
	}
	assert.NotContains(t, raw, "<")
	cat := decodeCatalogue(t, files)
	e := spec.Providers[0].Tables[0].Entries[1]
	r := cat.Providers[0].Tables[0].Rows[1]
	assert.Equal(t, e.Message, r.Message, "the catalogue holds the spec's text unchanged")
	assert.Equal(t, e.Description, r.Description)
	assert.Equal(t, e.Resolution, r.Resolution)
	require.True(t, json.Valid(files[JSONFile]))
}
