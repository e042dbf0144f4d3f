package codebook_test

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
)

// table and row stand in for a generated package's Table and Entry.
type table uint8

func (table) String() string { return "transact" }

type row uint8

const (
	rowNone row = iota
	rowInsufficientFunds
	rowProcessing
)

func (r row) Error() string { return "transact: " + r.Message() }
func (r row) Message() string {
	return map[row]string{rowInsufficientFunds: "Insufficient funds", rowProcessing: "Processing"}[r]
}
func (r row) Description() string { return "" }
func (r row) Class() codebook.Class {
	switch r {
	case rowInsufficientFunds:
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever,
			Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	case rowProcessing:
		return codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile,
			Category: codebook.CategoryInProgress}
	}
	return codebook.Unknown()
}

type result = codebook.Result[table, row, string]

func TestZeroClassIsUncertain(t *testing.T) {
	var c codebook.Class
	assert.Equal(t, codebook.Unknown(), c)
	assert.Equal(t, codebook.OutcomeUncertain, c.Outcome)
	assert.Equal(t, codebook.RetryReconcile, c.Retry)
	assert.Equal(t, "uncertain/reconcile/unknown/unknown", c.String())
	assert.False(t, c.Outcome.IsFinal())
}

func TestClassString(t *testing.T) {
	c := codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterDelay,
		Fault: codebook.FaultUpstream, Category: codebook.CategoryRateLimited}
	assert.Equal(t, "failed/after_delay/upstream/rate_limited", c.String())
}

func TestRetryAfterPrefersTheHeader(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	assert.Equal(t, time.Minute, codebookimpl.RetryAfter(h, time.Minute, now), "no header: the documented delay")
	h.Set("Retry-After", "120")
	assert.Equal(t, 2*time.Minute, codebookimpl.RetryAfter(h, time.Minute, now))
	h.Set("Retry-After", now.Add(30*time.Second).Format(http.TimeFormat))
	assert.Equal(t, 30*time.Second, codebookimpl.RetryAfter(h, 0, now))
	for _, bad := range []string{"-5", "soon", now.Add(-time.Hour).Format(http.TimeFormat), "99999999999"} {
		h.Set("Retry-After", bad)
		assert.Equal(t, time.Second, codebookimpl.RetryAfter(h, time.Second, now), bad)
	}
}

func TestParseRoundTripsEveryName(t *testing.T) {
	for _, n := range codebook.OutcomeNames() {
		o, err := codebook.ParseOutcome(n)
		require.NoError(t, err)
		assert.Equal(t, n, o.String())
	}
	for _, n := range codebook.RetryNames() {
		r, err := codebook.ParseRetry(n)
		require.NoError(t, err)
		assert.Equal(t, n, r.String())
	}
	for _, n := range codebook.FaultNames() {
		f, err := codebook.ParseFault(n)
		require.NoError(t, err)
		assert.Equal(t, n, f.String())
	}
	for _, n := range codebook.CategoryNames() {
		c, err := codebook.ParseCategory(n)
		require.NoError(t, err)
		assert.Equal(t, n, c.String())
	}
	_, err := codebook.ParseOutcome("maybe")
	assert.ErrorContains(t, err, `"maybe"`)
}

func TestMatchMessage(t *testing.T) {
	tmpl := []string{"Product ID ", " does not exist"}
	for _, tc := range []struct {
		msg   string
		parts []string
		want  bool
	}{
		{"Product ID 987 does not exist", tmpl, true},
		{"  product id 12345 DOES NOT EXIST ", tmpl, true},
		{"Product ID  does not exist", []string{"Product ID ", "does not exist"}, true},
		{"Product ID does not exist", tmpl, false},
		{"Product ID 1 does not exist!", tmpl, false},
		{"Insufficient funds", []string{"insufficient FUNDS"}, true},
		{"Insufficient funds.", []string{"Insufficient funds"}, false},
		{"Ref ‘42’ not found", []string{"Ref ‘", "’ not found"}, true},
		{"a-x-b-y-c", []string{"a-", "-b-", "-c"}, true},
		{"a--b--c", []string{"a-", "-b-", "-c"}, false},
	} {
		assert.Equal(t, tc.want, codebookimpl.MatchMessage(tc.msg, tc.parts...), "%q ~ %q", tc.msg, tc.parts)
	}
}

