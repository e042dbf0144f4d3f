package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one subcommand: its documentation, its flags and what it
// runs. Every field but Setup is text for help.
type command struct {
	// Name is the word after "codebook".
	Name string
	// Summary is the one line of the command list.
	Summary string
	// Args is the synopsis of the positional arguments, such as "OLD NEW";
	// empty when the command takes none.
	Args string
	// MinArgs and MaxArgs bound the number of positional arguments; more
	// or fewer is a usage error (exit 2).
	MinArgs, MaxArgs int
	// Description is what the command does, in paragraphs.
	Description string
	// Examples are command lines, each optionally preceded by "# comment" lines.
	Examples string
	// Setup declares the command's flags on fs and returns the function
	// that runs it with the positional arguments once the flags are
	// parsed. It returns an exit code.
	Setup func(fs *flag.FlagSet) func(args []string, stdout, stderr io.Writer) int
}

// execute parses the flags and arguments (flags may come before or after
// the arguments) and runs the command; -h prints its help and exits 0.
func (c *command) execute(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("codebook "+c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runFn := c.Setup(fs)
	positional, err := parseInterspersed(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.printHelp(stdout, fs)
		return exitOK
	case err != nil:
		return c.usageError(stderr, fs, err.Error())
	case len(positional) < c.MinArgs:
		return c.usageError(stderr, fs, fmt.Sprintf("missing argument: want %s", c.Args))
	case len(positional) > c.MaxArgs:
		return c.usageError(stderr, fs, fmt.Sprintf("unexpected argument %q", positional[c.MaxArgs]))
	}
	return runFn(positional, stdout, stderr)
}

// parseInterspersed parses flags wherever they are among the positional
// arguments, as the go command does; "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// usageError prints the problem and the command's usage to stderr and
// returns exitUsage.
func (c *command) usageError(stderr io.Writer, fs *flag.FlagSet, msg string) int {
	fmtf(stderr, "codebook %s: %s\n", c.Name, msg)
	c.printUsage(stderr, fs)
	fmtf(stderr, "Run 'codebook help %s' for details.\n", c.Name)
	return exitUsage
}

// synopsis is the usage line of the command.
func (c *command) synopsis() string {
	s := "codebook " + c.Name + " [flags]"
	if c.Args != "" {
		s += " " + c.Args
	}
	return s
}

// printUsage prints the usage line and the flags.
func (c *command) printUsage(w io.Writer, fs *flag.FlagSet) {
	fmtf(w, "usage: %s\n", c.synopsis())
	if hasFlags(fs) {
		fmtf(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// printHelp prints the description, usage, flags, examples and exit codes.
func (c *command) printHelp(w io.Writer, fs *flag.FlagSet) {
	fmtf(w, "codebook %s: %s\n\n%s\n\n", c.Name, c.Summary, strings.TrimSpace(c.Description))
	c.printUsage(w, fs)
	if c.Examples != "" {
		fmtf(w, "\nExamples:\n\n%s\n", indent(strings.TrimSpace(c.Examples)))
	}
	fmtf(w, "\n%s", exitCodesHelp)
}

// exitCodesHelp is the exit code table every help page ends with.
const exitCodesHelp = `Exit codes:
  0  success
  1  problems found (lint, check, diff) or generation failed
  2  usage error: unknown command, unknown flag, missing or extra arguments
`

// hasFlags reports whether fs declares any flag.
func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// indent indents every non-empty line by two spaces.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// fmtf is fmt.Fprintf for output whose write errors nobody can act on.
func fmtf(w io.Writer, format string, args ...any) {
	_, _ = fmt.Fprintf(w, format, args...)
}
