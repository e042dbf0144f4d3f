#!/usr/bin/env bash
# A generated client call against the same call written by hand (net/http + encoding/json), over
# one loopback server and http.Client: Click Airtime's TopUp and Clickatell's Transact. Each pair
# runs alternately (-count runs the parent benchmark, whose two sub-benchmarks take turns); the
# medians of ns/op and allocs/op and the ratio generated/handwritten are printed.
# usage: bench/clientcall.sh [count, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
go test -run '^$' -bench 'BenchmarkTopUp|BenchmarkTransact' -benchtime 3000x -count "$count" ./bench/clientcall |
	grep -E '^Benchmark' | tee /dev/stderr | awk '
	function median(list,   n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		name = $1; sub(/-[0-9]+$/, "", name)
		for (i = 2; i <= NF; i++) { if ($(i+1) == "ns/op") ns[name] = ns[name] " " $i; if ($(i+1) == "allocs/op") al[name] = al[name] " " $i }
	}
	END {
		split("BenchmarkTopUp BenchmarkTransact", pairs, " ")
		for (p = 1; p <= 2; p++) {
			g = pairs[p] "/generated"; h = pairs[p] "/handwritten"
			if (!(g in ns) || !(h in ns)) continue
			printf "%-18s generated %8.0f ns/op %4d allocs | handwritten %8.0f ns/op %4d allocs | ratio %.3fx, allocs %+d\n",
				pairs[p], median(ns[g]), median(al[g]), median(ns[h]), median(al[h]), median(ns[g]) / median(ns[h]), median(al[g]) - median(al[h])
		}
	}'
