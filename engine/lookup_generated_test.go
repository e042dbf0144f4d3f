package engine_test

import (
	"encoding/json"
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/generated/clickairtime"
	v2 "github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// specStatuses returns the x-codebook lookup statuses of operation op in
// the OpenAPI file path: the outcomes the spec gives each status value.
func specStatuses(t *testing.T, path, op string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, item := range doc.Paths {
		for _, node := range item {
			var o struct {
				OperationID string `yaml:"operationId"`
				Codebook    struct {
					Lookup struct {
						Statuses map[string]string `yaml:"statuses"`
					} `yaml:"lookup"`
				} `yaml:"x-codebook"`
			}
			if node.Kind != yaml.MappingNode || node.Decode(&o) != nil {
				continue // x-evidence and other extensions of the path item
			}
			if o.OperationID == op && len(o.Codebook.Lookup.Statuses) > 0 {
				return o.Codebook.Lookup.Statuses
			}
		}
	}
	t.Fatalf("%s: operation %s has no x-codebook lookup statuses", path, op)
	return nil
}

// lookupCase is an answer of a provider's lookup as the wire carries it.
type lookupCase struct {
	name, body string
	state      cbengine.LookupState
}

// checkGeneratedRule decodes each answer into the generated client's
// type, as the client does, reads it with the generated rule, and checks
// the state, and for every status value the spec lists, that our record
// in that status gives the spec's outcome.
func checkGeneratedRule[L any](t *testing.T, rule cbengine.LookupRule[L], statuses map[string]string, answer func(status string) string, cases []lookupCase) {
	t.Helper()
	read := func(body string) cbengine.Looked[L] {
		var v L
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		lk, _ := cbengine.InterpretLookup(rule, cbengine.LookupAnswer[L]{Reference: "ref-1", Value: v, Status: 200,
			Class: cbengine.StatusClass(codebook.OutcomeSuccess), Body: []byte(body)})
		return lk
	}
	for status, outcome := range statuses {
		want, err := codebook.ParseOutcome(outcome)
		if err != nil {
			t.Fatal(err)
		}
		lk := read(answer(status))
		if lk.State != cbengine.LookupFound || lk.Class.Outcome != want {
			t.Errorf("our record in status %q: %v %v, want found %v", status, lk.State, lk.Class.Outcome, want)
		}
	}
	if lk := read(answer("REVERSED")); lk.State != cbengine.LookupFound || lk.Class.Outcome != codebook.OutcomeUncertain {
		t.Errorf("a status the spec does not list: %v %v, want found uncertain", lk.State, lk.Class.Outcome)
	}
	for _, c := range cases {
		if lk := read(c.body); lk.State != c.state {
			t.Errorf("%s: %v, want %v", c.name, lk.State, c.state)
		}
	}
}

// TestGeneratedLookupRules: the lookup rule generated for each provider
// reads that provider's answers (shaped as its spec documents them) to the
// outcome the spec's x-codebook lookup gives, from the typed values.
func TestGeneratedLookupRules(t *testing.T) {
	t.Run("clickairtime", func(t *testing.T) {
		answer := func(s string) string {
			return `{"message":"Success","statusCode":200,"data":[{"transactionId":"t0","extRefId":"ref-0","state":"FAILED"},` +
				`{"transactionId":"t1","amount":5,"currency":"USD","msisdn":"263719545499","extRefId":"ref-1","state":"` + s + `"}]}`
		}
		checkGeneratedRule(t, (*clickairtime.Client)(nil).TopUpLookupRule(), specStatuses(t, "../spec/openapi/clickairtime-v1.yaml", "topUp"), answer, []lookupCase{
			{"empty list", `{"message":"Success","statusCode":200,"data":[]}`, cbengine.LookupNotFound},
			{"the docs' sample record, without extRefId", `{"message":"Success","statusCode":200,"data":[{"transactionId":"t1","state":"SUCCESS"}]}`, cbengine.LookupInconclusive},
			{"our record without a state", `{"data":[{"extRefId":"ref-1"}]}`, cbengine.LookupInconclusive},
			{"no list", `{"message":"Success","statusCode":200}`, cbengine.LookupInconclusive},
		})
	})
	t.Run("clickairtime_v2", func(t *testing.T) {
		answer := func(s string) string {
			return `{"success":true,"data":[{"id":"tp_1","reference":"ref-1","status":"` + s + `","phone_number":"+233541112259",` +
				`"amount":{"value":5,"currency":"GHS"},"provider_reference":null}],"meta":{"request_id":"r1"}}`
		}
		checkGeneratedRule(t, (*v2.Client)(nil).CreateTopupLookupRule(), specStatuses(t, "../spec/openapi/clickairtime-v2.yaml", "createTopup"), answer, []lookupCase{
			{"empty list", `{"success":true,"data":[],"meta":{"request_id":"r1"}}`, cbengine.LookupNotFound},
			{"another reference only", `{"success":true,"data":[{"reference":"ref-1-2","status":"completed"}]}`, cbengine.LookupInconclusive},
			{"a null reference is nobody's", `{"success":true,"data":[{"reference":null,"status":"completed"}]}`, cbengine.LookupInconclusive},
		})
	})
	t.Run("clickatell", func(t *testing.T) {
		answer := func(s string) string {
			return `{"id":1,"raasTxnRef":"r","clientTxnRef":"ref-1","amount":500,"transactionStatus":"` + s + `"}`
		}
		statuses := specStatuses(t, "../spec/openapi/clickatell-transact.yaml", "transact")
		cases := []lookupCase{
			{"another purchase's record", `{"clientTxnRef":"ref-2","transactionStatus":"SUCCESS"}`, cbengine.LookupInconclusive},
			{"a body with neither field", `{"id":1}`, cbengine.LookupInconclusive},
		}
		checkGeneratedRule(t, (*clickatell.Client)(nil).TransactLookupRule(), statuses, answer, cases)
		checkGeneratedRule(t, (*clickatell.Client)(nil).ReserveAndTransactLookupRule(),
			specStatuses(t, "../spec/openapi/clickatell-transact.yaml", "reserveAndTransact"), answer, cases)
	})
}
