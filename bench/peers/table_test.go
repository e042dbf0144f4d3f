package main

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{7}, 7},
		{[]time.Duration{9, 1, 5}, 5},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2 in integer nanoseconds
		{[]time.Duration{10, 30, 20, 40}, 25},
	} {
		in := append([]time.Duration(nil), c.in...)
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
		for i := range in {
			if in[i] != c.in[i] {
				t.Fatalf("median sorted its argument: %v", c.in)
			}
		}
	}
}

func TestRatio(t *testing.T) {
	if got := ratio(time.Second, 4*time.Second); got != "0.25" {
		t.Errorf("ratio = %q, want 0.25", got)
	}
	if got := ratio(time.Second, 0); got != "-" {
		t.Errorf("ratio with a failed peer = %q, want -", got)
	}
}

func TestTable(t *testing.T) {
	tools := []tool{{name: "codebook"}, {name: "oapi-codegen v2.8.2"}, {name: "ogen v1.14.0"}}
	rows := []row{
		{"tinkoff", []result{
			{times: []time.Duration{3e8, 1e8, 2e8}, cpu: []time.Duration{1e8}, lines: 100},
			{times: []time.Duration{4e8, 5e8, 6e8}, cpu: []time.Duration{2e8}, lines: 200},
			{times: []time.Duration{8e8, 8e8, 8e8}, cpu: []time.Duration{5e8}, lines: 300},
		}},
		{"k8s", []result{
			{times: []time.Duration{2e9}, cpu: []time.Duration{3e9}, lines: 1000},
			{times: []time.Duration{4e9}, cpu: []time.Duration{4e9}, lines: 2000},
			{err: "exit status 1: unsupported thing"},
		}},
	}
	want := "| spec | codebook | oapi-codegen v2.8.2 | ogen v1.14.0 | wall codebook/oapi-codegen | wall codebook/ogen | " +
		"cpu codebook/oapi-codegen | cpu codebook/ogen | lines codebook | lines oapi-codegen | lines ogen |\n" +
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n" +
		"| tinkoff | 0.20 s | 0.50 s | 0.80 s | 0.40 | 0.25 | 0.50 | 0.20 | 100 | 200 | 300 |\n" +
		"| k8s | 2.00 s | 4.00 s | failed | 0.50 | - | 0.75 | - | 1000 | 2000 | - |\n" +
		"\nfailed: ogen v1.14.0 on k8s: exit status 1: unsupported thing\n"
	if got := table(tools, rows); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}

func TestErrorLine(t *testing.T) {
	if got := errorLine("warning: a\n\nboom: bad spec\nmore\n"); got != "boom: bad spec" {
		t.Errorf("errorLine = %q", got)
	}
	if got := errorLine("warning: only\n"); got != "warning: only" {
		t.Errorf("errorLine of warnings only = %q", got)
	}
	if got := errorLine("INFO\tconvenient\tnot available\nWARN\tx\n\nFeature \"y\" is not implemented yet.\n"); got != `Feature "y" is not implemented yet.` {
		t.Errorf("errorLine after log lines = %q", got)
	}
}
