package codebookimpl_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

// TestSettleBodyStatus: a Click Airtime body whose statusCode is not the
// response's HTTP status is uncertain, whichever way they disagree; one
// that agrees, or states none, keeps its class.
func TestSettleBodyStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		outcome codebook.Outcome
	}{
		{"200, statusCode 500, code 1", 200, `{"statusCode":500,"code":1}`, codebook.OutcomeUncertain},
		{"500, statusCode 200, code 20", 500, `{"statusCode":200,"code":20}`, codebook.OutcomeUncertain},
		{"403, statusCode 200, code 20", 403, `{"statusCode":200,"code":20}`, codebook.OutcomeUncertain},
		{"200, statusCode not a number", 200, `{"statusCode":"OK","code":1}`, codebook.OutcomeUncertain},
		{"200, statusCode 200, code 1", 200, `{"statusCode":200,"code":1}`, codebook.OutcomeSuccess},
		{"200, statusCode \"200\", code 1", 200, `{"statusCode":"200","code":1}`, codebook.OutcomeSuccess},
		{"403, statusCode 403, code 20", 403, `{"statusCode":403,"code":20}`, codebook.OutcomeFailed},
		{"200, no statusCode, code 1", 200, `{"code":1}`, codebook.OutcomeSuccess},
	} {
		body := []byte(tc.body)
		r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, tc.status, nil, body, "code", "message")
		got := codebookimpl.SettleBodyStatus(r, body, "statusCode")
		assert.Equal(t, tc.outcome, got.Class.Outcome, tc.name)
		assert.Equal(t, r.Entry, got.Entry, "%s: the row is kept", tc.name)
	}
	r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(`{"statusCode":500,"code":1}`), "code", "message")
	assert.Equal(t, codebook.OutcomeSuccess, codebookimpl.SettleBodyStatus(r, nil, "").Class.Outcome, "no field named: nothing checked")
}

// TestTopUpComparesStatusCode: the generated client's TopUp, driven by the
// spec's x-codebook.status_code, makes a 200 whose body says statusCode 500
// uncertain (before, it was a success), and a 500 whose body says 200 with
// code 20 uncertain (before, failed for low balance).
func TestTopUpComparesStatusCode(t *testing.T) {
	var status int
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := clickairtime.NewClient(clickairtime.WithBaseURL(srv.URL),
		clickairtime.WithClickAirtimeEmail(codebook.NewSecret("a@example.com")), clickairtime.WithClickAirtimeToken(codebook.NewSecret("token")))
	require.NoError(t, err)
	for _, tc := range []struct {
		status  int
		body    string
		outcome codebook.Outcome
	}{
		{200, `{"message":"Top-up successful! Airtime has been successfully topped up","statusCode":500,"code":1,"data":{}}`, codebook.OutcomeUncertain},
		{500, `{"message":"Request declined due to low balance","statusCode":200,"code":20}`, codebook.OutcomeUncertain},
		{403, `{"message":"Request declined due to low balance","statusCode":403,"code":20}`, codebook.OutcomeFailed},
		{200, `{"message":"Top-up successful! Airtime has been successfully topped up","statusCode":200,"code":1,"data":{}}`, codebook.OutcomeSuccess},
	} {
		status, body = tc.status, tc.body
		_, res, err := c.TopUp(context.Background(), clickairtime.TopUpRequest{MSISDN: "263719545499"})
		assert.Equal(t, tc.outcome, res.Class.Outcome, "%d %s", tc.status, tc.body)
		if tc.outcome == codebook.OutcomeUncertain {
			assert.True(t, errors.Is(err, codebook.OutcomeUncertain), "%d %s: %v", tc.status, tc.body, err)
		}
	}
}

// BenchmarkSettleBodyStatus measures the statusCode comparison the
// generated Click Airtime client adds after ClassifyHTTP, against
// ClassifyHTTP alone.
func BenchmarkSettleBodyStatus(b *testing.B) {
	body := []byte(`{"message":"Top-up successful! Airtime has been successfully topped up","statusCode":200,"code":1,"data":{"transactionId":"9f1c"}}`)
	b.Run("ClassifyHTTP", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, body, "code", "message")
		}
	})
	b.Run("ClassifyHTTP+SettleBodyStatus", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, body, "code", "message")
			_ = codebookimpl.SettleBodyStatus(r, body, "statusCode")
		}
	})
}
