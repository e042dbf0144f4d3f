#!/usr/bin/env bash
# The footprint of codebook in other modules: for the checkout given (default:
# this one), how many modules go.mod requires and how many modules' code go.sum
# holds, after go mod tidy, in
#   importer: a module importing generated/clickairtime only;
#   tool:     a module using the generator as a tool (go get -tool cmd/codebook,
#             or cmd/gen when the checkout has no cmd/codebook).
# usage: bench/footprint.sh [checkout]
set -euo pipefail
root="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOFLAGS=-mod=mod GOWORK=off
m=github.com/codebookgen/codebook

count() { # dir label
	local reqs sums
	reqs=$(cd "$1" && go mod edit -json | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("Require") or []))')
	sums=$( (grep -v '/go.mod ' "$1/go.sum" 2>/dev/null || true) | awk 'NF==3{print $1}' | sort -u | grep -c . || true)
	printf '%-9s go.mod requires %2d modules, go.sum holds the code of %2d\n' "$2" "$reqs" "$sums"
}

mkdir "$work/importer" "$work/tool"
printf 'module example.com/importer\n\ngo 1.25\n\nrequire %s v0.0.0\n\nreplace %s => %s\n' "$m" "$m" "$root" >"$work/importer/go.mod"
cat >"$work/importer/main.go" <<'GO'
package main

import (
	"fmt"

	"github.com/codebookgen/codebook/generated/clickairtime"
)

func main() {
	fmt.Println(clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(`{"code": 90}`), "code", "message").Class.Outcome)
}
GO
(cd "$work/importer" && go mod tidy >/dev/null 2>&1)
count "$work/importer" importer

cmd=cmd/codebook
[ -d "$root/$cmd" ] || cmd=cmd/gen
printf 'module example.com/tool\n\ngo 1.25\n\nreplace %s => %s\n' "$m" "$root" >"$work/tool/go.mod"
(cd "$work/tool" && GOPROXY=off go get -tool "$m/$cmd" >/dev/null 2>&1 && go mod tidy >/dev/null 2>&1)
count "$work/tool" "tool"
