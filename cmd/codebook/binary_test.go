package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinary builds the command and runs it as a user does: the exit codes
// reach the shell.
func TestBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "codebook")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"help"}, 0, "usage: codebook <command>"},
		{[]string{"lint", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"lint", repoFile("internal", "lint", "testdata", "bad.yaml")}, 1, "bad.yaml:28:13: error: row"},
		{[]string{"lint", repoFile("spec", "codes.yaml")}, 0, "0 errors"},
	}
	for _, c := range cases {
		out, err := exec.Command(bin, c.args...).CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		assert.Equal(t, c.code, code, "codebook %s", strings.Join(c.args, " "))
		assert.Contains(t, string(out), c.want, "codebook %s", strings.Join(c.args, " "))
	}
}
