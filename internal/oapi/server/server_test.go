package server

import (
	"context"
	"flag"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/build"
	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
	"github.com/codebookgen/codebook/internal/testmod"
)

var update = flag.Bool("update", false, "rewrite testdata/*/expected")

// codesNames are the names the stub code tables of testdata/stub declare,
// as the codes generator would for the provider "test".
var codesNames = []string{"Classify", "Code", "DecodeResponse", "Entry", "Response", "Table", "TableHolds", "TableResults"}

// generate builds spec as internal/gen does and emits its server.
func generate(t *testing.T, spec string, cfg Config) map[string][]byte {
	t.Helper()
	doc, err := load.Load(context.Background(), spec)
	require.NoError(t, err)
	reserved := append(append(append(emit.Reserved(), gocode.Refs().Names()...), Reserved()...), cfg.Reserved...)
	api, err := build.Build(doc, build.Options{Reserved: reserved, Codebook: true, Codes: gocode.Refs()})
	require.NoError(t, err)
	for _, op := range api.Operations {
		if op.Codebook != nil {
			op.Codebook.TableConst = naming.Table(op.Codebook.Table)
		}
	}
	files, err := Files(api, cfg)
	require.NoError(t, err)
	return files
}

// TestGolden compares the server of testdata/bank with its expected files
// (go test -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	got := generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: codesNames})
	dir := "testdata/bank/expected"
	if *update {
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for name, src := range got {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), src, 0o644))
		}
		return
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err, "run go test -run TestGolden -update to create the expected output")
	var want []string
	for _, e := range entries {
		want = append(want, e.Name())
	}
	require.Equal(t, want, slices.Sorted(maps.Keys(got)), "file set differs; run with -update if intended")
	for _, name := range want {
		data, err := os.ReadFile(filepath.Join(dir, name))
		require.NoError(t, err)
		if string(data) != string(got[name]) {
			diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
				A: difflib.SplitLines(string(data)), B: difflib.SplitLines(string(got[name])),
				FromFile: "want/" + name, ToFile: "got/" + name, Context: 2,
			})
			t.Errorf("%s differs (run with -update if intended):\n%s", name, diff)
		}
	}
}

// TestDeterministic generates twice and expects the same bytes.
func TestDeterministic(t *testing.T) {
	cfg := Config{Package: "bank", Reserved: codesNames}
	require.Equal(t, generate(t, "testdata/bank/spec.yaml", cfg), generate(t, "testdata/bank/spec.yaml", cfg))
}

// TestWithClient leaves the JSON helpers to the client's runtime, package
// apiclient, with a client and without one.
func TestWithClient(t *testing.T) {
	for _, client := range []bool{true, false} {
		files := generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: codesNames, Client: client})
		require.NotContains(t, string(files["server_models.go"]), "func oapiExtraFields")
		require.Contains(t, string(files["server_models.go"]), "apiclient.ExtraFields(")
	}
}

// TestReplyNamesAvoidTaken gives a reply type another name when the
// package already declares <Op>Reply.
func TestReplyNamesAvoidTaken(t *testing.T) {
	files := generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: append(slices.Clone(codesNames), "PlaceHoldReply")})
	src := string(files[ServerFile])
	require.Contains(t, src, "type PlaceHoldReply2 struct")
	require.NotContains(t, src, "type PlaceHoldReply struct")
}

// TestFixedNameTaken refuses a package that declares Server already.
func TestFixedNameTaken(t *testing.T) {
	api := &model.API{Source: "x.yaml", Operations: []*model.Operation{{Name: "Op", Method: "GET", Path: "/x"}}}
	_, err := Files(api, Config{Package: "p", Reserved: []string{"Server"}})
	require.ErrorContains(t, err, "already declares Server")
}

// TestPatterns checks the ServeMux patterns and the refused templates.
func TestPatterns(t *testing.T) {
	for path, want := range map[string]string{
		"/a":           "POST /a",
		"/a/{id}":      "POST /a/{id}",
		"/a/":          "POST /a/{$}",
		"/a/{id}.json": "",
		"/a/x{id}":     "",
		"/a/{a-b}":     "",
		"a":            "",
	} {
		got, err := muxPattern(&model.Operation{Method: "POST", Path: path})
		if want == "" {
			require.Error(t, err, path)
			continue
		}
		require.NoError(t, err, path)
		require.Equal(t, want, got)
	}
	api := &model.API{Source: "x.yaml", Operations: []*model.Operation{
		{Name: "A", Method: "GET", Path: "/a/{x}"}, {Name: "B", Method: "GET", Path: "/a/{y}"},
	}}
	_, err := Files(api, Config{Package: "p"})
	require.ErrorContains(t, err, "route alike")
}

