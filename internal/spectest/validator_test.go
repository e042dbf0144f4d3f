package spectest

import (
	"net/http"
	"testing"
)

// TestCheckRefuses makes sure the validator the fakes' tests rely on does
// refuse what the specs do not allow.
func TestCheckRefuses(t *testing.T) {
	ca := MustLoad(t, "clickairtime-v1.yaml")
	ct := MustLoad(t, "clickatell-transact.yaml")
	jsonH := http.Header{"Content-Type": {"application/json"}}
	htmlH := http.Header{"Content-Type": {"text/html"}}
	post := func(path string) *http.Request {
		r, _ := http.NewRequest("POST", "http://127.0.0.1:1"+path, nil)
		return r
	}
	get := func(path string) *http.Request {
		r, _ := http.NewRequest("GET", "http://127.0.0.1:1"+path, nil)
		return r
	}
	for _, tc := range []struct {
		name   string
		v      *Validator
		req    *http.Request
		status int
		header http.Header
		body   string
		ok     bool
	}{
		{"top-up ok", ca, post("/adp"), 200, jsonH, `{"message":"m","statusCode":200,"code":1,"data":{}}`, true},
		{"top-up code as string", ca, post("/adp"), 200, jsonH, `{"message":"m","statusCode":200,"code":"1"}`, true},
		{"top-up code as object", ca, post("/adp"), 200, jsonH, `{"code":{}}`, false},
		{"top-up undeclared status", ca, post("/adp"), 502, jsonH, `{}`, false},
		{"top-up html", ca, post("/adp"), 503, htmlH, `<html></html>`, false},
		{"top-up truncated", ca, post("/adp"), 200, jsonH, `{"message":"m`, false},
		{"transactions data not a list", ca, get("/adp/transactions?extRefId=x"), 200, jsonH, `{"data":{}}`, false},
		{"purchase ok", ct, post("/raas/v4/reserveAndTransact"), 200, jsonH, `{"responseCode":"0000","responseMessage":"m","raasTxnRef":"r"}`, true},
		{"purchase code pattern", ct, post("/raas/v4/reserveAndTransact"), 200, jsonH, `{"responseCode":"00"}`, false},
		{"token without access_token", ct, post("/auth/realms/UAT-API/protocol/openid-connect/token"), 200, jsonH, `{"token_type":"bearer"}`, false},
		{"lookup bad timestamp", ct, get("/apiman-gateway/PaydServices/lookup-api/2.0?clientId=200&raasTxnRef=x"), 200, jsonH, `{"timestamp":"yesterday"}`, false},
	} {
		err := tc.v.Check(tc.req, tc.status, tc.header, []byte(tc.body))
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestRoot(t *testing.T) {
	if _, err := Root(); err != nil {
		t.Fatal(err)
	}
}
