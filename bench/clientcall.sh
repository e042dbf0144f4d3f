#!/usr/bin/env bash
# A generated client call against the same call written by hand (net/http + encoding/json), over
# one loopback server and http.Client: Click Airtime's TopUp and Clickatell's Transact. Each pair
# runs alternately (-count runs the parent benchmark, whose sub-benchmarks take turns), over
# loopback and over an in-memory transport (the clients' own cost, without the network's noise); the
# medians of ns/op, cpu-ns/op (the process's CPU time per call, which waiting for a CPU on a loaded
# machine does not inflate; the loopback server's share included, alike for all) and allocs/op and the ratios to handwritten are printed, for the generated call
# (a 2xx body decoded once) and for its general path (WithExtraFields: ClassifyHTTP, the stated-
# status check, the model's full decode keeping extra properties; every call took it before).
# GOMAXPROCS=1 keeps the CPU time of one call from spreading over idle spinning of other Ps.
# usage: bench/clientcall.sh [count, default 10]; then the interleaved figures (below)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
GOMAXPROCS=1 go test -run '^$' -bench '^(BenchmarkTopUp|BenchmarkTransact)$' -benchtime 3000x -count "$count" ./bench/clientcall |
	grep -E '^Benchmark' | tee /dev/stderr | awk '
	function median(list,   n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		name = $1; sub(/-[0-9]+$/, "", name)
		for (i = 2; i <= NF; i++) { if ($(i+1) == "ns/op") ns[name] = ns[name] " " $i; if ($(i+1) == "allocs/op") al[name] = al[name] " " $i; if ($(i+1) == "cpu-ns/op") cpu[name] = cpu[name] " " $i }
	}
	END {
		split("BenchmarkTopUp/loopback BenchmarkTopUp/memory BenchmarkTransact/loopback BenchmarkTransact/memory", pairs, " ")
		for (p = 1; p <= 4; p++) {
			g = pairs[p] "/generated"; o = pairs[p] "/general"; h = pairs[p] "/handwritten"
			if (!(g in ns) || !(h in ns)) continue
			printf "%-27s ns/op:     generated %7.0f | general %7.0f | handwritten %7.0f | generated/handwritten %.3fx, general/handwritten %.3fx\n",
				pairs[p], median(ns[g]), median(ns[o]), median(ns[h]), median(ns[g]) / median(ns[h]), median(ns[o]) / median(ns[h])
			printf "%-27s cpu-ns/op: generated %7.0f | general %7.0f | handwritten %7.0f | generated/handwritten %.3fx, general/handwritten %.3fx\n",
				pairs[p], median(cpu[g]), median(cpu[o]), median(cpu[h]), median(cpu[g]) / median(cpu[h]), median(cpu[o]) / median(cpu[h])
			printf "%-27s allocs/op: generated %7d | general %7d | handwritten %7d\n", pairs[p], median(al[g]), median(al[o]), median(al[h])
		}
	}'
# The same pairs timed call by call in one loop (BenchmarkInterleaved: generated and hand-written in
# turn, the first of the two alternating), so that a load that comes and goes weighs on both alike:
# medians of each side's ns per call and of the ratio.
GOMAXPROCS=1 go test -run '^$' -bench 'BenchmarkInterleaved' -benchtime 3000x -count "$count" ./bench/clientcall |
	grep -E '^Benchmark' | tee /dev/stderr | awk '
	function median(list,   n, a, i, j, t) {
		n = split(list, a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{
		name = $1; sub(/-[0-9]+$/, "", name); if (!(name in seen)) { seen[name] = 1; order[++k] = name }
		for (i = 2; i <= NF; i++) { if ($(i+1) == "gen-ns/op") g[name] = g[name] " " $i; if ($(i+1) == "hand-ns/op") h[name] = h[name] " " $i; if ($(i+1) == "x-hand") x[name] = x[name] " " $i }
	}
	END {
		for (p = 1; p <= k; p++) {
			n = order[p]
			printf "%-38s in turn: generated %7.0f ns | handwritten %7.0f ns | median ratio generated/handwritten %.3fx\n", n, median(g[n]), median(h[n]), median(x[n])
		}
	}'
