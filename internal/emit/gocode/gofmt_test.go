package gocode_test

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/emit/gocode"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/testmod"
	"github.com/codebookgen/codebook/internal/validate"
)

// TestGeneratedFilesAreGofmtClean runs go/format over every Go file of
// generated/ and of every golden case: the emitter writes its bulk text
// as gofmt prints it, so gofmt must not change a byte.
func TestGeneratedFilesAreGofmtClean(t *testing.T) {
	root := testmod.Root(t)
	n := 0
	for _, dir := range []string{filepath.Join(root, "generated"), filepath.Join(root, "internal", "gen", "testdata", "cases")} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			n++
			assertGofmtClean(t, path, data)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("checked %d files, expected the generated packages and the golden cases", n)
	}
}

// TestEmittedFilesAreGofmtClean emits varied synthetic providers (string
// and integer codes, rows with and without code, status, message,
// description and delay, text in several scripts and with Go syntax in
// it) and checks that gofmt changes no byte of any file.
func TestEmittedFilesAreGofmtClean(t *testing.T) {
	for seed := range uint64(4) {
		data := variedSpec(seed)
		f, err := load.Parse("codes.yaml", data)
		if err != nil {
			t.Fatal(err)
		}
		spec, err := validate.Spec(f)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for _, p := range spec.Providers {
			files, err := gocode.Provider(p, "codes.yaml")
			if err != nil {
				t.Fatal(err)
			}
			for name, src := range files {
				assertGofmtClean(t, fmt.Sprintf("seed %d %s/%s", seed, p.GoPackage, name), src)
			}
		}
	}
}

func assertGofmtClean(t *testing.T, name string, src []byte) {
	t.Helper()
	got, err := format.Source(src)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if !bytes.Equal(got, src) {
		t.Errorf("%s: gofmt changes it, first at byte %d", name, firstDiff(got, src))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// variedSpec returns a codes.yaml of two providers, one with string codes
// and one with integer codes, whose rows mix every optional field.
func variedSpec(seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 14))
	words := []string{"Ünï", "日本", "x", `\"q\"`, "*/", "// y", "a`b", `tab\tz`, "%v", "{{.X}}", "€",
		"longlonglonglonglonglong", "- item", "1. num", "  sp", `\u2028ls`, `line\nbreak`}
	text := func(n int) string {
		var parts []string
		for range r.IntN(n) {
			parts = append(parts, words[r.IntN(len(words))])
		}
		return strings.TrimSpace(strings.Join(parts, " "))
	}
	classes := []string{"outcome: failed, retry: never, fault: caller, category: invalid_request",
		"outcome: failed, retry: after_fix, fault: caller, category: invalid_product",
		"outcome: uncertain, retry: reconcile, fault: unknown, category: unknown",
		"outcome: success, retry: never, fault: none, category: none",
		"outcome: failed, retry: after_delay, fault: upstream, category: rate_limited"}
	delays := []string{"1m", "90s", "2h", "1500ms"}
	var b strings.Builder
	b.WriteString("format: codebook/v1\nproviders:\n")
	for pi, kind := range []string{"string", "integer"} {
		fmt.Fprintf(&b, "  - id: p%d\n    name: \"Prov %d ü\"\n    code: {kind: %s}\n    tables:\n", pi, pi, kind)
		for ti := range 3 {
			fmt.Fprintf(&b, "      - id: t_%d\n        name: \"Table %d é\"\n        rows:\n", ti, ti)
			for ri := range 40 + r.IntN(200) {
				fields := []string{fmt.Sprintf("name: N%d%s", ri, strings.Repeat("x", r.IntN(30)))}
				hasCode := r.IntN(5) > 0
				if hasCode && kind == "string" {
					fields = append(fields, fmt.Sprintf(`code: "%d"`, ri*7+r.IntN(7)))
				} else if hasCode {
					fields = append(fields, fmt.Sprintf("code: %d", ri*7+r.IntN(7)))
				}
				if r.IntN(2) == 0 {
					fields = append(fields, fmt.Sprintf("http: %d", []int{200, 400, 404, 500}[r.IntN(4)]))
				}
				if msg := text(12); msg != "" || !hasCode {
					fields = append(fields, fmt.Sprintf(`message: "%s m%d"`, msg, ri))
				}
				if d := text(40); d != "" {
					fields = append(fields, fmt.Sprintf(`description: "%s"`, d))
				}
				class := classes[r.IntN(len(classes))]
				if strings.Contains(class, "after_delay") {
					fields = append(fields, "retry_after: "+delays[r.IntN(len(delays))])
				}
				fmt.Fprintf(&b, "          - {%s, %s}\n", strings.Join(fields, ", "), class)
			}
		}
	}
	return []byte(b.String())
}
