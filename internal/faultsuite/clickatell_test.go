package faultsuite

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
)

// The Clickatell purchase operations the suite drives.
var (
	v4         = cl.ReserveAndTransactVersionV4
	clLookup   = cl.TransactionLookupParams{ClientID: 200}
	clClientID = int32(200)
)

// clTarget is the recipient of order id: unique per order, so that the
// ledger tells the orders apart whatever reference the client used.
func clTarget(id int) string { return fmt.Sprintf("2782%08d", id) }

func clOrder(target string) int {
	id, err := strconv.Atoi(strings.TrimPrefix(target, "2782"))
	if err != nil || !strings.HasPrefix(target, "2782") {
		return -1
	}
	return id
}

// transactBody is a Transact purchase of 250.00 for order id (the client
// reserved the funds itself: reserveFundsTxnRef).
func transactBody(id int, source string) cl.TransactRequest {
	return cl.TransactRequest{
		PurchaseAmount: 25000, ChannelID: 2, ChannelName: "Internet", ChannelSessionID: fmt.Sprintf("sess-%d", id),
		ClientID: clClientID, ProductID: ptr(int32(12)), SourceIdentifier: ptr(source), TargetIdentifier: ptr(clTarget(id)),
		ReserveFundsTxnRef: fmt.Sprintf("rf-%d", id),
	}
}

// reserveBody is a Reserve and Transact purchase of 250.00 for order id.
func reserveBody(id int, source string) cl.ReserveAndTransactRequest {
	return cl.ReserveAndTransactRequest{
		PurchaseAmount: 25000, ChannelID: 2, ChannelName: "Internet", ChannelSessionID: fmt.Sprintf("sess-%d", id),
		ClientID: clClientID, ProductID: ptr(int32(12)), SourceIdentifier: ptr(source), TargetIdentifier: ptr(clTarget(id)),
	}
}

// clClient is a generated Clickatell client of srv getting its tokens from
// the fake's token endpoint.
func clClient(srv *fake.Server, hc *http.Client, opts ...cl.Option) (*cl.Client, error) {
	return cl.NewClient(append([]cl.Option{
		cl.WithBaseURL(srv.URL()),
		cl.WithHTTPClient(hc),
		cl.WithAPIKey(fake.DefaultAPIKey),
		cl.WithClickatellOAuthClientCredentials(cl.ClientCredentials{
			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: fake.DefaultClientSecret,
		}),
	}, opts...)...)
}
