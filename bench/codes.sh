#!/usr/bin/env bash
# Measures the core numbers of issue #2 in one run on this machine:
#   1. Classify on the generated packages: ns/op and allocs/op;
#   2. the generator on synthetic specs of 1,000, 10,000 and 100,000 codes:
#      time, memory, and the ratio of per-code cost (linear growth keeps
#      ns/code flat).
# Machines here are shared and noisy: compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Classify (internal/conformance)"
go test -run '^$' -bench 'Classify' -benchtime 2s -count 1 ./internal/conformance | grep -E '^Benchmark'

echo
echo "== Generate (internal/gen, load+validate+emit, no write)"
out=$(go test -run '^$' -bench 'BenchmarkGenerate' -benchtime 1x -count 1 ./internal/gen | grep -E '^Benchmark')
echo "$out"
echo "$out" | awk '
	{ for (i = 1; i <= NF; i++) if ($(i+1) == "ns/code") { n[NR] = $i } ; name[NR] = $1 }
	END {
		if (n[1] > 0) {
			printf "per-code cost relative to 1,000 codes: 10,000 = %.2fx, 100,000 = %.2fx (1.00x is linear)\n", n[2]/n[1], n[3]/n[1]
		}
	}'
