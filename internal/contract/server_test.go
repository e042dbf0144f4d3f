package contract

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/spectest"
)

// recorder is a testing.TB whose Errorf records the message instead of
// failing, so that the server's own checks can be tested.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	errs := r.errs
	r.errs = nil
	return errs
}

// TestServerRefusesWhatTheSpecRefuses proves the validating server is no
// rubber stamp: requests without credentials or with a body the spec
// refuses, answers with a body or a status the spec refuses, and unknown
// paths are all reported; an answer marked OffSpec is not.
func TestServerRefusesWhatTheSpecRefuses(t *testing.T) {
	rec := &recorder{TB: t}
	srv := spectest.NewServer(rec, loadDoc(t, clickatellProvider.specFile))
	ctx := context.Background()
	valid := spectest.Answer{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"responseCode":"0000","responseMessage":"Processing request"}`)}
	noAuth, err := clickatell.NewClient(clickatell.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	authed, err := clickatell.NewClient(clickatell.WithBaseURL(srv.URL), clickatell.WithAPIKey(codebook.NewSecret("key")), clickatell.WithBearerAuth(codebook.NewSecret("token")))
	if err != nil {
		t.Fatal(err)
	}
	transact := clickatellCalls(authed)["transact"]

	cases := []struct {
		name   string
		answer spectest.Answer
		call   func() error
		want   string // in the one error reported; "" for none
	}{
		{"valid", valid, func() error { _, _, err := transact(ctx); return err }, ""},
		{"no credentials", valid, func() error {
			_, _, err := noAuth.TransactionLookup(ctx, clickatell.TransactionLookupParams{ClientID: 200})
			return err
		}, "request is invalid"},
		{"request body refused", valid, func() error {
			_, _, err := authed.Transact(ctx, clickatell.TransactParams{Version: "v4"}, clickatell.TransactRequest{ChannelName: strings.Repeat("x", 65)})
			return err
		}, "request is invalid"},
		{"response body refused", spectest.Answer{Status: 200, Header: valid.Header, Body: []byte(`{"responseCode":"12"}`)}, func() error { _, _, err := transact(ctx); return err }, "answer is invalid"},
		{"undocumented status", spectest.Answer{Status: http.StatusTeapot, Header: valid.Header, Body: valid.Body}, func() error { _, _, err := transact(ctx); return err }, "answer is invalid"},
		{"off-spec answer", spectest.Answer{Status: http.StatusTeapot, Body: []byte("<html>"), OffSpec: true}, func() error { _, _, err := transact(ctx); return err }, ""},
	}
	for _, tc := range cases {
		srv.Script(func(*spectest.Exchange) spectest.Answer { return tc.answer })
		_ = tc.call()
		errs := rec.take()
		switch {
		case tc.want == "" && len(errs) != 0:
			t.Errorf("%s: the server reported %q", tc.name, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want)):
			t.Errorf("%s: the server reported %q, want one error with %q", tc.name, errs, tc.want)
		}
	}

	// A path the spec does not have.
	resp, err := http.Get(srv.URL + "/no/such/path")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if errs := rec.take(); len(errs) != 1 || !strings.Contains(errs[0], "no operation of the spec") {
		t.Errorf("unknown path: the server reported %q", errs)
	}

	// Click Airtime's two headers are both required.
	airSrv := spectest.NewServer(rec, loadDoc(t, clickairtimeProvider.specFile))
	airSrv.Script(func(*spectest.Exchange) spectest.Answer {
		return spectest.Answer{Status: 200, Header: valid.Header, Body: []byte(`{"message":"Success","statusCode":200,"data":[]}`)}
	})
	half, err := clickairtime.NewClient(clickairtime.WithBaseURL(airSrv.URL), clickairtime.WithClickAirtimeToken(codebook.NewSecret("token")))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _ = half.GetBalances(ctx)
	if errs := rec.take(); len(errs) != 1 || !strings.Contains(errs[0], "request is invalid") {
		t.Errorf("Click Airtime without the email header: the server reported %q", errs)
	}
}
