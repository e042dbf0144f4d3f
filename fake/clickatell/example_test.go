package clickatell_test

import (
	"context"
	"fmt"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// Example buys with the generated client (which fetches its token from the
// fake's Security Service), resends the same clientTxnRef, and looks the
// purchase up until it settles.
func Example() {
	srv := fake.New()
	defer srv.Close()
	c, err := clickatell.NewClient(
		clickatell.WithBaseURL(srv.URL()),
		clickatell.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
		clickatell.WithClickatellOAuthClientCredentials(clickatell.ClientCredentials{
			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: codebook.NewSecret(fake.DefaultClientSecret),
		}),
	)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	ref := "order-42"
	srv.ScriptReference(ref, fake.Outcome{Entry: clickatell.ReserveAndTransactProcessingRequest, Result: clickatell.TransactResultInvalidMSISDN})
	req := clickatell.ReserveAndTransactRequest{
		PurchaseAmount: 25000, ChannelID: 2, ChannelName: "Internet", ChannelSessionID: "s-1",
		ClientID: 200, ClientTxnRef: ref,
	}
	params := clickatell.ReserveAndTransactParams{Version: clickatell.ReserveAndTransactVersionV4}

	first, res, _ := c.ReserveAndTransact(ctx, params, req)
	fmt.Println(*first.ResponseCode, res.Class.Outcome.String())
	again, _, _ := c.ReserveAndTransact(ctx, params, req)
	fmt.Println("same raasTxnRef:", *again.RaasTxnRef == *first.RaasTxnRef, "charges:", srv.Charges(ref))

	found, res, _ := c.TransactionLookup(ctx, clickatell.TransactionLookupParams{ClientID: 200, ClientTransactionReference: &ref})
	fmt.Println(*found.TransactionStatus, res.Entry.String())
	tx, _ := srv.Transaction(ref) // the fake's view: no lookup counted
	fmt.Println(tx.State, tx.Result.String())
	// Output:
	// 0000 pending
	// same raasTxnRef: true charges: 1
	// PENDING TransactionLookupProcessing
	// FAILED TransactResultInvalidMSISDN
}
