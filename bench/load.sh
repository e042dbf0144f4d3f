#!/usr/bin/env bash
# Loading JSON specs (issue 14): codebook's loader against the plain JSON
# floor, on k8s.json and api.github.com.json of the shared corpus
# (../shared/corpus/openapi), in one run. Each round runs every variant of
# BenchmarkLoadJSON (internal/oapi/load) once, in turn, so the pairs
# alternate; the medians over the rounds and their ratios are printed:
#   ours/floor                 Load against LoadFromData + the same Validate
#   ours-decode/floor-decode   the same without validation
#   yaml/floor                 the YAML route JSON specs took before
# in CPU time of the process (the primary figure on a shared machine), wall
# time, bytes allocated, and the peak RSS of one load of each variant, in its own process.
# usage: bench/load.sh [rounds]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/load.test" ./internal/oapi/load
cd internal/oapi/load

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
	"$work/load.test" -test.run '^$' -test.bench 'BenchmarkLoadJSON' -test.benchtime 1x -test.benchmem |
		grep '^BenchmarkLoadJSON' >>"$work/runs"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

for v in ours floor ours-decode floor-decode yaml; do
	for spec in k8s.json api.github.com.json; do
		kib=$( { /usr/bin/time -f '%M' "$work/load.test" -test.run '^$' -test.bench "BenchmarkLoadJSON/^${spec//./\\.}\$/^$v\$" \
			-test.benchtime 1x >/dev/null; } 2>&1 | tail -1)
		echo "BenchmarkLoadJSON/$spec/$v-peak $kib"
	done
done >"$work/peaks"

awk -v rounds="$rounds" '
	function median(key,    n, i, j, t, a) {
		n = split(vals[key], a, " ")
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	FILENAME ~ /runs$/ {
		name = $1; sub(/^BenchmarkLoadJSON\//, "", name); sub(/-[0-9]+$/, "", name)
		split(name, p, "/"); spec = p[1]; v = p[2]; specs[spec] = 1
		for (i = 3; i < NF; i++) {
			u = $(i + 1)
			if (u == "ns/op") vals[spec "/" v "/ns"] = vals[spec "/" v "/ns"] " " $i
			if (u == "cpu-ns/op") vals[spec "/" v "/cpu"] = vals[spec "/" v "/cpu"] " " $i
			if (u == "B/op") vals[spec "/" v "/B"] = vals[spec "/" v "/B"] " " $i
			if (u == "allocs/op") vals[spec "/" v "/allocs"] = vals[spec "/" v "/allocs"] " " $i
		}
		next
	}
	{ name = $1; sub(/^BenchmarkLoadJSON\//, "", name); sub(/-peak$/, "", name); peak[name] = $2 }
	END {
		printf "medians of %d rounds\n", rounds
		printf "%-22s %-13s %9s %9s %10s %10s %9s\n", "spec", "variant", "cpu ms", "wall ms", "MiB alloc", "allocs", "peak MiB"
		nv = split("ours floor ours-decode floor-decode yaml", variants, " ")
		for (spec in specs) for (vi = 1; vi <= nv; vi++) {
			k = spec "/" variants[vi]
			cpu[k] = median(k "/cpu"); ns[k] = median(k "/ns"); b[k] = median(k "/B"); al[k] = median(k "/allocs")
			printf "%-22s %-13s %9.0f %9.0f %10.1f %10d %9.1f\n", spec, variants[vi], cpu[k] / 1e6, ns[k] / 1e6, b[k] / 1048576, al[k], peak[k] / 1024
		}
		printf "\n%-22s %-26s %7s %7s %7s %7s\n", "spec", "ratio", "cpu", "wall", "alloc", "peak"
		np = split("ours/floor ours-decode/floor-decode yaml/floor yaml/ours", pairs, " ")
		for (spec in specs) for (i = 1; i <= np; i++) {
			split(pairs[i], q, "/"); a = spec "/" q[1]; c = spec "/" q[2]
			printf "%-22s %-26s %7.2f %7.2f %7.2f %7.2f\n", spec, pairs[i], cpu[a] / cpu[c], ns[a] / ns[c], b[a] / b[c], peak[a] / peak[c]
		}
	}' "$work/runs" "$work/peaks"
