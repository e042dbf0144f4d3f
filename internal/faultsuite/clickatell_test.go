package faultsuite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
	fake "github.com/codebookgen/codebook/fake/clickatell"
	cl "github.com/codebookgen/codebook/generated/clickatell"
	cbjournal "github.com/codebookgen/codebook/journal"
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
		cl.WithAPIKey(codebook.NewSecret(fake.DefaultAPIKey)),
		cl.WithClickatellOAuthClientCredentials(cl.ClientCredentials{
			TokenURL: srv.TokenURL(), ClientID: fake.DefaultClientID, ClientSecret: codebook.NewSecret(fake.DefaultClientSecret),
		}),
	}, opts...)...)
}

// clInFlight is Clickatell's In-Flight Transaction Check for the engine
// (Transaction.InFlight), through the generated client's
// InFlightTransactionCheck with the purchase's five fields: pending when
// the provider lists a pending transaction like it. An answer that does not
// say (an error, no hasPendingTransactions) is an error, which stops the
// resend.
func clInFlight(c *cl.Client, req cl.InFlightCheckRequest) func(context.Context, string) (bool, error) {
	return func(ctx context.Context, _ string) (bool, error) {
		out, _, err := c.InFlightTransactionCheck(ctx, req)
		switch {
		case err != nil:
			return false, fmt.Errorf("in-flight check: %w", err) // Execute keeps it from reading "not sent" (TestInFlightErrorDoesNotReadNotSent)
		case out == nil || out.HasPendingTransactions == nil:
			return false, errors.New("in-flight check: the answer does not say whether a transaction is pending")
		}
		return *out.HasPendingTransactions || len(out.Transactions) > 0, nil
	}
}

// inFlightRequest is the In-Flight Transaction Check of a purchase with
// these fields.
func inFlightRequest(source, target *string, product *int32, amount int64) cl.InFlightCheckRequest {
	return cl.InFlightCheckRequest{SourceIdentifier: deref(source), TargetIdentifier: deref(target),
		ClientID: int64(clClientID), ProductID: int64(deref(product)), PurchaseAmount: amount}
}

// clTransactTx is the Transact purchase of body for the engine, declaring
// settle and checking in-flight purchases before a resend.
func clTransactTx(c *cl.Client, body cl.TransactRequest, settle time.Duration, journal cbjournal.Journal) engine.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse] {
	tx := c.TransactTransaction(cl.TransactParams{Version: v4}, body, clLookup, journal)
	tx.Settle = settle
	tx.InFlight = clInFlight(c, inFlightRequest(body.SourceIdentifier, body.TargetIdentifier, body.ProductID, body.PurchaseAmount))
	return tx
}

// clReserveTx is the Reserve and Transact purchase of body for the engine,
// declaring settle and checking in-flight purchases before a resend.
func clReserveTx(c *cl.Client, body cl.ReserveAndTransactRequest, settle time.Duration, journal cbjournal.Journal) engine.Transaction[*cl.TransactionResponse, *cl.TransactionLookupResponse] {
	tx := c.ReserveAndTransactTransaction(cl.ReserveAndTransactParams{Version: v4}, body, clLookup, journal)
	tx.Settle = settle
	tx.InFlight = clInFlight(c, inFlightRequest(body.SourceIdentifier, body.TargetIdentifier, body.ProductID, body.PurchaseAmount))
	return tx
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
