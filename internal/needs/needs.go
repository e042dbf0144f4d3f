// Package needs stops a test that cannot run the real component it is
// about (Chromium, the ../shared corpus, a PostgreSQL server) in a way
// nobody can mistake for a pass: under CI=true the test fails; elsewhere it
// skips and prints one line to the go command's standard error, so that the
// skip shows in plain `go test ./...` output, not only with -v.
//
// Plain `go test ./...` discards everything a passing package's test binary
// writes, its standard error included, and prints only "ok". So the line is
// written where the go command (the test binary's parent) writes: its
// standard error, reopened through /proc on Linux when that is a terminal, a
// pipe or a file opened for appending. Elsewhere the line goes to the test
// binary's own standard error (seen with -v, or when the binary is run by
// hand). A skip is never cached by the go command, so the line shows on every
// run, not only the first.
package needs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// Component stops the test t, which needs the component name, missing on
// this machine; hint says how to get it (a package to install, a path to
// create, an environment variable to set). Under CI=true (any value
// strconv.ParseBool reads as true) the test fails with the hint. Otherwise
// it prints "SKIP <test> (<package dir>): needs <name>: <hint>" to the go
// command's standard error and skips. Call it from the test's goroutine,
// like t.Skip.
func Component(t testing.TB, name, hint string) {
	t.Helper()
	w, closeW := Console()
	defer closeW()
	stop(t, os.Getenv("CI"), w, name, hint)
}

// stop is Component with its environment passed in: the CI variable's value
// and where to print the skip line.
func stop(t testing.TB, ci string, w io.Writer, name, hint string) {
	t.Helper()
	if isCI(ci) {
		t.Fatalf("needs %s, which is missing, and CI=%s does not allow a skip: %s", name, ci, hint)
		return
	}
	fmt.Fprintf(w, "SKIP %s (%s): needs %s: %s (under CI=true this fails)\n", t.Name(), packageDir(), name, hint)
	uncached()
	t.Skipf("needs %s: %s", name, hint)
}

// isCI reports whether the CI variable's value asks for failures instead of
// skips.
func isCI(v string) bool {
	b, err := strconv.ParseBool(v)
	return err == nil && b
}

// packageDir names the test's package by its directory, relative to the
// module root when one is found above it.
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "?"
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			if rel, err := filepath.Rel(dir, wd); err == nil {
				return filepath.ToSlash(rel)
			}
			return wd
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// uncached keeps the go command from caching this test run, so that a
// second `go test ./...` prints the skip line again instead of replaying
// "ok": it sets the modification time of testdata/uncached beside this
// source file to now and reads it, and the go command does not cache a run
// that read a file of the module younger than two seconds (cmd/go's
// modTimeCutoff). Only the time changes, so git sees no change. Built with
// -trimpath, or from a read-only module cache, the file cannot be touched
// and the run may be cached.
func uncached() {
	_, src, _, ok := runtime.Caller(0)
	if !ok {
		return
	}
	p := filepath.Join(filepath.Dir(src), "testdata", "uncached")
	now := time.Now()
	if err := os.Chtimes(p, now, now); err != nil {
		return
	}
	_, _ = os.ReadFile(p)
}
