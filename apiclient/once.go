package apiclient

import (
	"encoding/json"
)

// This file serves the generated methods that decode a 2xx body once: into the known fields of the
// model, from which they take the code, the message and the stated status to classify, instead of
// reading the body again for each.

// WithExtraFields makes every 2xx body of a call classified with a code table take the general
// path: the code table's ClassifyHTTP, then the model's full decode. Without it, a body whose
// properties its schema all names is decoded once, into the model; one holding others takes the
// general path anyway, which keeps them in the model's extra properties.
func WithExtraFields() Option {
	return func(c *Client) error {
		c.extraFields = true
		return nil
	}
}

// ExtraFields reports whether the client was built WithExtraFields.
func (c *Client) ExtraFields() bool { return c.extraFields }

// JSONString returns s as a JSON string, for a code decoded from a string field to be read as the
// code's UnmarshalJSON reads the body's.
func JSONString(s string) []byte {
	data, _ := json.Marshal(s) // a string always encodes
	return data
}

// StatesStatus reports whether a body's stated status, decoded into an integer field (nil when the
// body states none), agrees with the response's status, as codebookimpl.SettleBodyStatus compares
// them: a JSON integer decodes into the field only when it is written in decimal, and agrees only
// when it is the status.
func StatesStatus[I int32 | int64](stated *I, status int) bool {
	return stated == nil || int64(*stated) == int64(status)
}
