package browser

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/emit/docs"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/needs"
)

// chromiumPath finds Debian's chromium, or stops the test through
// needs.Component: a skip that shows in plain go test output, a failure
// under CI=true (.ci/run installs it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	needs.Component(t, "chromium", "install Debian's chromium package (apt-get install -y chromium); .ci/run does")
	return ""
}

// browser starts a headless Chromium with a fresh profile, bounded by a
// timeout, and records the URL of every request the page makes.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
}

func startBrowser(t *testing.T, exe string) *browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1400, 900))
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(ctx)
	t.Cleanup(cancelTab)
	b := &browser{ctx: ctx}
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if req, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, req.Request.URL)
			b.mu.Unlock()
		}
	}), "starting chromium")
	return b
}

// visibleRows returns the ids of the rows that take up space on the page.
func (b *browser) visibleRows(t *testing.T) []string {
	t.Helper()
	ids, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll("#codes tbody tr")).filter(r => r.getClientRects().length > 0).map(r => r.id)`))
	require.NoError(t, err)
	return ids
}

// search empties the search box and types q into it, key by key.
func (b *browser) search(t *testing.T, q string) {
	t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
		`(() => { const s = document.getElementById("search"); s.value = ""; s.dispatchEvent(new Event("input")); return true })()`))
	require.NoError(t, err)
	if q != "" {
		require.NoError(t, chromedp.Do(b.ctx, chromedp.SendKeys(chromedp.CSS("#search"), q)))
	}
}

// choose picks value in the select with the given id, as a user would.
func (b *browser) choose(t *testing.T, id, value string) {
	t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.getElementById(`+jsString(id)+`);
		s.value = `+jsString(value)+`;
		s.dispatchEvent(new Event("change"));
		return s.value === `+jsString(value)+`;
	})()`))
	require.NoError(t, err)
}

// jsString quotes a test's own constant for JavaScript.
func jsString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err)
	return s
}

// expectRows is what the page must show, computed from the catalogue with
// the rule the page documents: the query is in the code, the message (or a
// message template) or the category, ignoring case, and the row has the
// chosen provider and outcome.
func expectRows(cat catalogue, q, providerID, outcome string) []string {
	q = strings.ToLower(strings.TrimSpace(q))
	ids := []string{}
	for _, p := range cat.Providers {
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				text := strings.ToLower(strings.Join(append([]string{deref(r.Code), r.Message}, r.Match...), "\n"))
				found := strings.Contains(text, q) || strings.Contains(findCategory(r.Category), q)
				if found && (providerID == "" || p.ID == providerID) && (outcome == "" || r.Outcome == outcome) {
					ids = append(ids, r.Anchor)
				}
			}
		}
	}
	return ids
}

// The page, opened from a file in a real browser: typing filters the rows,
// the selects filter them, the count follows, hostile text stays text, and
// nothing is fetched from anywhere.
func TestHTMLInChromium(t *testing.T) {
	exe := chromiumPath(t)
	spec := loadSpec(t, docsFixture)
	spec.Providers = append(spec.Providers, loadSpec(t, hostileFixture).Providers...)
	files, err := docs.Emit(docs.Input{Spec: spec, Endpoints: fixtureEndpoints(spec)}, nil)
	require.NoError(t, err)
	cat := decodeCatalogue(t, files)
	page := filepath.Join(t.TempDir(), docs.HTMLFile)
	require.NoError(t, os.WriteFile(page, files[docs.HTMLFile], 0o644))
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()

	b := startBrowser(t, exe)
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("#search"))))
	all := expectRows(cat, "", "", "")
	assert.Equal(t, all, b.visibleRows(t), "every row shows before any filter")
	assert.Equal(t, len(all), countEntries(spec))

	b.search(t, "2010")
	got := b.visibleRows(t)
	assert.Equal(t, expectRows(cat, "2010", "", ""), got)
	assert.Equal(t, []string{"acme-transact-2010", "acme-lookup-2010"}, got, "only the Insufficient funds rows")
	assert.Contains(t, b.text(t, "#acme-transact-2010"), "Insufficient funds")
	assert.Equal(t, "2", b.text(t, "#shown"))
	writeScreenshot(t, b)

	assertSearches(t, b, cat)
	assertFilters(t, b, cat)
	assertInert(t, b, pageURL)
}

