// Package synthspec writes synthetic codes files of any size, for the
// benchmarks of the code-table pipeline and the tests of the loader that
// read the same files.
package synthspec

import (
	"fmt"
	"strings"
)

// Codes returns a codes.yaml of one provider with n integer codes, split
// into tables of at most 1,000 rows, each row a one-line flow mapping, fully
// classified and with a message template, as a large real table would be.
func Codes(n int) []byte {
	var b strings.Builder
	b.WriteString("format: codebook/v1\nproviders:\n  - id: synth\n    name: Synthetic\n    code: {kind: integer}\n    tables:\n")
	for start := 0; start < n; start += 1000 {
		fmt.Fprintf(&b, "      - id: t%d\n        name: Table %d\n        rows:\n", start/1000, start/1000)
		for i := start; i < n && i < start+1000; i++ {
			fmt.Fprintf(&b, "          - {name: R%d, code: %d, http: 400, message: \"Failure %d for {ref}\", "+
				"description: Row %d of a synthetic table, resolution: Fix request %d, "+
				"outcome: failed, retry: after_fix, fault: caller, category: invalid_request}\n", i, i+1, i, i, i)
		}
	}
	return []byte(b.String())
}
