package consumer

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
)

const (
	module = "github.com/codebookgen/codebook"
	tool   = module + "/cmd/codebook"
)

// denied are modules that no consumer of codebook may ever get, in go.mod
// or go.sum: this repository's own tools (staticcheck), the docs page's
// browser test (chromedp), and the journal stores' drivers (sqlite, pgx).
var denied = []string{
	"honnef.co/go/tools", "golang.org/x/tools", "github.com/chromedp/", "modernc.org/", "github.com/jackc/",
}

// testOnly are modules `go mod tidy` requires in a module that uses the
// generator as a tool although no package of the generator imports them:
// gopkg.in/yaml.v3 and github.com/oasdiff/yaml3 (kin-openapi's YAML) are
// modules without module graph pruning, so tidy loads their tests too, and
// those import gopkg.in/check.v1 -> github.com/kr/pretty ->
// github.com/rogpeppe/go-internal, which their go.mod files do not list.
var testOnly = []string{"github.com/rogpeppe/go-internal"}

// TestImporterFootprint: a module that imports a generated package and
// classifies a response requires codebook and nothing else after go mod
// tidy (the runtime is the standard library), and go.sum holds none of
// the denied modules (only what the tests of the imported packages use:
// tidy checks their imports one level deep).
func TestImporterFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	dir := newModule(t, "example.com/importer", true, map[string]string{"main.go": `package main

import (
	"fmt"

	"github.com/codebookgen/codebook/generated/clickairtime"
)

func main() {
	res := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(` + "`" + `{"code": 90}` + "`" + `), "code", "message")
	fmt.Println(res.Class.Outcome, res.Err() != nil)
}
`})
	testmod.Go(t, dir, "mod", "tidy")
	assert.Equal(t, []string{module}, testmod.Requirements(t, dir), "go.mod of a module importing generated/clickairtime")
	sums := testmod.SumModules(t, dir)
	t.Logf("go.sum: code of %d modules (for the tests of the imported packages): %s", len(sums), strings.Join(sums, ", "))
	for _, m := range sums {
		assert.False(t, isDenied(m), "go mod tidy downloaded %s", m)
	}
	assert.Equal(t, "uncertain true\n", testmod.Go(t, dir, "run", "."), "code 90 (duplicate reference): uncertain, an error")
}

// TestToolFootprint: a module that runs the generator as a tool (go get
// -tool, then go tool codebook generate on a spec of its own) requires only
// the modules the generator's packages import, plus what go mod tidy adds
// for third-party tests (testOnly), and never a denied module.
func TestToolFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped with -short")
	}
	dir := newModule(t, "example.com/tooluser", false, map[string]string{
		"codes.yaml": smallSpec,
		"main.go": `package main

` + "//go:" + `generate go tool codebook generate -codes codes.yaml -out codes

import (
	"fmt"

	"example.com/tooluser/codes/shoppay"
)

func main() {
	fmt.Println(shoppay.ClassifyHTTP(shoppay.TableCharge, 200, nil, []byte(` + "`" + `{"code": "91"}` + "`" + `), "code", "message").Class.Outcome)
}
`,
	})
	goGetTool(t, dir)
	testmod.Go(t, dir, "generate", "./...")
	assert.Equal(t, "uncertain\n", testmod.Go(t, dir, "run", "."))
	testmod.Go(t, dir, "mod", "tidy")

	imported := toolModules(t, dir)
	t.Logf("modules the generator's packages import: %s", strings.Join(imported, ", "))
	for _, m := range imported {
		assert.False(t, isDenied(m), "the generator imports %s", m)
	}
	reqs := testmod.Requirements(t, dir)
	t.Logf("go.mod requires %d modules: %s", len(reqs), strings.Join(reqs, ", "))
	assert.Contains(t, reqs, module)
	for _, m := range reqs {
		if m != module && !slices.Contains(imported, m) && !slices.Contains(testOnly, m) {
			t.Errorf("go.mod requires %s, which no package of the generator imports", m)
		}
	}
	for _, m := range testmod.SumModules(t, dir) {
		assert.False(t, isDenied(m), "go mod tidy downloaded %s", m)
	}
}

// smallSpec is a consumer's own code table.
const smallSpec = `format: codebook/v1
providers:
  - id: shoppay
    name: Shop Pay
    code: {kind: string}
    tables:
      - id: charge
        name: Charge API
        rows:
          - {code: "00", message: Approved, outcome: success, retry: never, fault: none, category: none}
          - {code: "91", message: Issuer unavailable, outcome: uncertain, retry: reconcile, fault: upstream, category: unavailable}
`

// newModule writes a module at a temporary directory: go.mod with a
// replace directive pointing at this checkout (and, with requireCodebook,
// the requirement the replace applies to), and files.
func newModule(t *testing.T, path string, requireCodebook bool, files map[string]string) string {
	t.Helper()
	gomod := "module " + path + "\n\ngo 1.25\n"
	if requireCodebook {
		gomod += "\nrequire " + module + " v0.0.0\n"
	}
	gomod += "\nreplace " + module + " => " + testmod.Root(t) + "\n"
	all := map[string][]byte{"go.mod": []byte(gomod)}
	for name, body := range files {
		all[name] = []byte(body)
	}
	return testmod.Files(t, all)
}

// goGetTool adds the generator as a tool. GOPROXY=off: the module is not
// published, and a proxy asked about github.com/codebookgen/codebook/cmd/...
// refuses (403) instead of answering "not found", which stops go get before
// it tries the replaced module; the generator's dependencies come from the
// module cache, which building this checkout filled.
func goGetTool(t *testing.T, dir string) {
	t.Helper()
	out, err := testmod.RunGoEnv(dir, []string{"GOPROXY=off"}, "get", "-tool", tool)
	require.NoError(t, err, "go get -tool %s:\n%s", tool, out)
}

// toolModules lists the modules of the packages the tool imports (tests
// aside), this repository's own left out.
func toolModules(t *testing.T, dir string) []string {
	t.Helper()
	out := testmod.Go(t, dir, "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", tool)
	var mods []string
	for _, m := range strings.Fields(out) {
		if m != module && !slices.Contains(mods, m) {
			mods = append(mods, m)
		}
	}
	slices.Sort(mods)
	return mods
}

func isDenied(m string) bool {
	for _, d := range denied {
		if m == d || strings.HasPrefix(m, d) && strings.HasSuffix(d, "/") {
			return true
		}
	}
	return false
}
