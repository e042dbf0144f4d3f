package codebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// DecodeStringCode decodes a code of a provider whose codes are strings.
// The docs disagree on whether codes travel as JSON strings or numbers, so
// both are accepted; a number is zero-padded to width ("0000" from 0), since
// the leading zeros of such codes matter.
func DecodeStringCode(b []byte, width int) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", fmt.Errorf("code %s: %w", truncate(b), err)
		}
		return s, nil
	}
	n, err := strconv.ParseUint(string(b), 10, 63)
	if err != nil {
		return "", fmt.Errorf("code %s is neither a JSON string nor a whole number", truncate(b))
	}
	s := strconv.FormatUint(n, 10)
	if pad := width - len(s); pad > 0 {
		s = strings.Repeat("0", pad) + s
	}
	return s, nil
}

// DecodeIntegerCode decodes a code of a provider whose codes are integers,
// sent as a JSON number or as a string of digits.
func DecodeIntegerCode(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, fmt.Errorf("code %s: %w", truncate(b), err)
		}
		b = []byte(strings.TrimSpace(s))
	}
	n, err := strconv.ParseInt(string(b), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("code %s is not a whole number", truncate(b))
	}
	return n, nil
}

// ParseStringCode parses a string code as a person or a header writes it.
func ParseStringCode(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("empty code")
	}
	return s, nil
}

// ParseIntegerCode parses an integer code as a person or a header writes it.
func ParseIntegerCode(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("code %q is not a whole number", s)
	}
	return n, nil
}

// BodyFields returns the raw JSON value of the code field and the message
// field of a JSON object body. ok is false when the body is not a JSON
// object; absent fields come back empty. Unknown fields are ignored.
func BodyFields(body []byte, codeField, messageField string) (code json.RawMessage, message string, ok bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, "", false
	}
	if codeField != "" {
		if raw, found := fields[codeField]; found && string(raw) != "null" {
			code = raw
		}
	}
	if raw, found := fields[messageField]; messageField != "" && found {
		_ = json.Unmarshal(raw, &message) // a message that is not a string is no message
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
