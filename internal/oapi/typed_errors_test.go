package oapi_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

// TestCodebookTypedErrorBody: a code-table operation answered with a
// documented non-2xx status gives its *<Op>Error holding the typed body,
// and the classified *Error is still there: errors.As finds it, errors.Is
// matches its row, category and outcome, and the Result is the same.
func TestCodebookTypedErrorBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("extRefId") != "" { // GetTransactions: a 5xx whose body does not decode
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = io.WriteString(w, `<html>proxy error</html>`)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"statusCode":403,"code":20,"message":"Request declined due to low balance"}`)
	}))
	defer srv.Close()
	c, err := clickairtime.NewClient(clickairtime.WithBaseURL(srv.URL), clickairtime.WithClickAirtimeEmail(codebook.NewSecret("e")), clickairtime.WithClickAirtimeToken(codebook.NewSecret("t")))
	if err != nil {
		t.Fatal(err)
	}
	ref := "ref-1"
	out, rr, err := c.TopUp(context.Background(), clickairtime.TopUpRequest{MSISDN: "263719545499", ExtRefID: &ref})
	if out != nil {
		t.Errorf("body = %+v, want nil on a 403", out)
	}
	var te *clickairtime.TopUpError
	if !errors.As(err, &te) {
		t.Fatalf("err = %T %v, want a *clickairtime.TopUpError", err, err)
	}
	if te.Status403 == nil || te.Status403.Message == nil || *te.Status403.Message != "Request declined due to low balance" || te.Status400 != nil || te.Status500 != nil {
		t.Errorf("TopUpError = %+v, want the 403 body in Status403 only", te)
	}
	var ce *clickairtime.Error
	if !errors.As(err, &ce) || ce != te.Err || ce.Result.Entry != rr.Entry || rr.Status != http.StatusForbidden {
		t.Errorf("errors.As(*clickairtime.Error) = %v; Result %+v", ce, rr)
	}
	for _, target := range []error{clickairtime.TopupLowBalance, codebook.ErrInsufficientFunds, codebook.OutcomeFailed} {
		if !errors.Is(err, target) {
			t.Errorf("errors.Is(err, %v) = false", target)
		}
	}
	if err.Error() != ce.Error() {
		t.Errorf("Error() = %q, want the classified error's %q", err.Error(), ce.Error())
	}

	_, rr, err = c.GetTransactions(context.Background(), clickairtime.GetTransactionsParams{ExtRefID: &ref})
	var ge *clickairtime.GetTransactionsError
	if !errors.As(err, &ge) || ge.Status500 != nil || !errors.Is(err, codebook.OutcomeUncertain) || rr.Class.Outcome != codebook.OutcomeUncertain {
		t.Errorf("GetTransactions 500 with an HTML body: %T %v (%+v), want an uncertain *GetTransactionsError with no typed body", err, err, ge)
	}
}
