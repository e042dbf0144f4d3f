#!/usr/bin/env bash
# Issue 14, runtime side: the generated ClassifyHTTP and Classify against the
# hand-written code a careful integrator writes (json.Unmarshal into a
# two-field struct plus a switch; internal/conformance/handwritten_test.go),
# in one `go test -bench` binary. Each pair runs one after the other, and
# the whole round COUNT times (default 10), so that the two sides of a pair
# alternate (go test -count would run one side COUNT times, then the
# other); the script prints the median ns/op and allocs/op of
# each side and their ratio (generated / hand), and the median (and
# quartiles) of the ratios paired round by round, which a machine state
# lasting a round (the load, the clock) does not bias. Targets: ClassifyHTTP at
# most 1.2x with at most hand + 2 allocs; Classify at most 1.0x, 0 allocs.
# The machine is shared: read ratios, not absolute times, and note the load.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-10}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-48s %10s %10s %7s %15s %7s %7s\n" "pair (median of $count rounds)" "gen ns/op" "hand ns/op" "ratio" "paired (q1-q3)" "gen al" "hand al"
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
			if ($(i+1) == "ns/op") { ns[name] = ns[name] " " $i; last = $i }
			if ($(i+1) == "allocs/op") al[name] = al[name] " " $i
		}
		# The hand-written side runs right after its generated twin, so each
		# round gives one paired ratio: a machine state that lasts a round
		# (the load, the clock) weighs on both of its sides alike.
		base = name; sub(/\/(generated|hand)$/, "", base)
		if (name ~ /\/generated$/) gen[base] = last
		if (name ~ /\/hand$/ && (base in gen)) { paired[base] = paired[base] " " gen[base] / last; delete gen[base] }
	}
	function quartile(list, q,    a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return a[int((n - 1) * q + 1.5)]
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
			pr = sprintf("%.2fx (%.2f-%.2f)", median(paired[base]), quartile(paired[base], 0.25), quartile(paired[base], 0.75))
			printf "%-48s %10.1f %10.1f %6.2fx %15s %7d %7d\n", base, g, h, g / h, pr, median(al[name]), median(al[hand])
		}
	}' | sort
