package conformance

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/testmod"
)

const directive = "//go:generate go run ./cmd/codebook generate "

// generateArgs returns the arguments of the repository's go:generate
// directive, so that this test checks exactly what go generate writes.
func generateArgs(t *testing.T, root string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "generate.go"))
	require.NoError(t, err)
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if args, ok := strings.CutPrefix(s.Text(), directive); ok {
			return strings.Fields(args)
		}
	}
	require.NoError(t, s.Err())
	t.Fatalf("generate.go has no line starting %q", directive)
	return nil
}

// TestGeneratedFilesAreFresh fails when go generate ./... would change
// anything under generated/ or docs/, and prints the diff.
func TestGeneratedFilesAreFresh(t *testing.T) {
	root := testmod.Root(t)
	args := append([]string{"run", "./cmd/codebook", "check"}, generateArgs(t, root)...)
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "generated files are stale; run go generate ./... and commit:\n%s", out)
}

// TestGoGenerateRunsOnlyTheRepositoryDirective fails when go generate ./...
// would run anything but generate.go's directive: a help text or example
// holding a line that starts with the directive is run by go generate too.
func TestGoGenerateRunsOnlyTheRepositoryDirective(t *testing.T) {
	root := testmod.Root(t)
	cmd := exec.Command("go", "generate", "-n", "./...")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	want := "go run ./cmd/codebook generate " + strings.Join(generateArgs(t, root), " ")
	require.Equal(t, []string{want}, strings.Split(strings.TrimSpace(string(out)), "\n"),
		"go generate ./... must run generate.go's directive alone")
}
