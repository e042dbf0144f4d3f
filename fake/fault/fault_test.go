package fault

import (
	"math"
	"testing"
	"time"
)

func TestRandomRates(t *testing.T) {
	r := newPicker(1, Rates{Reset: 10, Drop: 20, HTMLProxy: 5})
	const n = 20000
	count := map[Kind]int{}
	for range n {
		count[r.pick().Kind]++
	}
	for k, want := range map[Kind]float64{KindReset: 10, KindDrop: 20, KindHTMLProxy: 5, KindNone: 65} {
		got := 100 * float64(count[k]) / n
		if math.Abs(got-want) > 1.5 {
			t.Errorf("%v: %.1f%%, want %.0f%%", k, got, want)
		}
	}
	if count[KindUnavailable]+count[KindTruncate]+count[KindDelay] != 0 {
		t.Errorf("kinds at rate 0 picked: %v", count)
	}
}

func TestRandomDefaultsAndCommit(t *testing.T) {
	r := newPicker(2, Rates{Delay: 50, UnavailableRetryAfter: 50})
	for range 100 {
		f := r.pick()
		switch f.Kind {
		case KindDelay:
			if f.Delay != 100*time.Millisecond || !f.Commit {
				t.Fatalf("%v", f)
			}
		case KindUnavailable:
			if f.RetryAfter != time.Second || f.Commit {
				t.Fatalf("%v", f)
			}
		default:
			t.Fatalf("picked %v at 100%%", f)
		}
	}
}

func TestFaultString(t *testing.T) {
	f := Fault{Kind: KindUnavailable, RetryAfter: 2 * time.Second, Delay: time.Millisecond, Commit: true}
	if got := f.String(); got != "unavailable delay=1ms retry-after=2s after-commit" {
		t.Errorf("%q", got)
	}
	if !(Fault{}).IsZero() || (Fault{Kind: KindDelay}).IsZero() || !(Fault{Kind: KindDelay}).Answers() || (Fault{Kind: KindDrop}).Answers() {
		t.Error("IsZero/Answers")
	}
	for _, k := range Kinds() {
		if k.String() == "" || k.String()[0] == 'K' {
			t.Errorf("kind %d has no name", k)
		}
	}
}
