// Package codebook is the vocabulary a user of codebook writes against: what
// a provider's answer means, whichever provider gave it.
//
// It is for services that call payment and airtime providers through the
// packages the codebook generator writes. Providers publish their results as
// tables of codes, HTTP statuses and messages; the generator turns each
// table into typed Go, and this package holds what is the same for every
// provider: the classification model (Outcome, Retry, Fault, Category and
// the Class that bundles them), the generic Result and Error every generated
// package aliases, Secret for credentials, and the sentinel errors. The
// categories work with errors.Is, so that code talking to two providers can
// handle "insufficient funds" once:
//
//	if errors.Is(err, codebook.ErrInsufficientFunds) {
//		// ask the customer to top up, whichever provider said so
//	}
//
// The zero value of every classification type is the safe one: an unknown
// code is Uncertain, to be reconciled, never Success and never Failed.
//
// The rest of the runtime lives beside it, each package saying whom it is
// for: engine (retry and reconcile money-moving calls), transport (an HTTP
// client that sends a charge once), journal (the durable record of
// transactions in flight), and codebookimpl (for generated code only).
package codebook
