#!/usr/bin/env bash
# Measures the core numbers of issue #2 in one run on this machine:
#   1. Classify on the generated packages: ns/op and allocs/op;
#   2. the generator on synthetic specs of 1,000, 10,000 and 100,000 codes:
#      the pipeline as a ratio to its floor (parse + validate + write,
#      measured in the same iterations), allocation per output byte, and
#      the ratio of per-code cost (linear growth keeps ns/code flat).
#      GEN_COUNT (default 5) sets the iterations per size.
# Machines here are shared and noisy: compare ratios within one run.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Classify (internal/conformance)"
go test -run '^$' -bench 'Classify' -benchtime 2s -count 1 ./internal/conformance | grep -E '^Benchmark'

echo
echo "== Generate (internal/gen): the pipeline (load + validate + emit + write.Write) beside its floor,"
echo "   measured alternately in the same iterations: yaml.v3 parse into a yaml.Node, validation alone,"
echo "   os.WriteFile of the same bytes. Medians of ${GEN_COUNT:=5} iterations per size; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(go test -run '^$' -bench 'BenchmarkGenerate' -benchtime "${GEN_COUNT}x" -count 1 ./internal/gen | grep -E '^Benchmark')
echo "$out"
echo "$out" | awk '
	{
		for (i = 2; i <= NF; i++) v[$(i+1)] = $i
		printf "%-28s pipeline %9.1f ms = %5.2fx floor (parse %8.1f + validate %7.1f + write %6.1f ms); allocated %5.1fx the output (the parse alone: %4.1fx); %.0f ns/code\n",
			$1, v["pipeline-ms"], v["x-floor"], v["parse-ms"], v["validate-ms"], v["write-ms"], v["alloc/out"], v["parse-alloc/out"], v["ns/code"]
		n[NR] = v["ns/code"]
	}
	END {
		if (n[1] > 0) {
			printf "per-code cost relative to 1,000 codes: 10,000 = %.2fx, 100,000 = %.2fx (1.00x is linear)\n", n[2]/n[1], n[3]/n[1]
		}
	}'