func TestMatchMessageDoesNotAllocate(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		codebookimpl.MatchMessage("Product ID 987 does not exist", "Product ID ", " does not exist")
	})
	assert.Zero(t, allocs)
}

func TestDecodeStringCodeKeepsLeadingZeros(t *testing.T) {
	for in, want := range map[string]string{`"0000"`: "0000", `0`: "0000", ` 1 `: "0001", `2010`: "2010", `"9999"`: "9999", `12345`: "12345"} {
		got, err := codebookimpl.DecodeStringCode([]byte(in), 4)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{`-1`, `1.5`, `true`, `{}`, `"unterminated`} {
		_, err := codebookimpl.DecodeStringCode([]byte(bad), 4)
		assert.Error(t, err, bad)
	}
}

func TestDecodeIntegerCodeTakesNumbersAndStrings(t *testing.T) {
	for in, want := range map[string]int64{`1`: 1, `"232"`: 232} {
		got, err := codebookimpl.DecodeIntegerCode([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{`"x"`, `1e3`, `99999999999`, `null`, `" 90 "`} {
		_, err := codebookimpl.DecodeIntegerCode([]byte(bad))
		assert.Error(t, err, bad)
	}
}

func TestDecodeErrorsTruncateHostileInput(t *testing.T) {
	_, err := codebookimpl.DecodeIntegerCode([]byte(strings.Repeat("9", 500)))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 100)
}

func TestBodyFields(t *testing.T) {
	code, msg, ok := codebookimpl.BodyFields([]byte(`{"code": 20, "message": "Request declined due to low balance", "data": {}}`), "code", "message")
	assert.True(t, ok)
	assert.Equal(t, "20", string(code))
	assert.Equal(t, "Request declined due to low balance", msg)

	code, msg, ok = codebookimpl.BodyFields([]byte(`{"code": null, "message": 5}`), "code", "message")
	assert.True(t, ok)
	assert.Nil(t, code)
	assert.Empty(t, msg)

	_, _, ok = codebookimpl.BodyFields([]byte(`<html>502 Bad Gateway</html>`), "code", "message")
	assert.False(t, ok)
	_, _, ok = codebookimpl.BodyFields([]byte(`[1,2]`), "code", "message")
	assert.False(t, ok)
}

func TestSettleNeedsA2xxForSuccess(t *testing.T) {
	success := codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever}
	assert.Equal(t, success, codebookimpl.Settle(success, 200))
	assert.Equal(t, codebook.Unknown(), codebookimpl.Settle(success, 500))
	assert.Equal(t, codebook.Unknown(), codebookimpl.Settle(success, 302))
	failed := rowInsufficientFunds.Class()
	assert.Equal(t, failed, codebookimpl.Settle(failed, 403))
}

func TestErrIsNilForSuccessAndPending(t *testing.T) {
	assert.NoError(t, result{Entry: rowProcessing, Class: rowProcessing.Class()}.Err())
	assert.NoError(t, result{Class: codebook.Class{Outcome: codebook.OutcomeSuccess}}.Err())
	assert.Error(t, result{}.Err(), "an unknown response is uncertain, so an error")
}

func TestErrorMatchesRowCategoryOutcomeAndAs(t *testing.T) {
	err := result{Table: 1, Entry: rowInsufficientFunds, Class: rowInsufficientFunds.Class(), Status: 200,
		Code: "2010", HasCode: true, Message: "Insufficient funds for +27 82 555 0100"}.Err()
	assert.ErrorIs(t, err, rowInsufficientFunds)
	assert.ErrorIs(t, err, codebook.ErrInsufficientFunds)
	assert.ErrorIs(t, err, codebook.OutcomeFailed)
	assert.NotErrorIs(t, err, rowProcessing)
	assert.NotErrorIs(t, err, codebook.ErrDuplicate)
	assert.NotErrorIs(t, err, codebook.OutcomeUncertain)
	var e *codebook.Error[table, row, string]
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "2010", e.Code)
	assert.Equal(t, "transact: HTTP 200, code 2010: Insufficient funds [failed/never/account/insufficient_funds]", err.Error())
	assert.NotContains(t, err.Error(), "555", "Error uses the documented message, not the one received")
}

func TestUnknownResponseErrorIsUncertain(t *testing.T) {
	err := result{Table: 1, Status: 502}.Err()
	assert.ErrorIs(t, err, codebook.OutcomeUncertain)
	assert.ErrorIs(t, err, codebook.ErrUnknown)
	assert.Equal(t, "transact: HTTP 502, no code: undocumented response [uncertain/reconcile/unknown/unknown]", err.Error())
}

func TestLogValueLeavesOutBodyAndMessage(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	r := result{Table: 1, Entry: rowInsufficientFunds, Class: rowInsufficientFunds.Class(), Status: 200,
		Code: "2010", HasCode: true, Message: "card 4111111111111111", RequestID: "req-1",
		Snippet: []byte(`{"msisdn":"27825550100"}`)}
	log.Info("classified", "result", r)
	out := buf.String()
	for _, want := range []string{`"table":"transact"`, `"status":200`, `"code":"2010"`, `"request_id":"req-1"`} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "4111111111111111")
	assert.NotContains(t, out, "27825550100")
}

