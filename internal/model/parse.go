package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseHTTP parses an HTTP status as written in a codes file.
func ParseHTTP(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 100 || n > 599 {
		return 0, fmt.Errorf("http %q is not an HTTP status (100 to 599)", s)
	}
	return n, nil
}

// ParseIntegerCode parses a code of a provider whose codes are integers.
func ParseIntegerCode(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("code %q is not a decimal integer that fits in 32 bits", s)
	}
	return n, nil
}

// ParseRetryAfter parses a retry delay such as "1m" or "30s".
func ParseRetryAfter(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("retry_after %q is not a positive duration such as 30s or 1m", s)
	}
	return d, nil
}

// ParseTemplate splits a message template at its {placeholders}. A
// placeholder is a name in braces; the literal text around placeholders
// must not itself hold braces, and two placeholders may not touch.
func ParseTemplate(text string) (Template, error) {
	var parts []string
	rest := text
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return Template{}, fmt.Errorf("template %q has a { without a closing }", text)
		}
		name := rest[open+1 : open+end]
		if !isPlaceholderName(name) {
			return Template{}, fmt.Errorf("template %q: placeholder {%s} must be a name of letters, digits and _", text, name)
		}
		if len(parts) > 0 && open == 0 {
			return Template{}, fmt.Errorf("template %q: two placeholders touch; no text tells where one ends", text)
		}
		parts = append(parts, rest[:open])
		rest = rest[open+end+1:]
	}
	if strings.ContainsRune(rest, '}') {
		return Template{}, fmt.Errorf("template %q has a } without an opening {", text)
	}
	parts = append(parts, rest)
	if strings.TrimSpace(strings.Join(parts, "")) == "" {
		return Template{}, fmt.Errorf("template %q has no fixed text to match", text)
	}
	return Template{Text: text, Parts: parts}, nil
}

func isPlaceholderName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
