package conformance

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// TestOneCategoryMatchesBothProviders is the point of the shared
// categories: one errors.Is check handles insufficient funds whichever
// provider said it, and errors.As gives each provider's details.
func TestOneCategoryMatchesBothProviders(t *testing.T) {
	airtime := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 403, nil,
		[]byte(`{"message":"Request declined due to low balance","statusCode":403,"code":20}`), "code", "message").Err()
	payd := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, 200, nil,
		[]byte(`{"responseCode":"2010","responseMessage":"Insufficient funds"}`), "responseCode", "responseMessage").Err()
	for _, err := range []error{airtime, payd} {
		require.Error(t, err)
		assert.ErrorIs(t, err, codebook.ErrInsufficientFunds)
		assert.ErrorIs(t, err, codebook.OutcomeFailed)
		assert.NotErrorIs(t, err, codebook.ErrDuplicate)
	}
	assert.ErrorIs(t, airtime, clickairtime.TopupLowBalance)
	assert.ErrorIs(t, payd, clickatell.ReserveFundsInsufficientFunds)
	assert.NotErrorIs(t, payd, clickatell.TransactionLookupInsufficientFunds, "each table's row is its own sentinel")

	var ae *clickairtime.Error
	require.True(t, errors.As(airtime, &ae))
	assert.Equal(t, clickairtime.Code(20), ae.Code)
	var ce *clickatell.Error
	require.True(t, errors.As(payd, &ce))
	assert.Equal(t, clickatell.Code("2010"), ce.Code)
	assert.False(t, errors.As(payd, &ae), "a Clickatell error is not a Click Airtime error")
}

// TestWireCodesInEitherForm: the docs disagree on whether codes travel as
// JSON numbers or strings; both give the same row, zeros kept.
func TestWireCodesInEitherForm(t *testing.T) {
	for _, body := range []string{`{"responseCode":"0000"}`, `{"responseCode":0}`} {
		r := clickatell.ClassifyHTTP(clickatell.TableTransact, 200, nil, []byte(body), "responseCode", "responseMessage")
		assert.Equal(t, clickatell.TransactProcessingRequest, r.Entry, body)
		assert.Equal(t, codebook.OutcomePending, r.Class.Outcome, body)
		assert.NoError(t, r.Err(), "pending is a result, not an error")
	}
	r := clickatell.ClassifyHTTP(clickatell.TableTransact, 200, nil, []byte(`{"responseCode":"0"}`), "responseCode", "responseMessage")
	assert.Equal(t, clickatell.Code("0"), r.Code, "a JSON string is taken as written")
	assert.False(t, r.Entry.Known(), "an undocumented code matches no row, not even by status")
	assert.EqualError(t, r.Err(), "transact: HTTP 200, code 0: undocumented response [uncertain/reconcile/unknown/unknown]")
	r = clickatell.ClassifyHTTP(clickatell.TableMNOLookup, 400, nil, []byte(`{"responseCode":"7777"}`), "responseCode", "responseMessage")
	assert.False(t, r.Entry.Known(), "a 400 with an undocumented code is not the documented 400")
	assert.ErrorIs(t, r.Err(), codebook.OutcomeUncertain)
	for _, body := range []string{`{"code":232}`, `{"code":"232"}`} {
		r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(body), "code", "message")
		assert.Equal(t, clickairtime.TopupQueued, r.Entry, body)
		assert.Equal(t, codebook.OutcomePending, r.Class.Outcome, body)
	}
}

// TestUnknownAndUnreadableAreUncertain: never success, never failed.
func TestUnknownAndUnreadableAreUncertain(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
	}{
		{200, `{"code": 4242}`},
		{200, `<html>gateway</html>`},
		{502, `Bad Gateway`},
		{200, ``},
		{500, `{"code": 1}`},
		{302, `{"code": 1, "message": "Top-up successful! Airtime has been successfully topped up"}`},
	} {
		r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, tc.status, nil, []byte(tc.body), "code", "message")
		assert.Equal(t, codebook.OutcomeUncertain, r.Class.Outcome, "%d %s", tc.status, tc.body)
		assert.Equal(t, codebook.RetryReconcile, r.Class.Retry, "%d %s", tc.status, tc.body)
		assert.ErrorIs(t, r.Err(), codebook.OutcomeUncertain)
	}
}

// TestIssueClassifications pins the classes the issue names, on the
// generated packages themselves.
func TestIssueClassifications(t *testing.T) {
	for _, tc := range []struct {
		name    string
		class   codebook.Class
		outcome codebook.Outcome
		retry   codebook.Retry
	}{
		{"airtime 1", clickairtime.TopupSuccess.Class(), codebook.OutcomeSuccess, codebook.RetryNever},
		{"airtime 10", clickairtime.TopupPending.Class(), codebook.OutcomePending, codebook.RetryReconcile},
		{"airtime 232", clickairtime.TopupQueued.Class(), codebook.OutcomePending, codebook.RetryReconcile},
		{"airtime 20", clickairtime.TopupLowBalance.Class(), codebook.OutcomeFailed, codebook.RetryNever},
		{"airtime 90", clickairtime.TopupDuplicateReference.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
		{"airtime 50", clickairtime.TopupRepeatRecharge.Class(), codebook.OutcomeFailed, codebook.RetryNewReference},
		{"airtime 234", clickairtime.TopupRouteUnavailable.Class(), codebook.OutcomeFailed, codebook.RetryNewReference},
		{"airtime HTTP 200", clickairtime.HTTPStatusOK.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
		{"airtime HTTP 500", clickairtime.HTTPStatusInternalServerError.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
		{"airtime HTTP 503", clickairtime.HTTPStatusServiceUnavailable.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
		{"clickatell transact 0000", clickatell.TransactProcessingRequest.Class(), codebook.OutcomePending, codebook.RetryReconcile},
		{"clickatell 9001", clickatell.TransactResultReservationUncertain.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
		{"clickatell 9999", clickatell.TransactResultPending.Class(), codebook.OutcomePending, codebook.RetryReconcile},
		{"clickatell 2225", clickatell.TransactResultVolumesExceeded.Class(), codebook.OutcomeFailed, codebook.RetryNewReference},
		{"clickatell 2242", clickatell.TransactResultMSISDNLimitExceeded.Class(), codebook.OutcomeFailed, codebook.RetryNewReference},
		{"clickatell 2520", clickatell.TransactResultSupplierOffline.Class(), codebook.OutcomeFailed, codebook.RetryNewReference},
		{"clickatell HTTP 429", clickatell.HTTPStatusTooManyRequests.Class(), codebook.OutcomeUncertain, codebook.RetryReconcile}, // issue 16
		{"unknown", clickatell.Entry(0).Class(), codebook.OutcomeUncertain, codebook.RetryReconcile},
	} {
		assert.Equal(t, tc.outcome, tc.class.Outcome, tc.name)
		assert.Equal(t, tc.retry, tc.class.Retry, tc.name)
	}
	assert.Equal(t, codebook.CategoryInsufficientFunds, clickairtime.TopupLowBalance.Class().Category)
	assert.Equal(t, codebook.CategoryDuplicate, clickairtime.TopupDuplicateReference.Class().Category)
	assert.Equal(t, "1m0s", clickairtime.TopupRepeatRecharge.RetryAfter().String())
	assert.Zero(t, clickairtime.TopupRouteUnavailable.RetryAfter(), "234's \"a few minutes\" is no fixed delay")
	r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(`{"code":50}`), "code", "message")
	assert.Equal(t, time.Minute, r.RetryAfter, "the documented delay reaches the result")
}
