package apiclient

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Str gives the text form of a string value.
func Str[T ~string](v T) string {
	return string(v)
}

// Int gives the text form of an integer value.
func Int[T ~int32 | ~int64](v T) string {
	return strconv.FormatInt(int64(v), 10)
}

// Float gives the text form of a number value.
func Float[T ~float32 | ~float64](v T) string {
	return strconv.FormatFloat(float64(v), 'g', -1, 64)
}

// Bool gives the text form of a boolean value.
func Bool[T ~bool](v T) string {
	return strconv.FormatBool(bool(v))
}

// Time gives the RFC 3339 form of a time.
func Time(v time.Time) string {
	return v.Format(time.RFC3339Nano)
}

// Join joins the text forms of vs with commas (style form or simple, explode false).
func Join[T any](vs []T, text func(T) string) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = text(v)
	}
	return strings.Join(parts, ",")
}

// AddEach adds one name=value pair per element of vs (style form, explode true).
func AddEach[T any](q url.Values, name string, vs []T, text func(T) string) {
	for _, v := range vs {
		q.Add(name, text(v))
	}
}
