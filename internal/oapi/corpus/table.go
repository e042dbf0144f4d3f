package corpus

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// WriteTable writes one row per result (spec, size, generation time,
// generated lines, warnings, build and vet time, outcome) and the count
// line "N/M build and vet".
func WriteTable(w io.Writer, results []Result) error {
	rows := [][]string{{"spec", "size", "generate", "lines", "warnings", "build+vet time", "build+vet"}}
	for _, r := range results {
		rows = append(rows, []string{r.Spec.Name, size(r.Spec.Size), duration(r.GenTime),
			strconv.Itoa(r.Lines), strconv.Itoa(len(r.Warnings)), duration(r.CheckTime), outcome(r)})
	}
	var b strings.Builder
	writeRows(&b, rows)
	b.WriteString(CountLine(results) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRows writes rows as aligned columns: the first one left-aligned,
// the others right-aligned.
func writeRows(b *strings.Builder, rows [][]string) {
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			width[i] = max(width[i], len(cell))
		}
	}
	for _, row := range rows {
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-len(cell))
			switch {
			case i == 0:
				b.WriteString(cell + pad)
			default:
				b.WriteString("  " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
}

// CountLine says how many of the results build and vet: "N/M build and vet".
func CountLine(results []Result) string {
	ok := 0
	for _, r := range results {
		if r.OK() {
			ok++
		}
	}
	return fmt.Sprintf("%d/%d build and vet", ok, len(results))
}

// Failure describes a failed result: its error and the first lines of the
// failing command's output.
func Failure(r Result, maxLines int) string {
	if r.OK() {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(r.Output), "\n")
	if len(lines) > maxLines {
		lines = append(lines[:maxLines], fmt.Sprintf("... (%d more lines)", len(lines)-maxLines))
	}
	out := r.Spec.Name + ": " + r.Err.Error()
	if r.Output != "" {
		out += "\n\t" + strings.Join(lines, "\n\t")
	}
	return out
}

// outcome is the last column of a row.
func outcome(r Result) string {
	if r.OK() {
		return "ok"
	}
	return "FAIL"
}

// size spells a byte count in KB or MB.
func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
}

// duration spells a duration in milliseconds or seconds.
func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
