package codebook

import (
	"fmt"
	"io"
	"strconv"
)

// Outcome says what happened to the request that produced a code.
//
// The zero value is OutcomeUncertain: whatever is not known to have
// succeeded or failed must be reconciled before anything else is done.
type Outcome uint8

// Outcomes, from least to most certain.
const (
	// OutcomeUncertain means the request may or may not have taken effect;
	// look the transaction up before doing anything else.
	OutcomeUncertain Outcome = iota
	// OutcomeSuccess means the request took effect.
	OutcomeSuccess
	// OutcomePending means the request was accepted and its final state
	// comes later: poll or wait for it.
	OutcomePending
	// OutcomeFailed means the request definitely did not take effect.
	OutcomeFailed
)

// String returns the lower-case name used in spec/codes.yaml.
func (o Outcome) String() string {
	switch o {
	case OutcomeUncertain:
		return "uncertain"
	case OutcomeSuccess:
		return "success"
	case OutcomePending:
		return "pending"
	case OutcomeFailed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// numOutcomes is one past the largest Outcome.
const numOutcomes = OutcomeFailed + 1

// Error makes an Outcome usable as an errors.Is target:
// errors.Is(err, codebook.OutcomeUncertain) is true for every error whose
// classification is uncertain.
func (o Outcome) Error() string { return "outcome " + o.String() }

// Format prints o for the fmt package as its name, "success", for %v and
// %s (without it fmt would print the Error text, "outcome success"), its
// quoted name for %q and its number for %d. Error keeps the "outcome "
// prefix, so that an error chain says what the word is.
func (o Outcome) Format(f fmt.State, verb rune) {
	switch verb {
	case 'd':
		_, _ = io.WriteString(f, strconv.Itoa(int(o)))
	case 'q':
		_, _ = io.WriteString(f, strconv.Quote(o.String()))
	default:
		_, _ = io.WriteString(f, o.String())
	}
}

// IsFinal reports whether the outcome will not change any more.
func (o Outcome) IsFinal() bool { return o == OutcomeSuccess || o == OutcomeFailed }

// Retry says what a client may do after a code.
//
// The zero value is RetryReconcile, the only choice that is safe when
// nothing else is known.
type Retry uint8

// Retry policies.
const (
	// RetryReconcile means look the transaction up before any resend.
	RetryReconcile Retry = iota
	// RetryNever means sending the same request again cannot help.
	RetryNever
	// RetryBackoff means the request was not processed and may be resent
	// after a jittered exponential backoff.
	RetryBackoff
	// RetryAfterDelay means the request may be resent only after the delay
	// the docs give for the row (its RetryAfter, and Result.RetryAfter).
	RetryAfterDelay
	// RetryAfterFix means the caller must change the request first.
	RetryAfterFix
	// RetryNewReference means the provider refused this request and
	// recorded its reference: the same request may be made again only as a
	// new transaction under a new reference, once this reference is proven
	// final-failed, and only after the row's RetryAfter when it has one,
	// else after a backoff. Only a failed outcome carries it.
	RetryNewReference
)

// String returns the lower-case name used in spec/codes.yaml.
func (r Retry) String() string {
	switch r {
	case RetryReconcile:
		return "reconcile"
	case RetryNever:
		return "never"
	case RetryBackoff:
		return "backoff"
	case RetryAfterDelay:
		return "after_delay"
	case RetryAfterFix:
		return "after_fix"
	case RetryNewReference:
		return "new_reference"
	}
	return fmt.Sprintf("Retry(%d)", uint8(r))
}

// numRetrys is one past the largest Retry.
const numRetrys = RetryNewReference + 1

// Fault says whose side has to act on a code.
type Fault uint8

// Faults. The zero value is FaultUnknown.
const (
	// FaultUnknown means the docs do not say.
	FaultUnknown Fault = iota
	// FaultNone is used for success and pending codes.
	FaultNone
	// FaultCaller means the request was wrong: fix the request.
	FaultCaller
	// FaultAccount means the caller's account (balance, configuration,
	// credentials) must change.
	FaultAccount
	// FaultRecipient means the recipient (phone number, subscriber, bank
	// account) cannot receive this.
	FaultRecipient
	// FaultProvider means the provider itself failed.
	FaultProvider
	// FaultUpstream means an operator or supplier behind the provider failed.
	FaultUpstream
)

// String returns the lower-case name used in spec/codes.yaml.
func (f Fault) String() string {
	switch f {
	case FaultUnknown:
		return "unknown"
	case FaultNone:
		return "none"
	case FaultCaller:
		return "caller"
	case FaultAccount:
		return "account"
	case FaultRecipient:
		return "recipient"
	case FaultProvider:
		return "provider"
	case FaultUpstream:
		return "upstream"
	}
	return fmt.Sprintf("Fault(%d)", uint8(f))
}

// numFaults is one past the largest Fault.
const numFaults = FaultUpstream + 1

// Category is the cross-provider meaning of a code. Categories are errors,
// so that errors.Is(err, codebook.ErrInsufficientFunds) matches the
// insufficient-funds code of every provider.
type Category uint8

// Categories. The zero value is CategoryUnknown.
const (
	// CategoryUnknown is the category of codes nobody documented.
	CategoryUnknown Category = iota
	// CategoryNone is the category of success codes.
	CategoryNone
	// CategoryInProgress is the category of accepted, not yet final, requests.
	CategoryInProgress
	// CategoryInsufficientFunds: the payer's balance is too low.
	CategoryInsufficientFunds
	// CategoryInvalidRecipient: the recipient (number, account) is invalid
	// or cannot receive the product.
	CategoryInvalidRecipient
	// CategoryAmountOutOfRange: the amount is too low, too high or not an
	// accepted value.
	CategoryAmountOutOfRange
	// CategoryDuplicate: the reference was already used or the same
	// request was just made.
	CategoryDuplicate
	// CategoryRateLimited: too many requests or transactions in a period.
	CategoryRateLimited
	// CategoryAuth: the credentials are missing, wrong or not allowed.
	CategoryAuth
	// CategoryNotFound: the thing looked up does not exist.
	CategoryNotFound
	// CategoryUnavailable: the provider or a route is temporarily offline.
	CategoryUnavailable
	// CategoryTimeout: a timeout inside the provider or upstream.
	CategoryTimeout
	// CategoryInvalidRequest: the request is malformed or incomplete.
	CategoryInvalidRequest
	// CategoryInvalidProduct: the product does not exist or does not fit.
	CategoryInvalidProduct
	// CategoryNotConfigured: the account is not set up for this service.
	CategoryNotConfigured
	// CategoryBlocked: the account, number or source is blocked.
	CategoryBlocked
	// CategoryDeclined: refused for a reason the docs do not detail.
	CategoryDeclined
	// CategoryInternal: an unexpected error inside the provider.
	CategoryInternal
)

// String returns the lower-case name used in spec/codes.yaml.
func (c Category) String() string {
	switch c {
	case CategoryUnknown:
		return "unknown"
	case CategoryNone:
		return "none"
	case CategoryInProgress:
		return "in_progress"
	case CategoryInsufficientFunds:
		return "insufficient_funds"
	case CategoryInvalidRecipient:
		return "invalid_recipient"
	case CategoryAmountOutOfRange:
		return "amount_out_of_range"
	case CategoryDuplicate:
		return "duplicate"
	case CategoryRateLimited:
		return "rate_limited"
	case CategoryAuth:
		return "auth"
	case CategoryNotFound:
		return "not_found"
	case CategoryUnavailable:
		return "unavailable"
	case CategoryTimeout:
		return "timeout"
	case CategoryInvalidRequest:
		return "invalid_request"
	case CategoryInvalidProduct:
		return "invalid_product"
	case CategoryNotConfigured:
		return "not_configured"
	case CategoryBlocked:
		return "blocked"
	case CategoryDeclined:
		return "declined"
	case CategoryInternal:
		return "internal"
	}
	return fmt.Sprintf("Category(%d)", uint8(c))
}

// numCategorys is one past the largest Category.
const numCategorys = CategoryInternal + 1

// Error makes a Category an errors.Is target.
func (c Category) Error() string { return c.String() }

// The categories as errors.Is targets, named as Go names sentinel errors.
const (
	ErrInsufficientFunds = CategoryInsufficientFunds
	ErrInvalidRecipient  = CategoryInvalidRecipient
	ErrAmountOutOfRange  = CategoryAmountOutOfRange
	ErrDuplicate         = CategoryDuplicate
	ErrRateLimited       = CategoryRateLimited
	ErrAuth              = CategoryAuth
	ErrNotFound          = CategoryNotFound
	ErrUnavailable       = CategoryUnavailable
	ErrTimeout           = CategoryTimeout
	ErrInvalidRequest    = CategoryInvalidRequest
	ErrInvalidProduct    = CategoryInvalidProduct
	ErrNotConfigured     = CategoryNotConfigured
	ErrBlocked           = CategoryBlocked
	ErrDeclined          = CategoryDeclined
	ErrInternal          = CategoryInternal
	ErrUnknown           = CategoryUnknown
)

// Class is the full classification of one code.
//
// The zero Class is the class of an unknown code: uncertain, reconcile,
// unknown fault, unknown category.
//
// A Class is four bytes that the compiler keeps in registers, which is
// what makes classification take nanoseconds; the delay of a
// RetryAfterDelay row (and of a RetryNewReference row that documents one)
// is the row's RetryAfter, and a Result carries it too.
type Class struct {
	Outcome  Outcome
	Retry    Retry
	Fault    Fault
	Category Category
}

// String formats the class as "outcome/retry/fault/category".
func (c Class) String() string {
	return c.Outcome.String() + "/" + c.Retry.String() + "/" + c.Fault.String() + "/" + c.Category.String()
}

// Unknown is the class of a code that no table documents.
func Unknown() Class { return Class{} }
