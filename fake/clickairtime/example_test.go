package clickairtime_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/codebookgen/codebook"
	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

// Example runs the generated client against the fake: a top-up whose answer
// is lost after the provider wrote it, the resend answered with code 90, and
// the lookup that settles the question.
func Example() {
	srv := fake.New()
	defer srv.Close()
	c, err := clickairtime.NewClient(
		clickairtime.WithBaseURL(srv.URL()),
		clickairtime.WithClickAirtimeEmail(codebook.NewSecret(fake.DefaultEmail)),
		clickairtime.WithClickAirtimeToken(codebook.NewSecret(fake.DefaultToken)),
	)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	ref, amount := "order-42", 5.0
	req := clickairtime.TopUpRequest{MSISDN: "263719545499", Amount: &amount, ExtRefID: &ref}

	srv.InjectFaults(fake.OpTopUp, fault.DropAfterCommit())
	_, _, err = c.TopUp(ctx, req)
	fmt.Println("first attempt failed:", err != nil, "charges:", srv.Charges(ref))

	_, res, err := c.TopUp(ctx, req)
	fmt.Println("resend:", res.Entry.String(), res.Class.Outcome.String(), errors.Is(err, codebook.OutcomeUncertain))

	found, _, _ := c.GetTransactions(ctx, clickairtime.GetTransactionsParams{ExtRefID: &ref})
	fmt.Println("lookup:", *found.Data[0].State, "charges:", srv.Charges(ref))
	// Output:
	// first attempt failed: true charges: 1
	// resend: TopupDuplicateReference uncertain true
	// lookup: SUCCESS charges: 1
}
