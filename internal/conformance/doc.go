// Package conformance holds the tests that prove the checked-in generated
// packages say what spec/codes.yaml says: every code, message, status and
// class, looked up and classified, and that regenerating changes nothing.
// It has no code of its own.
package conformance
