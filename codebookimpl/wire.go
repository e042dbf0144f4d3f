package codebookimpl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DecodeStringCode decodes a code of a provider whose codes are strings.
// A JSON string is the code exactly as sent: no space is trimmed and no
// sign or zero is added or dropped, so " 0000 " or "+0000" is an unknown
// code, kept as it came so that it round-trips, and never "0000". The docs
// disagree on whether codes travel as JSON strings or numbers, so a whole
// JSON number in its canonical form (no sign, fraction, exponent or leading
// zero) is accepted too: zero-padded to width when its digits fit ("0000"
// from 0, since the leading zeros of such codes matter), kept as its digits
// otherwise. Any other number is an error: the code counts as unreadable.
func DecodeStringCode(b []byte, width int) (string, error) {
	b = bytes.TrimSpace(b) // JSON whitespace around the value, not inside the code
	if raw, ok := plainJSONString(b); ok {
		return string(raw), nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", fmt.Errorf("code %s: %w", truncate(b), err)
		}
		return s, nil
	}
	n, err := strconv.ParseUint(string(b), 10, 63)
	if err != nil || strconv.FormatUint(n, 10) != string(b) {
		return "", fmt.Errorf("code %s is neither a JSON string nor a whole number in canonical form: an unknown code", truncate(b))
	}
	s := string(b)
	if pad := width - len(s); pad > 0 {
		s = strings.Repeat("0", pad) + s
	}
	return s, nil
}

// DecodeIntegerCode decodes a code of a provider whose codes are integers,
// sent as a JSON number or as a JSON string of digits (the docs disagree).
// Only the canonical decimal form is read: no sign, space, leading zero,
// fraction or exponent, so "+1", " 1 ", "1\n" and "00001" are errors (the
// code counts as unreadable, the response as uncertain), never code 1.
func DecodeIntegerCode(b []byte) (int64, error) {
	b = bytes.TrimSpace(b) // JSON whitespace around the value, not inside the code
	if raw, ok := plainJSONString(b); ok {
		return canonicalInt(string(raw))
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, fmt.Errorf("code %s: %w", truncate(b), err)
		}
		b = []byte(s)
	}
	return canonicalInt(string(b))
}

// ParseStringCode parses a string code as a person or a header writes it:
// exactly the code, without surrounding space.
func ParseStringCode(s string) (string, error) {
	if s == "" {
		return "", errors.New("empty code")
	}
	if strings.TrimSpace(s) != s {
		return "", fmt.Errorf("code %s has surrounding space: write the code alone", truncate([]byte(s)))
	}
	return s, nil
}

// ParseIntegerCode parses an integer code as a person or a header writes
// it, in canonical decimal form only (see DecodeIntegerCode).
func ParseIntegerCode(s string) (int64, error) {
	return canonicalInt(s)
}

// canonicalInt parses s as a 32-bit integer written in canonical decimal:
// the form strconv.FormatInt gives, nothing else.
func canonicalInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || strconv.FormatInt(n, 10) != s {
		return 0, fmt.Errorf("code %s is not in canonical decimal form: an unknown code", truncate([]byte(s)))
	}
	return n, nil
}

// BodyFields returns the raw JSON value of the code field and the message
// field of a JSON object body. ok is false when the body is not a JSON
// object; absent fields come back empty, and so does a null code or a
// message that is not a string. Unknown fields are ignored.
//
// A field is a dotted path from the top of the body: "code", "error.code",
// "errors.0.code". Each segment names a property (the last of repeated
// names, as encoding/json reads them), or, in canonical decimal, an element
// of an array; a dot always separates segments, so a property whose name
// holds a dot cannot be reached. A path that leads nowhere (a missing
// property, an index past the end, a step through a string or a number)
// finds nothing: the response is then classified without a code, which is
// never read as a documented failure code.
//
// The code is a slice of body, not a copy: reading it allocates nothing,
// and the message is the only allocation, nested or flat, unless a key on
// the path or the message itself carries a JSON escape.
func BodyFields(body []byte, codeField, messageField string) (code json.RawMessage, message string, ok bool) {
	if !validJSON(body) || bytes.TrimLeft(body, " \t\r\n")[0] != '{' {
		return nil, "", false
	}
	if codeField != "" {
		if raw, found := jsonPath(body, codeField); found && string(raw) != "null" {
			code = raw
		}
	}
	if messageField != "" {
		if raw, found := jsonPath(body, messageField); found {
			message, _ = jsonText(raw) // a message that is not a string is no message
		}
	}
	return code, message, true
}

func truncate(b []byte) string {
	const max = 32
	if len(b) > max {
		return strconv.Quote(string(b[:max])) + "..."
	}
	return strconv.Quote(string(b))
}
