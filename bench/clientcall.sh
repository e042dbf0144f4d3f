#!/usr/bin/env bash
# A generated client call against the same call written by hand (net/http + encoding/json), over
# one loopback server and http.Client: Click Airtime's TopUp and Clickatell's Transact. Each pair
# runs alternately (-count runs the parent benchmark, whose sub-benchmarks take turns), over
# loopback and over an in-memory transport (the clients' own cost, without the network's noise); the
# medians of ns/op and allocs/op and the ratios to handwritten are printed, for the generated call
# (a 2xx body decoded once) and for its general path (WithExtraFields: ClassifyHTTP, the stated-
# status check, the model's full decode keeping extra properties; every call took it before).
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
		split("BenchmarkTopUp/loopback BenchmarkTopUp/memory BenchmarkTransact/loopback BenchmarkTransact/memory", pairs, " ")
		for (p = 1; p <= 4; p++) {
			g = pairs[p] "/generated"; o = pairs[p] "/general"; h = pairs[p] "/handwritten"
			if (!(g in ns) || !(h in ns)) continue
			printf "%-27s generated %7.0f ns/op %4d allocs | general %7.0f ns/op %4d allocs | handwritten %7.0f ns/op %4d allocs | generated/handwritten %.3fx, general/handwritten %.3fx\n",
				pairs[p], median(ns[g]), median(al[g]), median(ns[o]), median(al[o]), median(ns[h]), median(al[h]), median(ns[g]) / median(ns[h]), median(ns[o]) / median(ns[h])
		}
	}'
