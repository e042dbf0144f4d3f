package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Success reports whether status is 2xx.
func Success(status int) bool {
	return status >= 200 && status <= 299
}

// Decode decodes a 2xx body into out (when both exist); any other status gives the error
// NewAPIError builds with the operation's error builder opErr.
func Decode(call *Call, r *Response, out any, opErr func(*APIError, []byte) error) error {
	if !Success(r.Status) {
		return NewAPIError(call, r, opErr)
	}
	if out == nil || len(bytes.TrimSpace(r.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Body, out); err != nil {
		return fmt.Errorf("%s: decode HTTP %d response: %w", call.Op, r.Status, err)
	}
	return nil
}

// DecodeBody decodes the 2xx body of r into out. A body that does not decode is an error, and so is
// an empty one unless emptyOK (the spec documents no body for the status).
func DecodeBody(call *Call, r *Response, out any, emptyOK bool) error {
	if len(bytes.TrimSpace(r.Body)) == 0 {
		if emptyOK {
			return nil
		}
		return fmt.Errorf("%s: HTTP %d response has no body", call.Op, r.Status)
	}
	if err := json.Unmarshal(r.Body, out); err != nil {
		return fmt.Errorf("%s: decode HTTP %d response: %w", call.Op, r.Status, err)
	}
	return nil
}

// RawOrNull returns raw, or the JSON null when raw is empty.
func RawOrNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

// Discriminator reads the string property prop of a JSON object.
func Discriminator(raw json.RawMessage, prop string) (string, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(RawOrNull(raw), &obj); err != nil {
		return "", err
	}
	var v string
	if err := json.Unmarshal(RawOrNull(obj[prop]), &v); err != nil {
		return "", err
	}
	return v, nil
}

// ExtraFields decodes the properties of data not named in known into *dst (nil when there are none).
func ExtraFields[T any](data []byte, dst *map[string]T, known ...string) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for _, k := range known {
		delete(all, k)
	}
	if len(all) == 0 {
		*dst = nil
		return nil
	}
	*dst = make(map[string]T, len(all))
	for k, raw := range all {
		var v T
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("property %q: %w", k, err)
		}
		(*dst)[k] = v
	}
	return nil
}

// MergeExtra encodes v and adds the properties of extra it does not already have.
func MergeExtra[T any](v any, extra map[string]T) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return data, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for k, x := range extra {
		if _, ok := all[k]; ok {
			continue
		}
		raw, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		all[k] = raw
	}
	return json.Marshal(all)
}

// MergeObject adds to the JSON object data the properties of the encoding of v it does not hold;
// data is returned as is when v does not encode to an object (an empty union).
func MergeObject(data []byte, v any) ([]byte, error) {
	more, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var extra map[string]json.RawMessage
	if json.Unmarshal(more, &extra) != nil || len(extra) == 0 {
		return data, nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for k, x := range extra {
		if _, ok := all[k]; !ok {
			all[k] = x
		}
	}
	return json.Marshal(all)
}
