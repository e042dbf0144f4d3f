package faults

import (
	"math"
	"testing"
	"time"
)

func TestRandomRates(t *testing.T) {
	r := NewRandom(1, Rates{Reset: 10, Drop: 20, HTMLProxy: 5})
	const n = 20000
	count := map[Kind]int{}
	for range n {
		count[r.Pick().Kind]++
	}
	for k, want := range map[Kind]float64{Reset: 10, Drop: 20, HTMLProxy: 5, None: 65} {
		got := 100 * float64(count[k]) / n
		if math.Abs(got-want) > 1.5 {
			t.Errorf("%v: %.1f%%, want %.0f%%", k, got, want)
		}
	}
	if count[Unavailable]+count[Truncate]+count[Delay] != 0 {
		t.Errorf("kinds at rate 0 picked: %v", count)
	}
}

func TestRandomDefaultsAndCommit(t *testing.T) {
	r := NewRandom(2, Rates{Delay: 50, UnavailableRetryAfter: 50})
	for range 100 {
		f := r.Pick()
		switch f.Kind {
		case Delay:
			if f.Delay != 100*time.Millisecond || !f.Commit {
				t.Fatalf("%v", f)
			}
		case Unavailable:
			if f.RetryAfter != time.Second || f.Commit {
				t.Fatalf("%v", f)
			}
		default:
			t.Fatalf("picked %v at 100%%", f)
		}
	}
}

func TestQueue(t *testing.T) {
	var q Queue
	q.Push("a", Fault{Kind: Reset}, Fault{Kind: Drop})
	q.Push("", Fault{Kind: HTMLProxy})
	if f, _ := q.Pop("b"); f.Kind != HTMLProxy {
		t.Fatalf("b got %v", f)
	}
	if f, _ := q.Pop("a"); f.Kind != Reset {
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

func TestFaultString(t *testing.T) {
	f := Fault{Kind: Unavailable, RetryAfter: 2 * time.Second, Delay: time.Millisecond, Commit: true}
	if got := f.String(); got != "unavailable delay=1ms retry-after=2s after-commit" {
		t.Errorf("%q", got)
	}
	if !(Fault{}).IsZero() || (Fault{Kind: Delay}).IsZero() || !(Fault{Kind: Delay}).Answers() || (Fault{Kind: Drop}).Answers() {
		t.Error("IsZero/Answers")
	}
	for _, k := range Kinds() {
		if k.String() == "" || k.String()[0] == 'K' {
			t.Errorf("kind %d has no name", k)
		}
	}
}
