package clickairtimev2_test

import (
	"fmt"
	"net/http"
	"strings"

	fake "github.com/codebookgen/codebook/fake/clickairtimev2"
	"github.com/codebookgen/codebook/fake/fault"
)

// A top-up whose answer is lost after the provider wrote it: the client
// sees an error, the ledger holds one charge, and a resend with the same
// Idempotency-Key is answered 409 DUPLICATE_TRANSACTION, never charged.
func Example() {
	srv := fake.New()
	defer srv.Close()
	post := func() (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/v2/topups",
			strings.NewReader(`{"phone_number":"+233541112259","network_id":42,"amount":{"value":50,"currency":"GHS"},"reference":"order-1"}`))
		req.Header.Set("Authorization", "Bearer "+fake.DefaultAPIKey)
		req.Header.Set("Idempotency-Key", "order-1")
		return srv.Client().Do(req)
	}
	srv.InjectFaults(fake.OpCreateTopup, fault.DropAfterCommit())
	_, err := post()
	fmt.Println("first send failed:", err != nil, "charges:", srv.Charges("order-1"))
	resp, _ := post()
	resp.Body.Close()
	fmt.Println("resend:", resp.StatusCode, "charges:", srv.Charges("order-1"))
	// Output:
	// first send failed: true charges: 1
	// resend: 409 charges: 1
}
