package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/synthspec"
	"github.com/codebookgen/codebook/internal/validate"
	"github.com/codebookgen/codebook/internal/write"
)

// floorRun holds the durations of one iteration of BenchmarkGenerate: the
// pipeline and the three floor components, measured one after the other.
type floorRun struct {
	pipeline, parse, validate, write time.Duration
	alloc                            uint64 // bytes the pipeline allocated
	parseAlloc                       uint64 // bytes the yaml.v3 parse alone allocated
	out                              int    // bytes of output
}

// BenchmarkGenerate measures, on synthetic specs of growing size, the
// whole pipeline (load, validate, emit, write.Write into a temporary
// directory) and beside it, in the same iteration, the floor: a yaml.v3
// parse of the same file into a yaml.Node, validate.Spec alone on the
// loaded file, and os.WriteFile of the same output bytes. It reports the
// medians in ms, x-floor = pipeline / (parse + validate + write),
// alloc/out = bytes the pipeline allocated / bytes of output, and
// parse-alloc/out, the same for the yaml.v3 parse alone (the part of the
// allocation no emitter can remove); ns/code shows whether the cost grows
// linearly. bench/codes.sh runs it.
func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		path := filepath.Join(b.TempDir(), "codes.yaml")
		if err := os.WriteFile(path, synthspec.Codes(n), 0o644); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("codes=%d", n), func(b *testing.B) {
			var runs []floorRun
			for b.Loop() {
				runs = append(runs, floorIteration(b, path))
			}
			reportFloor(b, runs, n)
		})
	}
}

// floorIteration runs the pipeline, then each floor component, once.
func floorIteration(b *testing.B, path string) floorRun {
	b.Helper()
	dir := b.TempDir()
	var r floorRun
	cfg := Config{Codes: path, Out: filepath.Join(dir, "pipeline")}
	before := totalAlloc()
	start := time.Now()
	files, err := Generate(cfg)
	if err == nil {
		err = write.Write(files, cfg.Dirs())
	}
	r.pipeline = time.Since(start)
	r.alloc = totalAlloc() - before
	if err != nil {
		b.Fatal(err)
	}
	before = totalAlloc()
	r.parse = timed(b, func() error { return parseFloor(path) })
	r.parseAlloc = totalAlloc() - before
	f, err := load.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	r.validate = timed(b, func() error { _, err := validate.Spec(f); return err })
	plain := filepath.Join(dir, "plain")
	for _, p := range files.Paths() {
		if err := os.MkdirAll(filepath.Join(plain, filepath.Dir(p)), 0o755); err != nil {
			b.Fatal(err)
		}
		r.out += len(files[p])
	}
	r.write = timed(b, func() error { return writePlain(plain, files) })
	return r
}

// parseFloor reads path and parses it into a yaml.Node, as the loader
// must to keep positions.
func parseFloor(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var root yaml.Node
	return yaml.Unmarshal(data, &root)
}

// writePlain writes each file's bytes under dir with os.WriteFile.
func writePlain(dir string, files write.Files) error {
	for p, data := range files {
		if err := os.WriteFile(filepath.Join(dir, p), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// timed returns how long f took, failing b if it fails.
func timed(b *testing.B, f func() error) time.Duration {
	b.Helper()
	start := time.Now()
	err := f()
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func totalAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// reportFloor reports the medians of runs as benchmark metrics.
func reportFloor(b *testing.B, runs []floorRun, n int) {
	med := func(get func(floorRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	pipe := med(func(r floorRun) float64 { return ms(r.pipeline) })
	parse := med(func(r floorRun) float64 { return ms(r.parse) })
	valid := med(func(r floorRun) float64 { return ms(r.validate) })
	wr := med(func(r floorRun) float64 { return ms(r.write) })
	b.ReportMetric(pipe, "pipeline-ms")
	b.ReportMetric(parse, "parse-ms")
	b.ReportMetric(valid, "validate-ms")
	b.ReportMetric(wr, "write-ms")
	b.ReportMetric(med(func(r floorRun) float64 {
		return ms(r.pipeline) / (ms(r.parse) + ms(r.validate) + ms(r.write))
	}), "x-floor")
	b.ReportMetric(med(func(r floorRun) float64 { return float64(r.alloc) / float64(r.out) }), "alloc/out")
	b.ReportMetric(med(func(r floorRun) float64 { return float64(r.parseAlloc) / float64(r.out) }), "parse-alloc/out")
	b.ReportMetric(med(func(r floorRun) float64 { return float64(r.out) }), "out-bytes")
	b.ReportMetric(pipe*1e6/float64(n), "ns/code")
	b.ReportMetric(0, "ns/op")
}

// TestSyntheticSpecGenerates keeps the benchmark's input honest: the
// synthetic spec is valid and gives one constant per code.
func TestSyntheticSpecGenerates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "codes.yaml")
	if err := os.WriteFile(path, synthspec.Codes(2500), 0o644); err != nil {
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
