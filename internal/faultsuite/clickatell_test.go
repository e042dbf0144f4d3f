package faultsuite

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook"
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

// clLookupRule is the x-codebook lookup of the Clickatell purchases, as
// the generated TransactTransaction reads it.
var clLookupRule = codebook.LookupRule{
	Status: "transactionStatus",
	Statuses: map[string]codebook.Outcome{
		"FAILED":  codebook.OutcomeFailed,
		"PENDING": codebook.OutcomePending,
		"SUCCESS": codebook.OutcomeSuccess,
	},
}

// reserveAndTransactTransaction describes a Reserve and Transact call for
// codebook.Execute exactly as the generated TransactTransaction describes a
// Transact call (same reference handling, same lookup rule, no redirect):
// the generated client has no ReserveAndTransactTransaction yet.
func reserveAndTransactTransaction(c *cl.Client, params cl.ReserveAndTransactParams, body cl.ReserveAndTransactRequest, lookup cl.TransactionLookupParams, persist func(context.Context, string, codebook.Fingerprint) error) codebook.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse] {
	withRef := func(ref string) cl.ReserveAndTransactRequest {
		b := body
		b.ClientTxnRef = ref
		return b
	}
	return codebook.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse]{
		Reference: body.ClientTxnRef,
		Body:      func(ref string) ([]byte, error) { return json.Marshal(withRef(ref)) },
		Lookup: func(ctx context.Context, ref string) (codebook.Looked[*cl.TransactionLookupResponse], error) {
			p := lookup
			p.ClientTransactionReference = &ref
			out, rr, err := c.TransactionLookup(ctx, p)
			return codebook.InterpretLookup(clLookupRule, codebook.LookupAnswer[*cl.TransactionLookupResponse]{
				Class: rr.Class, Err: err, Status: rr.Status, Value: out,
			})
		},
		MaxReferenceLen: 64,
		Persist:         persist,
		Send: func(ctx context.Context, ref string, _ []byte) (*cl.TransactionResponse, codebook.Classified, error) {
			out, rr, err := c.ReserveAndTransact(codebook.WithMoneyMoving(ctx), params, withRef(ref))
			return out, rr, err
		},
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
