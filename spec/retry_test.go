package spec_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// moneyTables are the tables whose rows answer, or report the outcome of,
// a request that moves money under the caller's reference (extRefId,
// clientTxnRef). transact_result is the outcome of a Clickatell purchase,
// pushed to the bank and reported by Transaction Lookup.
var moneyTables = map[string][]string{
	"clickairtime":    {"topup"},
	"clickairtime_v2": {"topup", "topup_status"},
	"clickatell":      {"reserve_and_transact", "transact", "reserve_funds", "transact_result"},
}

// A refusal of a money-moving request is recorded under its reference:
// Click Airtime answers a reused extRefId with 90 ("Use a unique extRefId
// for each new transaction"), and a Clickatell lookup by clientTxnRef must
// find one record. So a row of those tables that invites another try must
// say new_reference (a new attempt under a new reference), never backoff or
// after_delay (the same request under the same reference). Status-only rows
// of the shared http_status tables (a gateway's 429 that never reached the
// service) keep backoff.
func TestMoneyMovingRetryUsesNewReference(t *testing.T) {
	f := loadCodes(t)
	for _, p := range f.Providers {
		for _, tb := range p.Tables {
			listed := slices.Contains(moneyTables[p.ID], tb.ID)
			if strings.Contains(tb.Description, "Moves money") && !listed {
				t.Errorf("%s/%s moves money but is not in moneyTables", p.ID, tb.ID)
			}
			if !listed {
				continue
			}
			for _, r := range tb.Rows {
				r = p.resolve(t, r)
				if r.Retry == "backoff" || r.Retry == "after_delay" {
					t.Errorf("%s/%s %s: retry %s resends under the same reference; a money-moving refusal "+
						"is recorded under it: use new_reference", p.ID, tb.ID, rowKey(r), r.Retry)
				}
			}
		}
	}
	for _, id := range []string{"clickatell", "clickairtime", "clickairtime_v2"} {
		for _, r := range f.provider(t, id).table("http_status").Rows {
			if r.Retry == "new_reference" {
				t.Errorf("%s/http_status %s: a status-only row never reached the service: "+
					"same reference (backoff), not new_reference", id, rowKey(r))
			}
		}
	}
}

// Every new_reference row says why, from the docs, in a `# why:` comment
// inside the row.
func TestNewReferenceRowsSayWhy(t *testing.T) {
	data, err := os.ReadFile("codes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	found := 0
	for i, line := range lines {
		if strings.TrimSpace(line) != "retry: new_reference" {
			continue
		}
		found++
		if !rowHasWhy(lines, i) {
			t.Errorf("codes.yaml:%d: retry new_reference without a `# why:` comment in its row", i+1)
		}
	}
	if found == 0 {
		t.Error("codes.yaml has no new_reference row; Click Airtime 50 and 234 must have one")
	}
}

// rowHasWhy looks back from line i to the start of its row ("- name:",
// "- use:", ...) for a "# why:" comment.
func rowHasWhy(lines []string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		s := strings.TrimSpace(lines[j])
		if strings.HasPrefix(s, "# why:") {
			return true
		}
		if strings.HasPrefix(s, "- ") {
			return false
		}
	}
	return false
}

// The schema takes new_reference with outcome failed, with or without a
// retry_after.
func TestSchemaAcceptsNewReference(t *testing.T) {
	sch, err := jsonschema.NewCompiler().Compile("codes.schema.json")
	if err != nil {
		t.Fatalf("codes.schema.json: %v", err)
	}
	data, err := os.ReadFile("codes.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for name, retryAfter := range map[string]any{"with retry_after": "1m", "without retry_after": nil} {
		t.Run(name, func(t *testing.T) {
			doc := yamlToJSON(t, data).(map[string]any)
			tables := doc["providers"].([]any)[0].(map[string]any)["tables"].([]any)
			r := tables[0].(map[string]any)["rows"].([]any)[0].(map[string]any)
			r["outcome"], r["retry"] = "failed", "new_reference"
			if retryAfter != nil {
				r["retry_after"] = retryAfter
			}
			if err := sch.Validate(roundTrip(t, doc)); err != nil {
				t.Errorf("the schema refuses failed/new_reference %s: %v", name, err)
			}
		})
	}
}
