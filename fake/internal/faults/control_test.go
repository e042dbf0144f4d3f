package faults

import (
	"testing"

	"github.com/codebookgen/codebook/fake/fault"
)

func TestControlNextOrder(t *testing.T) {
	var c Control[string, int]
	if _, ok := c.Next("r", "req"); ok {
		t.Fatal("an empty Control gave an outcome")
	}
	c.SetScript(func(req string) int {
		if req == "scripted" {
			return 7
		}
		return 0
	})
	c.Enqueue(2, 3)
	c.ScriptReference("r", 1)
	c.ScriptReference("", 9)
	for i, want := range []struct {
		ref, req string
		o        int
		ok       bool
	}{
		{"", "req", 2, true},       // "" never matches a reference; the queue comes next
		{"r", "req", 1, true},      // the reference's outcome first
		{"r", "req", 3, true},      // taken once; then the queue
		{"r", "req", 0, false},     // the Script's zero is no outcome
		{"x", "scripted", 7, true}, // the Script's own
	} {
		if o, ok := c.Next(want.ref, want.req); o != want.o || ok != want.ok {
			t.Errorf("%d: Next(%q) = %d, %v; want %d, %v", i, want.ref, o, ok, want.o, want.ok)
		}
	}
}

func TestControlFaultAndRefusals(t *testing.T) {
	var c Control[string, int]
	var q Queue
	if f := c.Fault(&q, "op", "req"); !f.IsZero() {
		t.Fatalf("no fault chosen, got %v", f)
	}
	c.SetFaults(func(string) fault.Fault { return fault.Fault{Kind: fault.KindReset} })
	q.Push("op", fault.Fault{Kind: fault.KindDrop})
	if f := c.Fault(&q, "op", "req"); f.Kind != fault.KindDrop {
		t.Errorf("the queued fault comes first, got %v", f)
	}
	if f := c.Fault(&q, "op", "req"); f.Kind != fault.KindReset {
		t.Errorf("then the chooser's, got %v", f)
	}
	c.Unauthorized()
	c.Unauthorized()
	if n := c.Refused(); n != 2 {
		t.Errorf("Refused = %d, want 2", n)
	}
}
