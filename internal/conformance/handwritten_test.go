package conformance

import (
	"encoding/json"

	"github.com/codebookgen/codebook"
)

// This file is the hand-written side of the side-by-side benchmarks: what a
// careful integrator writes without codebook. It decodes the body with
// json.Unmarshal into a two-field struct of code and message and switches
// over the provider's documented codes, returning the class codebook gives
// them (TestHandWrittenAgrees checks that on every documented code). The
// case bodies were written out once from spec/codes.yaml.

// airtimeBody is a Click Airtime (v1) answer: the code and message at the
// top of the body.
type airtimeBody struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// v2Body is a Click Airtime V2 error envelope: the code and message under
// "error".
type v2Body struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// clickatellBody is a Clickatell answer: responseCode and responseMessage.
type clickatellBody struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
}

// handSettle is the rule a careful integrator keeps: a success or pending
// code that came with a status other than 2xx proves nothing.
func handSettle(c codebook.Class, status int) codebook.Class {
	if (c.Outcome == codebook.OutcomeSuccess || c.Outcome == codebook.OutcomePending) && (status < 200 || status > 299) {
		return codebook.Class{}
	}
	return c
}

// handAirtimeHTTP classifies a Click Airtime top-up answer by hand.
func handAirtimeHTTP(status int, body []byte) (codebook.Class, string) {
	var b airtimeBody
	if json.Unmarshal(body, &b) != nil {
		return codebook.Class{}, ""
	}
	return handSettle(handAirtimeCode(b.Code), status), b.Message
}

// handV2HTTP classifies a Click Airtime V2 top-up error by hand.
func handV2HTTP(status int, body []byte) (codebook.Class, string) {
	var b v2Body
	if json.Unmarshal(body, &b) != nil {
		return codebook.Class{}, ""
	}
	return handSettle(handV2Code(b.Error.Code), status), b.Error.Message
}

// handClickatellHTTP classifies a Clickatell Reserve Funds answer by hand.
func handClickatellHTTP(status int, body []byte) (codebook.Class, string) {
	var b clickatellBody
	if json.Unmarshal(body, &b) != nil {
		return codebook.Class{}, ""
	}
	return handSettle(handClickatellCode(b.ResponseCode), status), b.ResponseMessage
}

// handAirtimeCode is Click Airtime's top-up table as a switch.
func handAirtimeCode(code int) codebook.Class {
	switch code {
	case 1: // TopupSuccess
		return codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	case 5: // TopupFailed
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultUpstream, Category: codebook.CategoryDeclined}
	case 10: // TopupPending
		return codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	case 20: // TopupLowBalance
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	case 30: // TopupInvalidRecipient
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultRecipient, Category: codebook.CategoryInvalidRecipient}
	case 50: // TopupRepeatRecharge
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultUpstream, Category: codebook.CategoryRateLimited}
	case 90: // TopupDuplicateReference
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultCaller, Category: codebook.CategoryDuplicate}
	case 150: // TopupInvalidAmount
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case 190: // TopupAccountNotLocated
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultAccount, Category: codebook.CategoryAuth}
	case 200: // TopupNotConfigured
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryNotConfigured}
	case 210: // TopupProductNotFound
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidProduct}
	case 218: // TopupCarrierMismatch
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidProduct}
	case 221: // TopupBundleFailed
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultUpstream, Category: codebook.CategoryDeclined}
	case 222: // TopupMSISDNVerificationFailed
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultRecipient, Category: codebook.CategoryInvalidRecipient}
	case 227: // TopupBelowMinimum
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case 228: // TopupAboveMaximum
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case 231: // TopupInvalidSourceAmount
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case 232: // TopupQueued
		return codebook.Class{Outcome: codebook.OutcomePending, Retry: codebook.RetryReconcile, Fault: codebook.FaultNone, Category: codebook.CategoryInProgress}
	case 234: // TopupRouteUnavailable
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultUpstream, Category: codebook.CategoryUnavailable}
	case 235: // TopupTransactionNotFound
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	}
	return codebook.Class{}
}

// handV2Code is Click Airtime V2's top-up table as a switch.
func handV2Code(code string) codebook.Class {
	switch code {
	case "FORBIDDEN":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultAccount, Category: codebook.CategoryAuth}
	case "NOT_FOUND":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	case "BAD_GATEWAY":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultUpstream, Category: codebook.CategoryUnavailable}
	case "RATE_LIMITED":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultCaller, Category: codebook.CategoryRateLimited}
	case "UNAUTHORIZED":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	case "INTERNAL_ERROR":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultProvider, Category: codebook.CategoryInternal}
	case "INVALID_AMOUNT":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case "IP_NOT_ALLOWED":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultAccount, Category: codebook.CategoryAuth}
	case "DELIVERY_FAILED":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultUpstream, Category: codebook.CategoryDeclined}
	case "EXPIRED_API_KEY":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	case "INVALID_API_KEY":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	case "INVALID_REQUEST":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	case "REVOKED_API_KEY":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	case "HLR_LOOKUP_FAILED":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultUpstream, Category: codebook.CategoryInvalidRequest}
	case "NETWORK_NOT_FOUND":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	case "RATE_LIMIT_EXCEEDED":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultCaller, Category: codebook.CategoryRateLimited}
	case "UNSUPPORTED_NETWORK":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNewReference, Fault: codebook.FaultUpstream, Category: codebook.CategoryUnavailable}
	case "INSUFFICIENT_BALANCE":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	case "INVALID_PHONE_NUMBER":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRecipient}
	case "DUPLICATE_TRANSACTION":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultCaller, Category: codebook.CategoryDuplicate}
	case "TRANSACTION_NOT_FOUND":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultCaller, Category: codebook.CategoryNotFound}
	case "MISSING_REQUIRED_FIELD":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryInvalidRequest}
	case "WALLET_TYPE_UNAVAILABLE":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultAccount, Category: codebook.CategoryNotConfigured}
	case "INSUFFICIENT_PERMISSIONS":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultAccount, Category: codebook.CategoryAuth}
	}
	return codebook.Class{}
}

// handClickatellCode is Clickatell's Reserve Funds table as a switch.
func handClickatellCode(code string) codebook.Class {
	switch code {
	case "0000":
		return codebook.Class{Outcome: codebook.OutcomeSuccess, Retry: codebook.RetryNever, Fault: codebook.FaultNone, Category: codebook.CategoryNone}
	case "2010":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryInsufficientFunds}
	case "2020":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAuth}
	case "2030":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryNotConfigured}
	case "2040":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case "2050":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryAfterFix, Fault: codebook.FaultCaller, Category: codebook.CategoryAmountOutOfRange}
	case "2060":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultProvider, Category: codebook.CategoryTimeout}
	case "2070":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryBlocked}
	case "2080":
		return codebook.Class{Outcome: codebook.OutcomeFailed, Retry: codebook.RetryNever, Fault: codebook.FaultAccount, Category: codebook.CategoryBlocked}
	case "2090":
		return codebook.Class{Outcome: codebook.OutcomeUncertain, Retry: codebook.RetryReconcile, Fault: codebook.FaultUnknown, Category: codebook.CategoryUnknown}
	}
	return codebook.Class{}
}
