// Package codebook is the small runtime shared by every package that the
// codebook generator writes.
//
// Providers publish their results as tables of codes, HTTP statuses and
// messages. The generator turns each table into typed Go; this package holds
// what is the same for every provider: the classification model (Outcome,
// Retry, Fault, Category and the Class that bundles them) and the
// cross-provider categories that work with errors.Is, so that code talking to
// two providers can handle "insufficient funds" once:
//
//	if errors.Is(err, codebook.ErrInsufficientFunds) {
//		// ask the customer to top up, whichever provider said so
//	}
//
// The zero value of every classification type is the safe one: an unknown
// code is Uncertain, to be reconciled, never Success and never Failed.
package codebook