func TestRequestID(t *testing.T) {
	h := http.Header{}
	assert.Empty(t, codebookimpl.RequestID(h))
	h.Set("X-Correlation-Id", "c-1")
	assert.Equal(t, "c-1", codebookimpl.RequestID(h))
	h.Set("X-Request-Id", "r-1")
	assert.Equal(t, "r-1", codebookimpl.RequestID(h))
}

func TestSnippetIsBoundedAndCutAtARune(t *testing.T) {
	body := bytes.Repeat([]byte("é"), codebookimpl.MaxSnippet)
	s := codebookimpl.Snippet(body)
	assert.LessOrEqual(t, len(s), codebookimpl.MaxSnippet)
	assert.True(t, bytes.HasPrefix(body, s))
	assert.Zero(t, len(s)%2, "cut inside a two-byte rune")
	small := []byte("short")
	s = codebookimpl.Snippet(small)
	small[0] = 'X'
	assert.Equal(t, "short", string(s), "the snippet is a copy")
}

func TestCategoriesAreDistinctErrors(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range codebook.CategoryNames() {
		c, err := codebook.ParseCategory(n)
		require.NoError(t, err)
		var target error = c
		assert.True(t, errors.Is(target, c))
		assert.False(t, seen[c.Error()], "duplicate category text %q", c.Error())
		seen[c.Error()] = true
	}
}

func TestUncertainCarriesTheCauseWithoutTheURL(t *testing.T) {
	cause := &url.Error{Op: "Post", URL: "https://api.example/adp?msisdn=27825550100", Err: io.ErrUnexpectedEOF}
	err := codebook.Uncertain(result{Table: 1, Status: 200, Class: rowInsufficientFunds.Class()}, cause)
	assert.ErrorIs(t, err, codebook.OutcomeUncertain)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, "transact: HTTP 200, no classifiable response: Post: unexpected EOF [uncertain/reconcile/unknown/unknown]", err.Error())
	assert.NotContains(t, err.Error(), "27825550100")
}

func TestSettleDemotesPendingOutside2xx(t *testing.T) {
	assert.Equal(t, codebook.Unknown(), codebookimpl.Settle(rowProcessing.Class(), 500))
	assert.Equal(t, rowProcessing.Class(), codebookimpl.Settle(rowProcessing.Class(), 202))
}
