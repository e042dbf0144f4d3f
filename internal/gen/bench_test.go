package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// syntheticSpec returns a codes.yaml of one provider with n integer codes,
// split into tables of at most 1,000 rows, each row fully classified and
// with a message template, as a large real table would be.
func syntheticSpec(n int) []byte {
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

// BenchmarkGenerate measures the whole pipeline (load, validate, emit; not
// the write) on synthetic specs of growing size; ns/code shows whether the
// cost grows linearly. bench/codes.sh runs it and prints the ratios.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		path := filepath.Join(b.TempDir(), "codes.yaml")
		if err := os.WriteFile(path, syntheticSpec(n), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("codes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				files, err := Generate(Config{Codes: path, Out: "out"})
				if err != nil {
					b.Fatal(err)
				}
				if len(files) == 0 {
					b.Fatal("no files")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/code")
		})
	}
}

// TestSyntheticSpecGenerates keeps the benchmark's input honest: the
// synthetic spec is valid and gives one constant per code.
func TestSyntheticSpecGenerates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "codes.yaml")
	if err := os.WriteFile(path, syntheticSpec(2500), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := Generate(Config{Codes: path, Out: "out"})
	if err != nil {
		t.Fatal(err)
	}
	codes := string(files[filepath.Join("out", "synth", "codes.go")])
	if got := strings.Count(codes, " Entry = "); got != 2500 {
		t.Fatalf("got %d Entry constants, want 2500", got)
	}
}
