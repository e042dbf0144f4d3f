package main

import (
	"bytes"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// invoke runs the tool in-process and returns its exit code and output.
func invoke(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestHelpListsEveryCommand: "codebook help" names every command with its
// summary, and the exit codes.
func TestHelpListsEveryCommand(t *testing.T) {
	code, out, _ := invoke("help")
	assert.Equal(t, exitOK, code)
	for _, c := range commands() {
		assert.Contains(t, out, c.Name+strings.Repeat(" ", 10-len(c.Name))+c.Summary)
	}
	assert.Contains(t, out, "Exit codes:\n  0  success\n  1  problems found")
	assert.Contains(t, out, "2  usage error")
}

// TestEveryCommandHasHelp: help NAME and NAME -h print the same page, with
// a description, usage, flags, examples and exit codes, and exit 0.
func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.Name, func(t *testing.T) {
			code, page, _ := invoke("help", c.Name)
			assert.Equal(t, exitOK, code)
			assert.Contains(t, page, "codebook "+c.Name+": "+c.Summary+"\n\n")
			assert.Contains(t, page, "usage: codebook "+c.Name+" [flags]")
			assert.Contains(t, page, "\nExamples:\n\n  codebook "+c.Name)
			assert.Contains(t, page, "Exit codes:")
			assert.NotEmpty(t, strings.TrimSpace(c.Description))
			code, dashH, _ := invoke(c.Name, "-h")
			assert.Equal(t, exitOK, code)
			assert.Equal(t, page, dashH)
		})
	}
}

// TestUsageErrors: unknown commands, flags and arguments, and missing
// arguments exit 2 with the usage on stderr and nothing run.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{nil, "usage: codebook <command>"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"help", "lint", "extra"}, `unexpected argument "extra"`},
		{[]string{"generate", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"generate", "extra"}, `codebook generate: unexpected argument "extra"`},
		{[]string{"check", "-codes"}, "flag needs an argument: -codes"},
		{[]string{"lint", "a.yaml", "b.yaml"}, `unexpected argument "b.yaml"`},
		{[]string{"lint", "-json=maybe"}, "invalid boolean value"},
		{[]string{"client"}, "missing argument: want SPEC"},
		{[]string{"client", "a.yaml", "-package", "x", "b.yaml"}, `unexpected argument "b.yaml"`},
	}
	for _, c := range cases {
		code, out, errOut := invoke(c.args...)
		assert.Equal(t, exitUsage, code, "%q", c.args)
		assert.Empty(t, out, "%q", c.args)
		assert.Contains(t, errOut, c.want, "%q", c.args)
		assert.Contains(t, errOut, "usage: codebook", "%q", c.args)
	}
}

// TestFlagsAfterArguments are parsed as the go command parses them; after
// "--" everything is an argument.
func TestFlagsAfterArguments(t *testing.T) {
	code, out, _ := invoke("lint", "testdata/shop.yaml", "-json")
	assert.Equal(t, exitProblems, code, "an OpenAPI file is no codes.yaml")
	assert.True(t, strings.HasPrefix(out, "["), "-json after the argument applies: %s", out)
	code, _, errOut := invoke("lint", "--", "-json")
	assert.Equal(t, exitProblems, code)
	assert.Contains(t, errOut, "-json: no such file")
}

// TestPackageDocListsCommands: the package comment (go doc) lists every
// command with its help summary, and the exit codes help prints.
func TestPackageDocListsCommands(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "main.go", nil, parser.ParseComments|parser.PackageClauseOnly)
	if !assert.NoError(t, err) {
		return
	}
	text := f.Doc.Text()
	for _, c := range commands() {
		assert.Contains(t, text, "\t"+c.Name+strings.Repeat(" ", 10-len(c.Name))+c.Summary+"\n")
	}
	for _, line := range strings.Split(strings.TrimSpace(exitCodesHelp), "\n")[1:] {
		assert.Contains(t, text, "\t"+strings.TrimSpace(line)+"\n")
	}
}
