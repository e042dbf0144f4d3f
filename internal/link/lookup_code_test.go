package link

import (
	"strings"
	"testing"

	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// TestClickAirtimeNotFoundByCode: the repository's Click Airtime top-up
// reads 235 "Transaction not found" in its lookup's code field and compares
// the body's statusCode, and Check accepts that; each way of getting those
// keys wrong is reported with what to do.
func TestClickAirtimeNotFoundByCode(t *testing.T) {
	apis := loadRepositoryAPIs(t)
	spec := loadCodes(t)
	api := apis["clickairtime-v1.yaml"]
	if api == nil {
		t.Fatal("no clickairtime-v1.yaml")
	}
	var topUp *oapimodel.Operation
	for _, op := range api.Operations {
		if op.ID == "topUp" {
			topUp = op
		}
	}
	if topUp == nil {
		t.Fatal("no topUp operation")
	}
	lk := topUp.Codebook.Lookup
	if lk.Code != "code" || len(lk.NotFound) != 1 || lk.NotFound[0] != "235" || topUp.Codebook.StatusCode != "statusCode" {
		t.Fatalf("topUp: lookup code %q not_found %v status_code %q; want code, [235], statusCode", lk.Code, lk.NotFound, topUp.Codebook.StatusCode)
	}
	if ps := Check(spec, []*oapimodel.API{api}); len(ps) != 0 {
		t.Fatalf("the repository's keys are refused: %v", ps)
	}
	for _, tc := range []struct {
		name   string
		change func()
		want   string
	}{
		{"a code that is no not-found row", func() { lk.NotFound = []string{"5"} }, `lookup.not_found "5" is not the code of a not_found row`},
		{"a code no table has", func() { lk.NotFound = []string{"999"} }, `lookup.not_found "999" is not the code of a not_found row`},
		{"not_found without code", func() { lk.Code = "" }, "lookup.not_found needs lookup.code"},
		{"code without not_found", func() { lk.NotFound = nil }, `lookup.code "code" reads nothing without lookup.not_found`},
		{"a code field no body has", func() { lk.Code = "resultCode" }, `lookup.code "resultCode" is not a property of any documented response body of operation getTransactions`},
		{"a status field no body has", func() { topUp.Codebook.StatusCode = "httpStatus" }, `status_code "httpStatus" is not a property of any documented response body`},
	} {
		saved, savedStatus := *lk, topUp.Codebook.StatusCode
		tc.change()
		ps := Check(spec, []*oapimodel.API{api})
		*lk, topUp.Codebook.StatusCode = saved, savedStatus
		if len(ps) != 1 || !strings.Contains(ps[0].String(), tc.want) {
			t.Errorf("%s: problems %v, want one saying %q", tc.name, ps, tc.want)
			continue
		}
		if !strings.Contains(ps[0].String(), "clickairtime-v1.yaml:") {
			t.Errorf("%s: %q does not give the file's position", tc.name, ps[0].String())
		}
	}
}
