package main

import (
	"flag"
	"io"
)

// runHelp prints the command list, or the help of the one command named.
func runHelp(args []string, stdout, stderr io.Writer, cmds []*command) int {
	switch {
	case len(args) == 0:
		printUsage(stdout, cmds)
		return exitOK
	case len(args) > 1:
		fmtf(stderr, "codebook help: unexpected argument %q\nusage: codebook help [command]\n", args[1])
		return exitUsage
	}
	cmd := find(cmds, args[0])
	if cmd == nil {
		fmtf(stderr, "codebook help: unknown command %q\n%s", args[0], shortUsage)
		return exitUsage
	}
	fs := flag.NewFlagSet("codebook "+cmd.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cmd.Setup(fs)
	cmd.printHelp(stdout, fs)
	return exitOK
}

// shortUsage is printed after a usage error that names no command.
const shortUsage = "usage: codebook <command> [flags] [arguments]\nRun 'codebook help' for the list of commands.\n"

// printUsage prints the tool's usage and its command list.
func printUsage(w io.Writer, cmds []*command) {
	fmtf(w, "codebook turns response-code tables and OpenAPI files into typed, classified Go.\n\n")
	fmtf(w, "usage: codebook <command> [flags] [arguments]\n\nCommands:\n")
	for _, c := range cmds {
		fmtf(w, "  %-9s %s\n", c.Name, c.Summary)
	}
	fmtf(w, "  %-9s %s\n\n", "help", "print help about a command")
	fmtf(w, "Run 'codebook help <command>' for a command's description, flags and examples.\n\n%s", exitCodesHelp)
}

// find returns the command called name, or nil.
func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// goGenerate is the go:generate directive's prefix, spelled apart so that
// the examples that show it are not lines go generate would run.
const goGenerate = "//go:" + "generate"
