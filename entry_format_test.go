package codebook_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// TestEntryPrints: fmt prints a generated Entry as its Go name, as for any
// enumeration (not its Error text), describes it with %+v, and an Entry
// that is no row says so instead of "Table(0): ".
func TestEntryPrints(t *testing.T) {
	e := clickairtime.TopupLowBalance
	assert.Equal(t, "TopupLowBalance", fmt.Sprint(e))
	assert.Equal(t, `TopupLowBalance "TopupLowBalance"`, fmt.Sprintf("%s %q", e, e))
	assert.Equal(t, fmt.Sprint(int(e)), fmt.Sprintf("%d", e))
	assert.Equal(t, `TopupLowBalance (topup code 20 "Request declined due to low balance", failed/never/account/insufficient_funds)`,
		fmt.Sprintf("%+v", e))
	assert.Equal(t, `ReserveFundsInsufficientFunds (reserve_funds code "2010" "Insufficient funds", failed/never/account/insufficient_funds)`,
		fmt.Sprintf("%+v", clickatell.ReserveFundsInsufficientFunds))
	assert.Equal(t, "topup: Request declined due to low balance", e.Error(), "Error keeps the table and the message")
	assert.True(t, errors.Is(fmt.Errorf("top-up: %w", e), e))

	unknown := clickairtime.Entry(0)
	assert.Equal(t, "Entry(0)", fmt.Sprint(unknown))
	assert.Equal(t, "Entry(0): no row", unknown.Error())
	assert.Equal(t, "Entry(0): no row", fmt.Sprintf("%+v", unknown))
}

// TestClassifyHTTPNestedCode: the generated ClassifyHTTP reads a code
// nested in the body; a path that leads nowhere leaves the response without
// a code, which is uncertain, never the failed row a top-level code would
// have given.
func TestClassifyHTTPNestedCode(t *testing.T) {
	body := []byte(`{"code": 1, "error": {"code": 20, "message": "Request declined due to low balance"}, "errors": [{"code": 20}]}`)
	for _, path := range []string{"error.code", "errors.0.code"} {
		res := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, body, path, "error.message")
		assert.Equal(t, clickairtime.TopupLowBalance, res.Entry, path)
		assert.Equal(t, codebook.OutcomeFailed, res.Class.Outcome, path)
	}
	for _, path := range []string{"error.reason", "errors.1.code", "error.message.code", "error.code.value"} {
		res := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(`{"error": {"code": 20, "message": "x"}, "errors": [{"code": 20}]}`), path, "")
		assert.False(t, res.HasCode, path)
		assert.Equal(t, codebook.OutcomeUncertain, res.Class.Outcome, path)
	}
}
