package fault

import (
	"testing"
	"time"

	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// TestConstructors pins what each constructor builds: its kind, and whether
// the request is processed (the ledger written) before the fault strikes.
func TestConstructors(t *testing.T) {
	for _, c := range []struct {
		got  Fault
		want Fault
	}{
		{Delay(time.Second), Fault{Kind: KindDelay, Delay: time.Second, Commit: true}},
		{Unavailable(), Fault{Kind: KindUnavailable}},
		{UnavailableRetryAfter(2 * time.Second), Fault{Kind: KindUnavailable, RetryAfter: 2 * time.Second}},
		{Reset(), Fault{Kind: KindReset}},
		{DropAfterCommit(), Fault{Kind: KindDrop, Commit: true}},
		{TruncatedBody(), Fault{Kind: KindTruncate, Commit: true}},
		{HTMLProxyError(), Fault{Kind: KindHTMLProxy}},
		{SlowCommit(time.Minute), Fault{Kind: KindSlowCommit, Delay: time.Minute}},
		{OtherRecordFirst(ledger.Failed), Fault{Kind: KindOthersFirst, Other: ledger.Failed}},
		{OtherRecordInstead(ledger.Pending), Fault{Kind: KindOthersInstead, Other: ledger.Pending}},
		{OurRecordTwice(), Fault{Kind: KindOursTwice}},
		{NotFoundServerError(503), Fault{Kind: KindNotFoundError, Status: 503}},
		{Redirect("http://elsewhere.invalid/"), Fault{Kind: KindRedirect, Location: "http://elsewhere.invalid/"}},
	} {
		if c.got != c.want {
			t.Errorf("%v: got %+v, want %+v", c.want.Kind, c.got, c.want)
		}
	}
}

// TestRandomIsSeeded checks that the chooser Random returns depends only on
// its seed and rates, whatever the request type.
func TestRandomIsSeeded(t *testing.T) {
	rates := Rates{Reset: 30, Drop: 30, Delay: 30}
	draw := func(seed uint64) []Fault {
		choose := Random[string](seed, rates)
		fs := make([]Fault, 50)
		for i := range fs {
			fs[i] = choose("req")
		}
		return fs
	}
	a, b, c := draw(3), draw(3), draw(4)
	same := func(x, y []Fault) bool {
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	if !same(a, b) {
		t.Error("the same seed drew different faults")
	}
	if same(a, c) {
		t.Error("two seeds drew the same 50 faults")
	}
}

// TestRandomRejectsBadRates checks that Random panics on a negative rate
// and on rates above 100% in all.
func TestRandomRejectsBadRates(t *testing.T) {
	for _, r := range []Rates{{Reset: 60, Drop: 50}, {Delay: -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%+v: no panic", r)
				}
			}()
			Random[string](1, r)
		}()
	}
}
