package needs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTB records what Component asks of a test instead of stopping it.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()      {}
func (f *fakeTB) Name() string { return "TestFake" }
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
}

func TestComponentFailsUnderCI(t *testing.T) {
	for _, ci := range []string{"true", "1", "TRUE"} {
		var out bytes.Buffer
		f := &fakeTB{}
		stop(f, ci, &out, "chromium", "apt-get install -y chromium")
		if f.skipped != "" || !strings.Contains(f.failed, "apt-get install -y chromium") || !strings.Contains(f.failed, "needs chromium") {
			t.Errorf("CI=%s: skipped %q, failed %q; want a failure naming the component and the hint", ci, f.skipped, f.failed)
		}
	}
}

func TestComponentSkipsAndSaysSoOutsideCI(t *testing.T) {
	for _, ci := range []string{"", "false", "0"} {
		var out bytes.Buffer
		f := &fakeTB{}
		stop(f, ci, &out, "chromium", "apt-get install -y chromium")
		if f.failed != "" || !strings.Contains(f.skipped, "apt-get install -y chromium") {
			t.Errorf("CI=%q: skipped %q, failed %q; want a skip with the hint", ci, f.skipped, f.failed)
		}
		line := out.String()
		for _, want := range []string{"SKIP TestFake (internal/needs)", "needs chromium", "apt-get install -y chromium", "CI=true"} {
			if !strings.Contains(line, want) {
				t.Errorf("CI=%q: printed %q, want it to contain %q", ci, line, want)
			}
		}
	}
}

func TestAppendingReadsFdinfoFlags(t *testing.T) {
	dir := t.TempDir()
	for flags, want := range map[string]bool{"0102001": true, "02001": true, "0100001": false, "01": false, "x": false} {
		p := filepath.Join(dir, "fdinfo")
		if err := os.WriteFile(p, []byte("pos:\t0\nflags:\t"+flags+"\nmnt_id:\t1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := appending(p); got != want {
			t.Errorf("flags %s: appending = %v, want %v", flags, got, want)
		}
	}
	if appending(filepath.Join(dir, "missing")) {
		t.Error("a missing fdinfo file reads as appending")
	}
}

// TestSkipShowsInPlainGoTest runs plain `go test ./...` on a module whose
// only test lacks its component, and checks the skip line is in the go
// command's output on two runs in a row (a cached "ok" would hide it), and
// that CI=true turns the skip into a failure. The package is internal, so
// the module gets a copy of its source.
func TestSkipShowsInPlainGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command; skipped with -short")
	}
	if _, err := os.Stat("/proc/self/fd/2"); err != nil {
		Component(t, "/proc", "the skip line reaches the go command's output through /proc (Linux); elsewhere it shows with -v only")
	}
	dir := widgetModule(t)
	for run := 1; run <= 2; run++ {
		out, err := goTest(dir, "CI=")
		if err != nil || !strings.Contains(out, "ok  \twidget/x") {
			t.Fatalf("run %d: go test: %v\n%s", run, err, out)
		}
		if !strings.Contains(out, "SKIP TestWidget (x): needs widget: install the widget") {
			t.Fatalf("run %d: plain go test ./... output does not show the skip:\n%s", run, out)
		}
	}
	out, err := goTest(dir, "CI=true")
	if err == nil || !strings.Contains(out, "FAIL") || !strings.Contains(out, "install the widget") {
		t.Fatalf("CI=true: go test ./... passed or did not name the hint (err %v):\n%s", err, out)
	}
}

// widgetModule writes a module holding a copy of this package and one test
// that needs a missing widget.
func widgetModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":      "module widget\n\ngo 1.25\n",
		"x/x_test.go": "package x\n\nimport (\n\t\"testing\"\n\n\t\"widget/needs\"\n)\n\nfunc TestWidget(t *testing.T) {\n\tneeds.Component(t, \"widget\", \"install the widget\")\n}\n",
	}
	for _, src := range []string{"needs.go", "console.go", "testdata/uncached"} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		files["needs/"+src] = string(b)
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// goTest runs plain `go test ./...` in dir with one extra environment
// variable and returns its standard output and error together.
func goTest(dir, env string) (string, error) {
	cmd := exec.Command("go", "test", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env, "GOFLAGS=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
