package fidelity

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
	"github.com/codebookgen/codebook/internal/oapi/load"
)

// modulePath is the module path of the throwaway module holding the
// generated client (package clientPkg at its root) and the program.
const (
	moduleName = "client"
	modulePath = "example.com/corpus/" + moduleName
	clientPkg  = "client"
)

// Case is the outcome of one example.
type Case struct {
	ID string
	// Err is why the example did not decode or encode, "" when it did.
	Err string
	// Diff is the first difference between the expected and the encoded
	// JSON, "" when they are equal (or when Err is set).
	Diff string
	// Dropped lists the properties the schema neither declares nor allows,
	// which the encoding may leave out.
	Dropped []string
	// Example is the example as JSON, for the report and the known list.
	Example json.RawMessage
	// Schema is the body's schema, for the known list's validation; nil
	// when the spec gives none.
	Schema *openapi3.Schema
}

// Decoded reports whether the example decoded and encoded without error.
func (c Case) Decoded() bool { return c.Err == "" }

// Equal reports whether the example came back the same.
func (c Case) Equal() bool { return c.Err == "" && c.Diff == "" }

// Report is the outcome of one spec.
type Report struct {
	Spec  corpus.Spec
	Cases []Case
	// Err is why the spec could not be checked at all (generation, build).
	Err error
}

// Counts returns the examples decoded, those equal, and the total.
func (r Report) Counts() (decoded, equal, total int) {
	for _, c := range r.Cases {
		if c.Decoded() {
			decoded++
		}
		if c.Equal() {
			equal++
		}
	}
	return decoded, equal, len(r.Cases)
}

// RoundTrip generates the client of spec into a temporary module with a
// program that round-trips every example of its JSON bodies (see
// Examples), runs it, and compares each encoding with the example (see
// Expected and Diff). root is this repository's root, for the replace
// directive of the module.
func RoundTrip(ctx context.Context, spec corpus.Spec, root string) Report {
	rep := Report{Spec: spec}
	doc, err := load.Load(ctx, spec.Path)
	if err != nil {
		rep.Err = err
		return rep
	}
	gen, err := oapi.Generate(ctx, spec.Path, oapi.Config{PackageName: clientPkg})
	if err != nil {
		rep.Err = fmt.Errorf("generate: %w", err)
		return rep
	}
	examples, err := Examples(doc, gen.API)
	if err != nil {
		rep.Err = err
		return rep
	}
	if len(examples) == 0 {
		return rep
	}
	prog, err := RoundTripProgram(modulePath, clientPkg, examples)
	if err != nil {
		rep.Err = fmt.Errorf("the round-trip program does not format (a harness bug): %w", err)
		return rep
	}
	lines, err := runProgram(ctx, gen.Files, map[string][]byte{ProgramDir + "/main.go": prog}, ProgramDir, root)
	if err != nil {
		rep.Err = err
		return rep
	}
	rep.Cases, rep.Err = compare(examples, lines)
	return rep
}

// runProgram writes the client's files and extra into a temporary module,
// builds the program in directory prog and runs it, returning its
// standard output.
func runProgram(ctx context.Context, files, extra map[string][]byte, prog, root string, args ...string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "fidelity-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := corpus.WriteModule(dir, moduleName, files, root); err != nil {
		return nil, err
	}
	for name, data := range extra {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return nil, err
		}
	}
	bin := filepath.Join(dir, "prog.bin")
	if out, err := corpus.Go(ctx, dir, "build", "-o", bin, "./"+prog); err != nil {
		return nil, fmt.Errorf("%w\n%s", err, firstLines(out, 30))
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("the generated program failed: %w\n%s", err, firstLines(stderr.String(), 30))
	}
	return out, nil
}

// compare reads the program's lines and compares each encoding with what
// its example should give.
func compare(examples []Example, out []byte) ([]Case, error) {
	cases := make([]Case, len(examples))
	seen := make([]bool, len(examples))
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r struct {
			I   int
			Err string
			Out json.RawMessage
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.I < 0 || r.I >= len(examples) {
			return nil, fmt.Errorf("the round-trip program printed %q", firstLines(sc.Text(), 1))
		}
		seen[r.I] = true
		cases[r.I] = compareOne(examples[r.I], r.Err, r.Out)
	}
	for i, ok := range seen {
		if !ok {
			return nil, fmt.Errorf("the round-trip program said nothing of %s", examples[i].ID)
		}
	}
	return cases, sc.Err()
}

// compareOne builds the Case of one example.
func compareOne(ex Example, errText string, out json.RawMessage) Case {
	c := Case{ID: ex.ID, Err: errText, Example: ex.JSON, Schema: ex.Schema}
	if errText != "" {
		return c
	}
	want, err := Decode(ex.JSON)
	if err != nil {
		c.Err = "the example: " + err.Error()
		return c
	}
	got, err := Decode(out)
	if err != nil {
		c.Err = "the encoding is not JSON: " + err.Error()
		return c
	}
	want, c.Dropped = Expected(ex.Schema, want)
	c.Diff = Diff(want, got)
	return c
}

// firstLines returns at most n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)\n", len(lines)-n))
	}
	return strings.Join(lines, "")
}
