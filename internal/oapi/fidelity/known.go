package fidelity

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Contradiction is one example the spec's own schema refuses, so that no
// faithful client can round-trip it: a line of the known list.
type Contradiction struct {
	Spec   string // the corpus spec's name
	ID     string // the example's ID
	Reason string // why the example contradicts its schema, in words
	Line   int    // the line of the list
}

// ReadContradictions reads the known list: one example a line, as
// "spec<TAB>example ID<TAB>reason"; blank lines and lines starting with #
// are ignored. name is the file's name, for errors.
func ReadContradictions(r io.Reader, name string) ([]Contradiction, error) {
	var out []Contradiction
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[0] == "" || f[1] == "" || strings.TrimSpace(f[2]) == "" {
			return nil, fmt.Errorf("%s:%d:1: want spec<TAB>example ID<TAB>reason, got %q", name, n, line)
		}
		out = append(out, Contradiction{Spec: f[0], ID: f[1], Reason: f[2], Line: n})
	}
	return out, sc.Err()
}

// Validate checks the example of c against its body's schema with
// kin-openapi, and returns the validation error: nil means the schema
// accepts the example, so the example does not contradict it.
func Validate(c Case) error {
	if c.Schema == nil {
		return nil
	}
	var v any
	if err := json.Unmarshal(c.Example, &v); err != nil {
		return err
	}
	return c.Schema.VisitJSON(v, openapi3.MultiErrors())
}
