package naming

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
	return Type(spellLeading(prop), "Field")
}

// spellLeading spells out a leading "+", "-", "@" or "$", which would
// otherwise vanish and make "+1" and "-1" the same word.
func spellLeading(s string) string {
	switch {
	case strings.HasPrefix(s, "+"):
		return "plus_" + s[1:]
	case strings.HasPrefix(s, "-"):
		return "minus_" + s[1:]
	case strings.HasPrefix(s, "@"):
		return "at_" + s[1:]
	case strings.HasPrefix(s, "$"):
		return "dollar_" + s[1:]
	}
	return s
}

// symbolWords names the ASCII punctuation that enum values made only of
// symbols (comparison operators, paths) are spelled with.
var symbolWords = map[rune]string{
	'=': "Eq", '!': "Not", '<': "Lt", '>': "Gt", '+': "Plus", '-': "Minus", '*': "Star",
	'/': "Slash", '\\': "Backslash", '%': "Percent", '&': "And", '|': "Or", '^': "Caret",
	'~': "Tilde", '.': "Dot", ',': "Comma", ':': "Colon", ';': "Semicolon", '@': "At",
	'#': "Hash", '$': "Dollar", '?': "Question", '_': "Underscore", ' ': "Space",
	'(': "LParen", ')': "RParen", '[': "LBracket", ']': "RBracket", '{': "LBrace", '}': "RBrace",
}

// spellSymbols spells a string of punctuation word by word ("!=" gives
// "NotEq"); it returns "" when s holds anything else.
func spellSymbols(s string) string {
	var b strings.Builder
	for _, r := range s {
		w, ok := symbolWords[r]
		if !ok {
			return ""
		}
		b.WriteString(w)
	}
	return b.String()
}

// Inline gives the candidate name of a schema declared inline, from the name
// of its parent and the part of the parent it sits in ("Pet" + "owner" gives
// "PetOwner").
func Inline(parent string, part string) string {
	return parent + Type(part, "")
}

// Const gives the candidate name of an enum constant: the type name followed
// by the value's words ("PetStatus" + "sold out" gives "PetStatusSoldOut").
// A leading sign is spelled out ("+1" gives Plus1, -1 gives Minus1), values
// made only of ASCII symbols are spelled symbol by symbol ("<=" gives LtEq),
// other values without letters or digits by their position, and the empty
// string gives "Empty".
func Const(typeName string, value any, index int) string {
	switch v := value.(type) {
	case string:
		if v == "" {
			return typeName + "Empty"
		}
		if w := camel(spellLeading(v)); w != "" {
			return typeName + w
		}
		if w := spellSymbols(v); w != "" {
			return typeName + w
		}
	case int64:
		return typeName + signedWord(v < 0) + strconv.FormatUint(magnitude(v), 10)
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

// magnitude returns |v|, exact even for math.MinInt64.
func magnitude(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
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
// one ("[]string" gives "StringSlice", "map[string]json.RawMessage" gives
// "RawMap"); qualified types go by their short word ("time.Time" gives
// "Time").
func Variant(goType string) string {
	label := ""
	for strings.HasPrefix(goType, "[]") || strings.HasPrefix(goType, "map[string]") {
		if strings.HasPrefix(goType, "[]") {
			goType, label = goType[2:], "Slice"+label
		} else {
			goType, label = goType[len("map[string]"):], "Map"+label
		}
	}
	switch goType {
	case "json.RawMessage":
		goType = "Raw"
	case "time.Time":
		goType = "Time"
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
