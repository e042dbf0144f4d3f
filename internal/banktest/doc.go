// Package banktest tests the generated server of the Clickatell Bank
// Interfaces (generated/clickatell/server.go, from
// spec/openapi/clickatell-bank.yaml) end to end: a bank implementing
// clickatell.Server, served over HTTP, called as Clickatell would call it.
// Every request and response is checked against the OpenAPI file with
// kin-openapi's openapi3filter, and every answer is read back with the
// client side's classification. The package holds tests only.
package banktest
