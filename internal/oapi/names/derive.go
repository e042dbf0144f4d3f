package names

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type gives the candidate Go type name for a schema key or any other spec
// word: Exported, or fallback when s holds no ASCII letter or digit.
func Type(s, fallback string) string {
	if n := Exported(s); n != "" {
		return n
	}
	return fallback
}

// Field gives the candidate Go field name for a JSON property or parameter
// name. Leading "+" and "-" are spelled out, so the GitHub reactions "+1"
// and "-1" become Plus1 and Minus1 instead of colliding; a name with no
// ASCII letter or digit gives "Field".
func Field(prop string) string {
	switch {
	case strings.HasPrefix(prop, "+"):
		prop = "plus_" + prop[1:]
	case strings.HasPrefix(prop, "-"):
		prop = "minus_" + prop[1:]
	case strings.HasPrefix(prop, "@"):
		prop = "at_" + prop[1:]
	case strings.HasPrefix(prop, "$"):
		prop = "dollar_" + prop[1:]
	}
	return Type(prop, "Field")
}

// Inline gives the candidate name of a schema declared inline, from the name
// of its parent and the part of the parent it sits in ("Pet" + "owner" gives
// "PetOwner").
func Inline(parent string, part string) string {
	return parent + Type(part, "")
}

// Const gives the candidate name of an enum constant: the type name followed
// by the value's words ("PetStatus" + "sold out" gives "PetStatusSoldOut").
// Values without letters or digits are spelled by their position, negative
// numbers get "Minus", and the empty string gives "Empty".
func Const(typeName string, value any, index int) string {
	switch v := value.(type) {
	case string:
		if v == "" {
			return typeName + "Empty"
		}
		if w := camel(v); w != "" {
			return typeName + w
		}
	case int64:
		return typeName + signedWord(v < 0) + strconv.FormatInt(abs(v), 10)
	case float64:
		return typeName + signedWord(v < 0) + strings.ReplaceAll(strconv.FormatFloat(math.Abs(v), 'f', -1, 64), ".", "_")
	}
	return fmt.Sprintf("%sValue%d", typeName, index+1)
}

func signedWord(neg bool) string {
	if neg {
		return "Minus"
	}
	return ""
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// Operation gives the candidate Client method name of an operation: its
// operationId, or the method and path words when it has none ("GET",
// "/pets/{id}" gives "GetPetsID").
func Operation(operationID, method, path string) string {
	if n := Exported(operationID); n != "" {
		return n
	}
	return Type(strings.ToLower(method)+" "+path, "Call")
}

// Params gives the candidate name of an operation's parameter struct.
func Params(op string) string { return op + "Params" }

// RequestBody gives the candidate name of an inline request body type.
func RequestBody(op string) string { return op + "Request" }

// Response gives the candidate name of an inline response type; status is
// the response key ("200", "4XX", "default") and only is true when it is the
// operation's only inline response.
func Response(op, status string, only bool) string {
	if only {
		return op + "Response"
	}
	return op + Type(status, "") + "Response"
}

// Variant gives the label of a oneOf/anyOf member used in As<Label> and
// From<Label>: the Go name of a named type, or the spelling of an unnamed
// one ("[]string" gives "StringSlice").
func Variant(goType string) string {
	label := ""
	for strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "map[string]") {
		if strings.HasPrefix(goType, "[]") {
			goType, label = goType[2:], "Slice"+label
		} else {
			goType, label = goType[len("map[string]"):], "Map"+label
		}
	}
	return Type(goType, "Value") + label
}

// Table gives the Go name of the constant of a code table: "Table" followed
// by Exported(tableID) ("transact" gives "TableTransact"). Another generator
// emits these constants into the same package.
func Table(tableID string) string { return "Table" + Exported(tableID) }

// Scheme gives the Go word of a security scheme used in option names
// ("api_key" gives "APIKey").
func Scheme(key string) string { return Type(key, "Scheme") }
