// Command codebook turns response-code tables and OpenAPI files into typed,
// classified Go, and checks them.
//
// Usage:
//
//	codebook <command> [flags] [arguments]
//
// The commands are:
//
//	generate  generate Go packages and docs from codes.yaml and OpenAPI files
//	client    generate a typed client (and server interfaces) for any OpenAPI 3.0/3.1 file
//	check     exit 1 with a diff when the generated files are stale
//	lint      report problems and doubtful rows of a codes.yaml
//	import    turn a provider's docs table into a draft codes.yaml
//	diff      show what changed between two versions of a codes.yaml; exit 1 on breaking changes
//	help      print help about a command
//
// Run "codebook help <command>" or "codebook <command> -h" for a command's
// description, flags and examples.
//
// Exit codes:
//
//	0  success
//	1  problems found (lint, check, diff) or generation failed
//	2  usage error: unknown command, unknown flag, missing or extra arguments
//
// From go generate:
//
//	//go:generate go run github.com/codebookgen/codebook/cmd/codebook generate -codes spec/codes.yaml -out generated
package main

import (
	"io"
	"os"
	"runtime/debug"
)

// Exit codes, documented in the package comment and in help.
const (
	exitOK       = 0 // success
	exitProblems = 1 // problems found, or generation failed
	exitUsage    = 2 // unknown command, flag or argument
)

// gcPercent is the garbage collector's target for this process. A run
// allocates a few hundred MB (a large spec's tree, then the rendered
// files) that stay mostly live until it exits, so the default of 100
// spends about a quarter of the CPU collecting what it cannot free. 400
// trades that for about twice the peak heap (api.github.com: 230 to 450
// MB). GOGC or GOMEMLIMIT in the environment take precedence.
const gcPercent = 400

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// tuneGC sets gcPercent unless the environment sets GOGC or GOMEMLIMIT.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(gcPercent)
	}
}

// commands returns the subcommands in the order help lists them. A new
// subcommand is one function returning its *command, in a file of its own,
// and one line here.
func commands() []*command {
	return []*command{
		generateCommand(),
		clientCommand(),
		checkCommand(),
		lintCommand(),
		importCommand(),
		diffCommand(),
	}
}

// run is main without the process: it dispatches args to a subcommand and
// returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 {
		printUsage(stderr, cmds)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(rest, stdout, stderr, cmds)
	}
	cmd := find(cmds, name)
	if cmd == nil {
		fmtf(stderr, "codebook: unknown command %q\n%s", name, shortUsage)
		return exitUsage
	}
	return cmd.execute(rest, stdout, stderr)
}
