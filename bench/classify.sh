#!/usr/bin/env bash
# Issue 14, runtime side: the generated ClassifyHTTP and Classify against the
# hand-written code a careful integrator writes (json.Unmarshal into a
# two-field struct plus a switch; internal/conformance/handwritten_test.go),
# in one `go test -bench` binary. Each pair runs one after the other, and
# the whole round COUNT times (default 10), so that the two sides of a pair
# alternate (go test -count would run one side COUNT times, then the
# other); the script prints the median ns/op and allocs/op of
# each side and their ratio (generated / hand). Targets: ClassifyHTTP at
# most 1.2x with at most hand + 2 allocs; Classify at most 1.0x, 0 allocs.
# The machine is shared: read ratios, not absolute times, and note the load.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-10}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-48s %10s %10s %7s %7s %7s\n" "pair (median of $count rounds)" "gen ns/op" "hand ns/op" "ratio" "gen al" "hand al"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go test -c -o "$bin/conformance.test" ./internal/conformance
for _ in $(seq "$count"); do
	(cd internal/conformance && "$bin/conformance.test" -test.run '^$' -test.bench 'SideBySide' -test.benchtime "${BENCHTIME:-1s}" -test.benchmem)
done |
	awk '
	/^BenchmarkSideBySide/ {
		name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
		for (i = 2; i <= NF; i++) {
			if ($(i+1) == "ns/op") ns[name] = ns[name] " " $i
			if ($(i+1) == "allocs/op") al[name] = al[name] " " $i
		}
	}
	function median(list,    a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	END {
		for (name in ns) {
			if (name !~ /\/generated$/) continue
			base = name; sub(/\/generated$/, "", base)
			hand = base "/hand"
			g = median(ns[name]); h = median(ns[hand])
			printf "%-48s %10.1f %10.1f %6.2fx %7d %7d\n", base, g, h, g / h, median(al[name]), median(al[hand])
		}
	}' | sort
