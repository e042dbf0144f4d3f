package gen

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// clientBenchSpecs are the specs of issue 14's whole-process comparison
// with the peers (bench/peers), from the shared corpus.
var clientBenchSpecs = []string{"tinkoff.json", "openai.yml", "k8s.json", "api.github.com.json"}

// BenchmarkClient measures Client (load, build, emit; not the write) on
// the corpus specs that bench/peers compares with oapi-codegen and ogen;
// run it with -cpuprofile to see where the whole process spends its time.
// It is skipped when the corpus is not beside the repository.
func BenchmarkClient(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "openapi")
	for _, name := range clientBenchSpecs {
		spec := filepath.Join(dir, name)
		if _, err := os.Stat(spec); err != nil {
			b.Skipf("corpus spec %s: %v", name, err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				out, err := Client(context.Background(), ClientConfig{Spec: spec, Package: "p", Out: "out"})
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Files) == 0 {
					b.Fatal("no files")
				}
			}
		})
	}
}
