package codebook_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSafetyArgumentNamesRealTests: every test SAFETY.md ties a rule to
// exists in the repository, so that the argument cannot point at a test
// that was renamed or removed.
func TestSafetyArgumentNamesRealTests(t *testing.T) {
	doc, err := os.ReadFile("SAFETY.md")
	require.NoError(t, err)
	named := regexp.MustCompile("`(Test[A-Za-z0-9_]+)`").FindAllStringSubmatch(string(doc), -1)
	require.NotEmpty(t, named, "SAFETY.md names no test")
	defined := map[string]bool{}
	decl := regexp.MustCompile(`(?m)^func (Test[A-Za-z0-9_]+)\(`)
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
			defined[m[1]] = true
		}
		return err
	})
	require.NoError(t, err)
	for _, m := range named {
		assert.True(t, defined[m[1]], "SAFETY.md names %s, which no _test.go file defines", m[1])
	}
}
