package gocode_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/testmod"
)

// generatedPackage reads the Go files of generated/<name>, as go generate
// wrote them, keyed by their path in a consumer module.
func generatedPackage(t *testing.T, name string) map[string][]byte {
	t.Helper()
	dir := filepath.Join(testmod.Root(t), "generated", name)
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	files := map[string][]byte{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[name+"/"+filepath.Base(p)] = data
	}
	return files
}

// edit replaces old, which must occur exactly once, in files[path].
func edit(t *testing.T, files map[string][]byte, path, old, new string) {
	t.Helper()
	if n := strings.Count(string(files[path]), old); n != 1 {
		t.Fatalf("%s holds %q %d times, want once", path, old, n)
	}
	files[path] = []byte(strings.Replace(string(files[path]), old, new, 1))
}

// TestGuardBreaksTheBuild: a copy of generated/clickairtime in a module of
// its own builds as generated; with one constant of codes.go edited by
// hand, or two swapped (codes.go generated from another spec, apart from
// codes_guard.go), go build fails in codes_guard.go, whose comment says to
// run go generate; with a row's code edited in rows.go, go test fails with
// the guard test's message.
func TestGuardBreaksTheBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module with the go command; skipped in -short mode")
	}
	const codes, rows = "clickairtime/codes.go", "clickairtime/rows.go"
	if out, err := testmod.RunGo(testmod.Consumer(t, generatedPackage(t, "clickairtime")), "vet", "./..."); err != nil {
		t.Fatalf("the generated package does not vet as generated:\n%s", out)
	}
	for _, c := range []struct {
		name          string
		change        func(map[string][]byte)
		constant, why string
	}{
		{"a constant edited", func(f map[string][]byte) { edit(t, f, codes, "TopupSuccess Entry = 8\n", "TopupSuccess Entry = 99\n") },
			"8 - TopupSuccess (constant -91 of uint8 type Entry) overflows", "out of bounds"},
		{"two constants swapped", func(f map[string][]byte) {
			edit(t, f, codes, "TopupSuccess Entry = 8\n", "TopupSuccess Entry = 9\n")
			edit(t, f, codes, "TopupFailed Entry = 9\n", "TopupFailed Entry = 8\n")
		}, "TopupFailed - 9 (constant -1 of uint8 type Entry) overflows", "8 - TopupSuccess (constant -1 of uint8 type Entry) overflows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := generatedPackage(t, "clickairtime")
			c.change(files)
			out, err := testmod.RunGo(testmod.Consumer(t, files), "build", "./...")
			if err == nil {
				t.Fatal("go build succeeded; want the guard to break it")
			}
			for _, want := range []string{"codes_guard.go:", c.constant, c.why} {
				if !strings.Contains(out, want) {
					t.Errorf("go build output does not name %q:\n%s", want, out)
				}
			}
			if !strings.Contains(string(files["clickairtime/codes_guard.go"]), "Run go generate again") {
				t.Error("the guard's comment does not say to run go generate")
			}
		})
	}
	t.Run("a row's code edited", func(t *testing.T) {
		files := generatedPackage(t, "clickairtime")
		edit(t, files, rows, `table: TableTopup, code: 1, hasCode: true`, `table: TableTopup, code: 2, hasCode: true`)
		out, err := testmod.RunGo(testmod.Consumer(t, files), "test", "-count=1", "-run", "TestRowsAreTheSpecs", "./...")
		if err == nil || !strings.Contains(out, "TopupSuccess: table topup code 2 (true) HTTP 0; the spec gives table topup code 1 (true) HTTP 0: run go generate") {
			t.Errorf("go test: %v, want the guard test to fail naming the row:\n%s", err, out)
		}
	})
}
