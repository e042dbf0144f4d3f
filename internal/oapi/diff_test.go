package oapi

import (
	"fmt"
	"strings"
)

// lineDiff returns a unified-style diff of two texts (- want, + got), with
// two lines of context around each change. It is quadratic, which is fine
// for golden files.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	ops := diffOps(a, b)
	var out strings.Builder
	for i, op := range ops {
		if op.kind == ' ' && !nearChange(ops, i, 2) {
			continue
		}
		fmt.Fprintf(&out, "%c %s\n", op.kind, op.line)
	}
	return out.String()
}

type diffOp struct {
	kind byte
	line string
}

// diffOps aligns a and b by their longest common subsequence.
func diffOps(a, b []string) []diffOp {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops, i, j = append(ops, diffOp{' ', a[i]}), i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops, j = append(ops, diffOp{'+', b[j]}), j+1
		default:
			ops, i = append(ops, diffOp{'-', a[i]}), i+1
		}
	}
	return ops
}

// nearChange reports whether a change lies within ctx lines of ops[i].
func nearChange(ops []diffOp, i, ctx int) bool {
	for k := max(0, i-ctx); k <= min(len(ops)-1, i+ctx); k++ {
		if ops[k].kind != ' ' {
			return true
		}
	}
	return false
}
