package jrow

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal"
)

// TestRefusals: the error precedence journal.Memory has (reused before
// final on Begin, final before fenced on Record).
func TestRefusals(t *testing.T) {
	a, b := journal.FingerprintOf([]byte("a")), journal.FingerprintOf([]byte("b"))
	cases := []struct {
		got, want error
	}{
		{BeginRefusal(a, b, journal.StateSucceeded), codebook.ErrReferenceReused},
		{BeginRefusal(a, a, journal.StateFailed), codebook.ErrJournalFinal},
		{RecordRefusal(journal.StateSucceeded, 2, 1), codebook.ErrJournalFinal},
		{RecordRefusal(journal.StateSending, 2, 1), codebook.ErrJournalFenced},
	}
	for i, c := range cases {
		if !errors.Is(c.got, c.want) {
			t.Errorf("case %d: %v, want %v", i, c.got, c.want)
		}
	}
	if err := RecordRefusal(journal.StateSending, 1, 1); err == nil || errors.Is(err, codebook.ErrJournalFenced) {
		t.Errorf("a refusal with nothing to refuse = %v, want an error saying to retry", err)
	}
}

// TestDamagedRows: a stored class or fingerprint this build cannot read
// is an error, never a guessed value.
func TestDamagedRows(t *testing.T) {
	if _, err := ParseClass("success", "never", "none", "no_such_category"); err == nil || !strings.Contains(err.Error(), "no_such_category") {
		t.Errorf("ParseClass of an unknown category = %v", err)
	}
	c := codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	if got, err := ParseClass(ClassNames(c)); err != nil || got != c {
		t.Errorf("ParseClass(ClassNames(%s)) = %s, %v", c, got, err)
	}
	if _, err := Fingerprint([]byte{1, 2, 3}); err == nil {
		t.Error("a 3-byte fingerprint was read")
	}
}

// TestText: what PostgreSQL's text refuses becomes U+FFFD; the rest is
// kept.
func TestText(t *testing.T) {
	for in, want := range map[string]string{"ok «ü»": "ok «ü»", "a\x00b": "a\uFFFDb", "\xe9t\xe9": "\uFFFDt\uFFFD"} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRowDecodes(t *testing.T) {
	var w Row
	if n := len(w.Dest()); n != 15 {
		t.Fatalf("%d destinations, want the 15 columns from ref to owner", n)
	}
	w.FP = make([]byte, len(journal.Fingerprint{}))
	w.FP[0] = 7
	w.State, w.Hold, w.Release = journal.StateSucceeded.String(), int64(time.Second), int64(time.Minute)
	w.Outcome, w.Retry, w.Fault, w.Category = ClassNames(codebook.Class{})
	r, err := w.Record()
	if err != nil || r.Entry.Fingerprint[0] != 7 || r.Step.State != journal.StateSucceeded || r.Entry.Hold != time.Second || r.Step.Release != time.Minute {
		t.Errorf("%+v, %v", r, err)
	}
	w.FP = w.FP[:3]
	if _, err := w.Record(); err == nil {
		t.Error("a 3-byte fingerprint decoded")
	}
}
