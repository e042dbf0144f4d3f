package codebookimpl

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// validCorner are inputs at the edges of JSON's grammar.
var validCorner = []string{
	``, ` `, `{}`, ` {} `, `[]`, `[ ]`, `{ }`, `{`, `}`, `[`, `]`, `[1,]`, `[,1]`, `{"a":1,}`, `{,}`,
	`{"a"}`, `{"a":}`, `{"a" 1}`, `{a:1}`, `{"a":1 "b":2}`, `{"a":1}x`, `{"a":1}{}`, `1 2`,
	`0`, `-0`, `-`, `01`, `-01`, `1.`, `.1`, `1.0`, `1e`, `1e+`, `1e5`, `1E-5`, `1.5e+10`, `+1`, `0x10`,
	`1.e5`, `-1.5E05`, `00`, `1ee5`, `1.2.3`, `-a`, `2.`, `3e1.5`,
	`true`, `false`, `null`, `tru`, `truex`, `nul`, `nulll`, `True`, `NULL`, `[true,false,null]`,
	`""`, `"`, `"a`, `"\"`, `"\\"`, `"\/"`, `"\b\f\n\r\t"`, `"\u00e9"`, `"\u00E9"`, `"\u00g9"`, `"\u12"`,
	`"\u"`, `"\x"`, `"\'"`, "\"a\tb\"", "\"a\nb\"", "\"\x00\"", "\"\x1f\"", "\"\x7f\"", "\"\xff\xfe\"",
	"\"\xc3\xa9\"", `"\ud800"`, " \t\r\n1\n", "\v1", "\f1", "1\u00a0", "{\"a\":\n[1,\t2]\r}",
	`{"code":20,"message":"x","data":{"id":7,"tags":["a","b"]}}`, `[[[[]]]]`, `[[[[]]]`, `{"a":{"b":{}}}}`,
	`{"a":[}`, `{"a":]}`, `["a":1]`, `{"a":1:2}`, `[1 2]`, `{"":""}`, `{"a":1,"a":2}`,
}

// TestValidJSONAgreesWithEncodingJSON checks validJSON against json.Valid on
// the grammar's corner cases, on nesting at and past encoding/json's limit,
// and on a fixed set of pseudo-random inputs made of JSON's own bytes.
func TestValidJSONAgreesWithEncodingJSON(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if got, want := validJSON([]byte(s)), json.Valid([]byte(s)); got != want {
			t.Errorf("validJSON(%q) = %v, json.Valid says %v", s, got, want)
		}
	}
	for _, s := range validCorner {
		check(s)
	}
	for _, n := range []int{maxJSONDepth - 1, maxJSONDepth, maxJSONDepth + 1} {
		check(strings.Repeat("[", n) + strings.Repeat("]", n))
		check(strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n))
		check(strings.Repeat(`[{"a":`, n/2) + "1" + strings.Repeat("}]", n/2))
	}
	const alphabet = "{}[]\":,0123456789-+.eE\\u \t\n\rtruefalsnulaA/bx\x00\x1f\x7f\xc3\xa9\xff"
	rng := rand.New(rand.NewPCG(14, 14))
	for range 300000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		check(string(b))
	}
	for range 100000 {
		check(mutate(rng, validCorner[rng.IntN(len(validCorner))]))
	}
}

// mutate changes one to three bytes of s, inserting, deleting or replacing
// them with bytes that matter to JSON.
func mutate(rng *rand.Rand, s string) string {
	const bytesOfJSON = "{}[]\":,0-.e\\u 1tfn\x00"
	b := []byte(s)
	for range 1 + rng.IntN(3) {
		c := bytesOfJSON[rng.IntN(len(bytesOfJSON))]
		i := 0
		if len(b) > 0 {
			i = rng.IntN(len(b))
		}
		switch rng.IntN(3) {
		case 0:
			b = append(b[:i], append([]byte{c}, b[i:]...)...)
		case 1:
			if len(b) > 0 {
				b = append(b[:i], b[i+1:]...)
			}
		default:
			if len(b) > 0 {
				b[i] = c
			}
		}
	}
	return string(b)
}

// TestPlainJSONString checks that a string taken as it is decodes to the
// same text with json.Unmarshal, and that every other string is left to it.
func TestPlainJSONString(t *testing.T) {
	for _, s := range append(validCorner, `"0000"`, `"INSUFFICIENT_BALANCE"`, `"a"b"`, `"é"`, `" 1 "`) {
		raw, ok := plainJSONString([]byte(s))
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(s), &want); err != nil || string(raw) != want {
			t.Errorf("plainJSONString(%q) = %q, json.Unmarshal gives %q, %v", s, raw, want, err)
		}
	}
	for _, s := range []string{`"a\"b"`, `"a"b"`, "\"a\tb\"", "\"\xff\"", `"a`, `a"`, `"`} {
		if raw, ok := plainJSONString([]byte(s)); ok {
			t.Errorf("plainJSONString(%q) = %q, want it left to json.Unmarshal", s, raw)
		}
	}
}
