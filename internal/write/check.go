package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Check compares files with what is on disk and returns a unified diff of
// every difference, or "" when everything is up to date.
func Check(files Files, dirs []string) (string, error) {
	var out strings.Builder
	for _, path := range files.Paths() {
		have, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(&out, "%s: missing (run go generate ./...)\n", path)
		case err != nil:
			return "", err
		case !bytes.Equal(have, files[path]):
			out.WriteString(diff(path, have, files[path]))
		}
	}
	stale, err := Stale(files, dirs)
	if err != nil {
		return "", err
	}
	for _, path := range stale {
		if isRetired(path) {
			fmt.Fprintf(&out, "%s: retired, no longer generated (the next go generate ./... removes it)\n", path)
			continue
		}
		fmt.Fprintf(&out, "%s: generated file no longer produced (run go generate ./...)\n", path)
	}
	return out.String(), nil
}

func diff(path string, have, want []byte) string {
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(have)), B: difflib.SplitLines(string(want)),
		FromFile: path + " (on disk)", ToFile: path + " (from spec)", Context: 2,
	})
	if err != nil {
		return fmt.Sprintf("%s: differs\n", path)
	}
	return text
}
