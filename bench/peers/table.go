package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// median returns the median of ds (the mean of the two middle values when
// their count is even), 0 when ds is empty. ds is not modified.
func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}

// ratio formats a/b with two decimals, "-" when either is missing.
func ratio(a, b time.Duration) string {
	if a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// cell formats one tool's median and lines, or that it failed.
func cell(r result) (string, string) {
	if r.err != "" {
		return "failed", "-"
	}
	return fmt.Sprintf("%.2f s", median(r.times).Seconds()), fmt.Sprint(r.lines)
}

// table renders rows as a Markdown table: per spec, each tool's median
// wall time, the ratios of the first tool's (codebook's) median wall and
// CPU (user+system) times to each other tool's, and each tool's generated
// lines; then the errors of the tools that failed.
func table(tools []tool, rows []row) string {
	var b strings.Builder
	head := []string{"spec"}
	for _, t := range tools {
		head = append(head, t.name)
	}
	for _, kind := range []string{"wall", "cpu"} {
		for _, t := range tools[1:] {
			head = append(head, kind+" "+tools[0].name+"/"+strings.Fields(t.name)[0])
		}
	}
	for _, t := range tools {
		head = append(head, "lines "+strings.Fields(t.name)[0])
	}
	writeRow(&b, head)
	writeRow(&b, slices.Repeat([]string{"---"}, len(head)))
	var failures []string
	for _, r := range rows {
		writeRow(&b, rowCells(r))
		for i, res := range r.results {
			if res.err != "" {
				failures = append(failures, fmt.Sprintf("%s on %s: %s", tools[i].name, r.spec, res.err))
			}
		}
	}
	for _, f := range failures {
		fmt.Fprintf(&b, "\nfailed: %s", f)
	}
	if len(failures) > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// rowCells returns one spec's cells in the order of table's header.
func rowCells(r row) []string {
	times, lines := []string{r.spec}, []string{}
	for _, res := range r.results {
		t, l := cell(res)
		times, lines = append(times, t), append(lines, l)
	}
	ours := median(r.results[0].times)
	for _, res := range r.results[1:] {
		times = append(times, ratio(ours, median(res.times)))
	}
	ours = median(r.results[0].cpu)
	for _, res := range r.results[1:] {
		times = append(times, ratio(ours, median(res.cpu)))
	}
	return append(times, lines...)
}

// writeRow writes one Markdown table row.
func writeRow(b *strings.Builder, cells []string) {
	b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
}
