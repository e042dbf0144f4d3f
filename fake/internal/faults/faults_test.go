package faults

import (
	"testing"

	"github.com/codebookgen/codebook/fake/fault"
)

func TestQueue(t *testing.T) {
	var q Queue
	q.Push("a", fault.Fault{Kind: fault.KindReset}, fault.Fault{Kind: fault.KindDrop})
	q.Push("", fault.Fault{Kind: fault.KindHTMLProxy})
	if f, _ := q.Pop("b"); f.Kind != fault.KindHTMLProxy {
		t.Fatalf("b got %v", f)
	}
	if f, _ := q.Pop("a"); f.Kind != fault.KindReset {
		t.Fatalf("a got %v", f)
	}
	if q.Len() != 1 {
		t.Fatalf("Len %d", q.Len())
	}
	q.Pop("a")
	if _, ok := q.Pop("a"); ok {
		t.Fatal("empty queue popped")
	}
}
