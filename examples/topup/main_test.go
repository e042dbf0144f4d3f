package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/journal"
)

// TestRun runs the example's top-ups (the ten scripted ones and five
// under random faults) and checks what it prints: every transaction, its
// reference and trouble, no duplicate, nothing lost, and the outcome each
// scripted trouble must end in.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	rep, err := run(&out, len(plan)+5, 3, "")
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log("\n" + text)
	if len(rep.Transactions) != len(plan)+5 {
		t.Fatalf("%d transactions reported", len(rep.Transactions))
	}
	refs := map[string]bool{}
	for i, tx := range rep.Transactions {
		if tx.Reference == "" || refs[tx.Reference] {
			t.Errorf("transaction %d: reference %q empty or reused", i+1, tx.Reference)
		}
		refs[tx.Reference] = true
		if !strings.Contains(text, tx.Reference) || !strings.Contains(text, tx.Story) {
			t.Errorf("transaction %d (%s, %s) missing from the output", i+1, tx.Reference, tx.Story)
		}
		if tx.Charges > 1 {
			t.Errorf("transaction %d charged %d times", i+1, tx.Charges)
		}
		if len(tx.Network) == 0 || tx.Sends == 0 {
			t.Errorf("transaction %d: no request recorded: %+v", i+1, tx)
		}
		// Told success: charged once, SUCCESS. Told failed: never charged.
		switch {
		case tx.Told == "success" && (tx.Ledger != "SUCCESS" || tx.Charges != 1):
			t.Errorf("transaction %d told success, ledger %s charged %d", i+1, tx.Ledger, tx.Charges)
		case tx.Told == "failed" && tx.Charges != 0:
			t.Errorf("transaction %d told failed, charged %d", i+1, tx.Charges)
		}
	}
	if rep.Duplicates != 0 || rep.Lost != 0 || !strings.Contains(text, "duplicates=0 lost=0") {
		t.Errorf("duplicates %d, lost %d", rep.Duplicates, rep.Lost)
	}
	// The scripted troubles: every one ends in success but the decline.
	for i := range plan {
		want := "success"
		if i == 7 {
			want = "failed"
		}
		if got := rep.Transactions[i].Told; got != want {
			t.Errorf("transaction %d (%s): told %q, want %q", i+1, plan[i].story, got, want)
		}
	}
	// What the network did is what the plan says.
	for i, want := range map[int]string{1: "drop", 2: "reset", 3: "truncate", 4: "html_proxy", 5: "unavailable", 8: "delay"} {
		if got := strings.Join(rep.Transactions[i].Network, "; "); !strings.Contains(got, want) {
			t.Errorf("transaction %d network %q, want %s", i+1, got, want)
		}
	}
	// Resends carry the same reference: the fake counted two top-ups
	// with it after a reset.
	if got := rep.Transactions[2].Carried; got != 2 {
		t.Errorf("after a reset the reference was carried by %d top-ups, want 2", got)
	}
	// The journal, after the in-process reconciler: nothing unresolved,
	// and its successes are the ledger's.
	succeeded := 0
	for _, tx := range rep.Transactions {
		if tx.Ledger == "SUCCESS" {
			succeeded++
		}
	}
	if rep.Unresolved != 0 || rep.Journal[journal.StateSucceeded] != succeeded {
		t.Errorf("journal %v, unresolved %d; the ledger has %d successes", rep.Journal, rep.Unresolved, succeeded)
	}
}