// TestHostileText: spec text cannot end a comment, start a directive or
// inject code.
func TestHostileText(t *testing.T) {
	evil := "x */ y\n//go:generate rm -rf /\n//line evil.go:1\n/* z"
	api := &model.API{Source: "evil.yaml\n//go:build ignore", Title: evil, Operations: []*model.Operation{{
		Name: "Op", Method: "POST", Path: "/op", Summary: evil, Doc: evil,
		Responses: []*model.Response{{Status: "200", Code: 200, Doc: evil}, {Status: "//go:x", Doc: evil}},
	}}}
	files, err := Files(api, Config{Package: "p"})
	require.NoError(t, err)
	src := string(files[ServerFile])
	_, err = parser.ParseFile(token.NewFileSet(), ServerFile, src, parser.ParseComments)
	require.NoError(t, err)
	for i, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		require.False(t, strings.HasPrefix(trimmed, "//go:") || strings.HasPrefix(trimmed, "//line") || strings.HasPrefix(trimmed, "/*"),
			"line %d: %s", i+1, line)
	}
}

// TestCompileAndServe builds the golden output with stub code tables in a
// module of its own and runs testdata/stub/serve_test.go against it: the
// handler's routing, signature check, decoding and encoding, its refusals
// (strict keys, media types, options) and its replay protection.
func TestCompileAndServe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	files := map[string][]byte{}
	for name, src := range generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: codesNames}) {
		files["bank/"+name] = src
	}
	for _, name := range []string{"codes.go", "serve_test.go"} {
		src, err := os.ReadFile(filepath.Join("testdata", "stub", name+".txt"))
		require.NoError(t, err)
		files["bank/"+name] = src
	}
	dir := testmod.Consumer(t, files)
	testmod.Go(t, dir, "vet", "./...")
	out := testmod.Go(t, dir, "test", "-count=1", "-v", "./...")
	t.Log(out)
	for _, name := range []string{"TestServe", "TestOptions", "TestStrict", "TestReplay"} {
		require.Contains(t, out, "--- PASS: "+name)
	}
}

// TestReplayPlan: operations linked to a code table with a JSON body are
// answered once, by their x-codebook reference when they name one; an API
// without such operations does not ask for a replay store.
func TestReplayPlan(t *testing.T) {
	src := string(generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: codesNames})[ServerFile])
	require.Contains(t, src, "Reference: \"holdRef\",")
	require.Len(t, regexp.MustCompile(`\bReplay: +true,`).FindAllString(src, -1), 2, "placeHold and holdResult")
	require.Contains(t, src, `apiserver.New("NewServerHandler", true, opts...)`, "the handler needs a replay store")
	require.Contains(t, src, "apiserver.HandleJSON(h, apiserver.Operation{")

	body := &model.Body{Kind: model.BodyJSON, ContentType: "application/json", Type: model.Builtin("string")}
	api := &model.API{Source: "x.yaml", Operations: []*model.Operation{{Name: "Op", Method: "POST", Path: "/op", Body: body}}}
	files, err := Files(api, Config{Package: "p"})
	require.NoError(t, err)
	plain := string(files[ServerFile])
	require.Contains(t, plain, `apiserver.New("NewServerHandler", false, opts...)`, "no replay store asked for")
	require.NotRegexp(t, `\bReplay: +true,`, plain)
	require.Contains(t, plain, "apiserver.WithSignatureSecret, or apiserver.WithoutSignatureVerification", "every handler needs a secret or the opt-out")
	require.Regexp(t, `Media: +"application/json"`, plain)
}

// TestNoRuntimeEmitted: the generated server declares only what differs per
// API; the runtime is package apiserver's.
func TestNoRuntimeEmitted(t *testing.T) {
	src := string(generate(t, "testdata/bank/spec.yaml", Config{Package: "bank", Reserved: codesNames})[ServerFile])
	for _, gone := range []string{"srvHandler", "srvCall", "srvStrictKeys", "srvMediaOK", "srvReplayKey", "ServerMemoryStore",
		"ServerReplayStore", "ServerRecord", "ServerOption", "func WithSignatureSecret", "crypto/hmac", "sync.Mutex"} {
		require.NotContains(t, src, gone)
	}
	require.Contains(t, src, `"github.com/codebookgen/codebook/apiserver"`)
}
