package codebookimpl_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// TestNonCanonicalCodesAreUnknown: a code sent in a form other than the
// documented one ("+1", " 1 ", "1\n", "00001" for Click Airtime's 1; " 0000 "
// or "+0000" for Clickatell's "0000") is an unknown code, so the response is
// uncertain, never the success or failure of the code it resembles.
func TestNonCanonicalCodesAreUnknown(t *testing.T) {
	air := []struct {
		body string
		want codebook.Outcome
	}{
		{`{"code":1}`, codebook.OutcomeSuccess},
		{`{"code":"1"}`, codebook.OutcomeSuccess},
		{`{"code":30}`, codebook.OutcomeFailed},
		{`{"code":"+1"}`, codebook.OutcomeUncertain},
		{`{"code":" 1 "}`, codebook.OutcomeUncertain},
		{`{"code":"1\n"}`, codebook.OutcomeUncertain},
		{`{"code":"00001"}`, codebook.OutcomeUncertain},
		{`{"code":"01"}`, codebook.OutcomeUncertain},
		{`{"code":"+30"}`, codebook.OutcomeUncertain},
		{`{"code":"30 "}`, codebook.OutcomeUncertain},
		{`{"code":"-0"}`, codebook.OutcomeUncertain},
		{`{"code":1.0}`, codebook.OutcomeUncertain},
		{`{"code":1e0}`, codebook.OutcomeUncertain},
		{`{"code":-0}`, codebook.OutcomeUncertain},
		{`{"code":"1\u0000"}`, codebook.OutcomeUncertain},
	}
	for _, c := range air {
		r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 200, nil, []byte(c.body), "code", "message")
		assert.Equal(t, c.want, r.Class.Outcome, "Click Airtime %s: entry %v", c.body, r.Entry)
	}
	cat := []struct {
		body string
		want codebook.Outcome
		code string // the code kept, "" for none
	}{
		{`{"responseCode":"0000"}`, codebook.OutcomePending, "0000"},
		{`{"responseCode":0}`, codebook.OutcomePending, "0000"},        // a number that fits the width is padded
		{`{"responseCode":12345}`, codebook.OutcomeUncertain, "12345"}, // one that does not is kept, unknown
		{`{"responseCode":"+0000"}`, codebook.OutcomeUncertain, "+0000"},
		{`{"responseCode":" 0000 "}`, codebook.OutcomeUncertain, " 0000 "},
		{`{"responseCode":"0000\n"}`, codebook.OutcomeUncertain, "0000\n"},
		{`{"responseCode":"00000"}`, codebook.OutcomeUncertain, "00000"},
		{`{"responseCode":"0"}`, codebook.OutcomeUncertain, "0"},
		{`{"responseCode":0.0}`, codebook.OutcomeUncertain, ""},
		{`{"responseCode":-0}`, codebook.OutcomeUncertain, ""},
		{`{"responseCode":1e3}`, codebook.OutcomeUncertain, ""},
	}
	for _, c := range cat {
		r := clickatell.ClassifyHTTP(clickatell.TableTransact, 200, nil, []byte(c.body), "responseCode", "responseMessage")
		assert.Equal(t, c.want, r.Class.Outcome, "Clickatell %s: entry %v", c.body, r.Entry)
		assert.Equal(t, c.code, string(r.Code), "Clickatell %s: code kept", c.body)
	}
}

// TestUnknownStringCodesRoundTrip: an unknown string code is written back
// exactly as it came.
func TestUnknownStringCodesRoundTrip(t *testing.T) {
	for _, in := range []string{`"+0000"`, `" 0000 "`, `"0000\n"`, `"12345"`} {
		var c clickatell.Code
		require.NoError(t, c.UnmarshalJSON([]byte(in)), in)
		out, err := c.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, in, string(out))
	}
}

// TestParseCodeIsCanonical: a code written by a person or a header reads
// only in its documented form.
func TestParseCodeIsCanonical(t *testing.T) {
	for _, s := range []string{"1", "30", "232"} {
		_, err := codebookimpl.ParseIntegerCode(s)
		assert.NoError(t, err, s)
	}
	for _, s := range []string{"+1", " 1 ", "1\n", "00001", "-0", "", "1.0"} {
		_, err := codebookimpl.ParseIntegerCode(s)
		assert.Error(t, err, "%q", s)
	}
	for _, s := range []string{"0000", "2010"} {
		got, err := codebookimpl.ParseStringCode(s)
		assert.NoError(t, err, s)
		assert.Equal(t, s, got)
	}
	for _, s := range []string{" 0000 ", "0000\n", ""} {
		_, err := codebookimpl.ParseStringCode(s)
		assert.Error(t, err, "%q", s)
	}
}
