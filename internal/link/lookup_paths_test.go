package link

import (
	"slices"
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/diag"
	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// lookupSpec is a top-up whose lookup answers a list of records, shaped
// like Click Airtime's GET /adp/transactions: LOOKUP is replaced by the
// cases' x-codebook lookup.
const lookupSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /topup:
    post:
      operationId: topUp
      x-codebook:
        provider: acme
        table: transact
        money_moving: true
        reference: {field: extRefId}
        lookup: {operation: getTransactions, param: extRefId, LOOKUP}
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {extRefId: {type: string}}}}}
      responses:
        "200": {description: ok}
  /transactions:
    get:
      operationId: getTransactions
      x-codebook: {provider: acme, table: lookup}
      parameters:
        - {name: extRefId, in: query, schema: {type: string}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Transactions"}}}}
        "401": {description: auth, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
components:
  schemas:
    Transactions:
      type: object
      properties:
        message: {type: string}
        data: {type: array, items: {$ref: "#/components/schemas/Transaction"}}
        meta: {type: object, additionalProperties: true}
    Transaction:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            state: {$ref: "#/components/schemas/State"}
            amount: {type: object, properties: {value: {type: number}}}
    Base:
      type: object
      properties:
        extRefId: {type: string}
        id: {type: integer}
    State: {type: string, enum: [SUCCESS, FAILED, PENDING]}
    Problem:
      type: object
      properties:
        error: {type: object, properties: {code: {type: integer}}}
`

// TestCheckLookupPaths: every path of a lookup is followed through the
// lookup's 2xx schema ($ref, allOf, arrays, objects) when generating; one
// that does not resolve is an error at the x-codebook extension naming
// where it stopped, what is declared there, and the close name.
func TestCheckLookupPaths(t *testing.T) {
	const op = "operation topUp (POST /topup): "
	cases := []struct {
		name, lookup string
		want         string // the problems' messages, one a line; "" for none
	}{
		{"paths that resolve", `records: data, reference_field: extRefId, status: state, statuses: {SUCCESS: success, FAILED: failed}`, ""},
		{"a number as the reference", `records: data, reference_field: id, status: state, statuses: {SUCCESS: success}`, ""},
		{"a nested code path", `records: data, reference_field: extRefId, status: state, statuses: {SUCCESS: success}, code: error.code, not_found: ["235"]`, ""},
		{"status typo", `records: data, reference_field: extRefId, status: stat, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.status "stat" is not a property of a record of data (Transaction declares extRefId, id, state, amount) (did you mean "state"?)`},
		{"status data.0.stat", `records: data, reference_field: extRefId, status: data.0.stat, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.status and reference_field name fields of one record; put the path to the list of records in lookup.records`},
		{"records through a record to a typo", `records: data.0.stat, reference_field: extRefId, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.records "data.0.stat" does not resolve in the 2xx body of getTransactions: "data.0.stat" is not a declared property (there, the body declares extRefId, id, state, amount) (did you mean "state"?)`},
		{"records typo", `records: dat, reference_field: extRefId, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.records "dat" does not resolve in the 2xx body of getTransactions: "dat" is not a declared property (there, the body declares message, data, meta) (did you mean "data"?)`},
		{"records at an object", `records: message, reference_field: extRefId, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.records "message" is a string in the 2xx body of getTransactions, not a list of records; name the array that holds the records`},
		{"records into untyped JSON", `records: meta.items, reference_field: extRefId, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.records "meta.items" does not resolve in the 2xx body of getTransactions: "meta.items" enters JSON the schema does not type (raw, map, union or additionalProperties), which the generated accessor cannot read; declare its properties`},
		{"no records: the body is no record", `reference_field: extRefId, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.reference_field "extRefId" is not a property of the 2xx body of getTransactions (Transactions declares message, data, meta)` + "\n" +
				op + `x-codebook.lookup.status "state" is not a property of the 2xx body of getTransactions (Transactions declares message, data, meta)`},
		{"reference field typo", `records: data, reference_field: extRefID, status: state, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.reference_field "extRefID" is not a property of a record of data (Transaction declares extRefId, id, state, amount) (did you mean "extRefId"?)`},
		{"status field that is an object", `records: data, reference_field: extRefId, status: amount, statuses: {SUCCESS: success}`,
			op + `x-codebook.lookup.status "amount" is a TransactionAmount in a record of data; the field must hold a string, a number or an enum of them`},
		{"status value the enum does not allow", `records: data, reference_field: extRefId, status: state, statuses: {SUCCESS: success, SUCCES: success}`,
			op + `x-codebook.lookup.statuses "SUCCES" is not a value of a record of data's state (enum State allows SUCCESS, FAILED, PENDING) (did you mean "SUCCESS"?); list only values the field can hold`},
		{"nested code path typo", `records: data, reference_field: extRefId, status: state, statuses: {SUCCESS: success}, code: error.cod, not_found: ["235"]`,
			op + `x-codebook.lookup.code "error.cod" is in no documented response body: "error.cod" is not a declared property (there, the bodies declare code) of operation getTransactions (GET /transactions); name the field of the lookup's body holding the code`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := strings.Replace(lookupSpec, "LOOKUP", tc.lookup, 1)
			api, path := generate(t, spec)
			var got []diag.Problem
			for _, p := range Check(fixtureCodes(), []*oapimodel.API{api}) {
				if !strings.Contains(p.Msg, "not_found") { // the fixture's tables have no not-found rows
					got = append(got, p)
				}
			}
			if tc.want == "" {
				if len(got) != 0 {
					t.Fatalf("want no problem, got:\n%s", dump(got))
				}
				return
			}
			line, col := lineOf(spec, 0)
			var want []diag.Problem
			for _, msg := range strings.Split(tc.want, "\n") {
				want = append(want, diag.Problem{Pos: diag.Pos{File: path, Line: line, Col: col}, Msg: msg})
			}
			if !slices.Equal(got, want) {
				t.Fatalf("got:\n%s\nwant:\n%s", dump(got), dump(want))
			}
		})
	}
}
