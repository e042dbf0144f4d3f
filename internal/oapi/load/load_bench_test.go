package load

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// The JSON specs of the shared corpus the load benchmark reads.
var benchSpecs = []string{"k8s.json", "api.github.com.json"}

// BenchmarkLoadJSON loads each JSON spec, side by side in one run:
//
//   - ours: Load (decode, ref resolution, origins, validation);
//   - floor: what kin-openapi does with the bytes when positions are not
//     needed, plus the same validation: openapi3.NewLoader().LoadFromData
//     (encoding/json and ref resolution, external refs off) then
//     T.Validate with Load's options;
//   - ours-decode and floor-decode: the same without validation;
//   - yaml: the route JSON specs took before, through the YAML parser.
//
// bench/load.sh runs it in rounds and prints the medians and ratios.
func BenchmarkLoadJSON(b *testing.B) {
	for _, name := range benchSpecs {
		path := filepath.Join(corpusDir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			b.Skipf("corpus not found: %v", err)
		}
		ctx := context.Background()
		b.Run(name+"/ours", timed(func(b *testing.B) {
			if _, err := load(ctx, path, data, false); err != nil {
				b.Fatal(err)
			}
		}))
		b.Run(name+"/floor", timed(func(b *testing.B) { floorLoad(b, ctx, path, data, true) }))
		b.Run(name+"/ours-decode", timed(func(b *testing.B) {
			if loadJSON(ctx, path, data) == nil {
				b.Fatal("not loaded as JSON")
			}
		}))
		b.Run(name+"/floor-decode", timed(func(b *testing.B) { floorLoad(b, ctx, path, data, false) }))
		b.Run(name+"/yaml", timed(func(b *testing.B) {
			if _, err := load(ctx, path, data, true); err != nil {
				b.Fatal(err)
			}
		}))
	}
}

// timed runs op in a benchmark loop and reports, besides the wall time,
// the CPU time of the process per op (cpu-ns/op: every thread, the garbage
// collector's included), which a machine shared with other jobs distorts
// less.
func timed(op func(b *testing.B)) func(b *testing.B) {
	return func(b *testing.B) {
		start := cpuTime()
		for b.Loop() {
			op(b)
		}
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
	}
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// floorLoad is the plain kin-openapi load of a JSON spec, validated as
// Load validates when validate is set.
func floorLoad(b *testing.B, ctx context.Context, path string, data []byte, validated bool) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.Context = ctx
	t, err := loader.LoadFromDataWithPath(data, &url.URL{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	if validated {
		_ = validate(ctx, &Doc{T: t, Path: path})
	}
}