func countEntries(spec *model.Spec) int {
	n := 0
	for _, p := range spec.Providers {
		n += len(p.Entries())
	}
	return n
}

func assertSearches(t *testing.T, b *browser, cat catalogue) {
	t.Helper()
	for _, q := range []string{"FUNDS", "rate limited", "insufficient_funds", "{id}", "<script>", "0000", "no such thing"} {
		b.search(t, q)
		want := expectRows(cat, q, "", "")
		assert.Equal(t, want, b.visibleRows(t), "search %q", q)
		assert.Equal(t, len(want), atoi(b.text(t, "#shown")), "count for %q", q)
	}
	assert.Empty(t, expectRows(cat, "no such thing", "", ""))
	assert.Len(t, expectRows(cat, "<script>", "", ""), 1, "the hostile row is found by its text")
}

func assertFilters(t *testing.T, b *browser, cat catalogue) {
	t.Helper()
	b.search(t, "")
	b.choose(t, "outcome", "failed")
	want := expectRows(cat, "", "", "failed")
	assert.Equal(t, want, b.visibleRows(t), "outcome failed")
	assert.NotContains(t, want, "acme-transact-0000")
	b.choose(t, "provider", "topit")
	assert.Equal(t, expectRows(cat, "", "topit", "failed"), b.visibleRows(t), "provider topit, outcome failed")
	b.choose(t, "provider", "")
	b.search(t, "2010")
	b.choose(t, "outcome", "success")
	assert.Empty(t, b.visibleRows(t), "2010 is never a success")
	assert.Equal(t, "0", b.text(t, "#shown"))
	b.choose(t, "outcome", "")
	assert.Equal(t, expectRows(cat, "2010", "", ""), b.visibleRows(t))
}

// assertInert checks that no spec text ran as script and that the page
// fetched nothing but itself.
func assertInert(t *testing.T, b *browser, pageURL string) {
	t.Helper()
	pwned, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`typeof window.pwned !== "undefined"`))
	require.NoError(t, err)
	assert.False(t, pwned, "text from the spec ran as script")
	title, err := chromedp.Run(b.ctx, chromedp.Title())
	require.NoError(t, err)
	assert.Equal(t, "Response codes", title)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, u := range b.requests {
		assert.Equal(t, pageURL, u, "the page made a request")
	}
}

func writeScreenshot(t *testing.T, b *browser) {
	t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	path := os.Getenv("CODEBOOK_SCREENSHOT")
	if path == "" {
		path = filepath.Join(t.TempDir(), "codes.png")
	}
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot of the page after searching 2010: %s", path)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// The published page itself: docs/codes.html as go generate wrote it from
// spec/, searched for 2010 in a real browser. Every row left is an
// Insufficient funds row, and the others are hidden. The screenshot in
// README.md comes from this test (CODEBOOK_SCREENSHOT=docs-screenshot.png).
func TestPublishedPageInChromium(t *testing.T) {
	exe := chromiumPath(t)
	page, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "docs", docs.HTMLFile))
	require.NoError(t, err)
	require.FileExists(t, page, "run go generate ./... first")
	pageURL := (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String()

	b := startBrowser(t, exe)
	require.NoError(t, chromedp.Do(b.ctx, chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("#search"))))
	all := b.visibleRows(t)
	b.search(t, "2010")
	got := b.visibleRows(t)
	require.NotEmpty(t, got)
	assert.Less(t, len(got), len(all), "the search hides rows")
	for _, id := range got {
		assert.Contains(t, id, "2010")
		assert.Contains(t, b.text(t, "#"+id), "Insufficient funds")
	}
	assert.Equal(t, strconv.Itoa(len(got)), b.text(t, "#shown"))
	writeScreenshot(t, b)
}
