package codebookimpl_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook/codebookimpl"
)

func TestBodyFieldsNestedCode(t *testing.T) {
	body := []byte(`{"data": {"code": 1}, "error": {"code": 20, "message": "Request declined due to low balance"}}`)
	code, msg, ok := codebookimpl.BodyFields(body, "error.code", "error.message")
	assert.True(t, ok)
	assert.Equal(t, "20", string(code))
	assert.Equal(t, "Request declined due to low balance", msg)
}

func TestBodyFieldsArrayIndex(t *testing.T) {
	body := []byte(`{"errors": [{"code": "E1", "message": "first"}, {"code": "E2", "message": "second"}]}`)
	for path, want := range map[string]string{"errors.0.code": `"E1"`, "errors.1.code": `"E2"`} {
		code, _, ok := codebookimpl.BodyFields(body, path, "")
		assert.True(t, ok, path)
		assert.Equal(t, want, string(code), path)
	}
	_, msg, _ := codebookimpl.BodyFields(body, "", "errors.1.message")
	assert.Equal(t, "second", msg)
	// Past the end, not canonical, negative, huge: nothing, never another element.
	for _, path := range []string{"errors.2.code", "errors.01.code", "errors.-1.code", "errors.+0.code",
		"errors.99999999999999999999.code", "errors..code", "errors.0x0.code"} {
		code, _, ok := codebookimpl.BodyFields(body, path, "")
		assert.True(t, ok, path)
		assert.Nil(t, code, path)
	}
}

func TestBodyFieldsMissingPathFindsNothing(t *testing.T) {
	body := []byte(`{"error": {"message": "declined"}, "code": 20}`)
	code, msg, ok := codebookimpl.BodyFields(body, "error.code", "error.reason")
	assert.True(t, ok)
	assert.Nil(t, code, "the top-level code is not error.code")
	assert.Empty(t, msg)
}

func TestBodyFieldsPathThroughNonObject(t *testing.T) {
	for _, body := range []string{
		`{"error": "code"}`, `{"error": 20}`, `{"error": null}`, `{"error": true}`,
		`{"error": ["code"]}`, `{"error": "{\"code\": 20}"}`,
	} {
		code, msg, ok := codebookimpl.BodyFields([]byte(body), "error.code", "error.code")
		assert.True(t, ok, body)
		assert.Nil(t, code, body)
		assert.Empty(t, msg, body)
	}
}

func TestBodyFieldsHostileKeys(t *testing.T) {
	cases := []struct{ body, path, want string }{
		// A key holding a dot is not a path.
		{`{"error.code": 20}`, "error.code", ""},
		// Escaped keys are read as encoding/json reads them.
		{`{"error": {"\u0063ode": 20}}`, "error.code", "20"},
		{`{"\"error\"": {"code": 20}}`, "error.code", ""},
		// Case matters: "Code" is another property.
		{`{"error": {"Code": 20}}`, "error.code", ""},
		// The last of repeated properties wins, as in encoding/json.
		{`{"error": {"code": 1}, "error": {"code": 20}}`, "error.code", "20"},
		{`{"error": {"code": 1, "code": 20}}`, "error.code", "20"},
		// Brackets, quotes and keys inside skipped strings do not derail the scan.
		{`{"a": "}{\"error\": {\"code\": 1}}", "b": ["]", {"code": 2}], "error": {"code": 20}}`, "error.code", "20"},
		// Whitespace everywhere JSON allows it.
		{" {\n\t\"error\" :\r\n {  \"code\"\t:  20 } } ", "error.code", "20"},
		// A code of null is no code.
		{`{"error": {"code": null}}`, "error.code", ""},
	}
	for _, c := range cases {
		code, _, ok := codebookimpl.BodyFields([]byte(c.body), c.path, "")
		assert.True(t, ok, c.body)
		assert.Equal(t, c.want, string(code), c.body)
	}
	deep := []byte(`{"error": ` + strings.Repeat(`[`, 5000) + strings.Repeat(`]`, 5000) + `, "code": 20}`)
	code, _, ok := codebookimpl.BodyFields(deep, "code", "")
	assert.True(t, ok)
	assert.Equal(t, "20", string(code))
	_, _, ok = codebookimpl.BodyFields([]byte(`{"error": {"code": 20}`), "error.code", "")
	assert.False(t, ok, "a truncated body is not JSON")
}

func TestBodyFieldsMessageEscapes(t *testing.T) {
	_, msg, _ := codebookimpl.BodyFields([]byte(`{"error": {"message": "Product ID \"12\"\nnot \u00e9 found"}}`), "", "error.message")
	assert.Equal(t, "Product ID \"12\"\nnot é found", msg)
	_, msg, _ = codebookimpl.BodyFields([]byte("{\"message\": \"bad \xff byte\"}"), "", "message")
	assert.Equal(t, "bad \uFFFD byte", msg, "invalid UTF-8 is replaced as encoding/json does")
}

// TestBodyFieldsAgreesWithEncodingJSON compares the path reader with a
// decode of the whole body by encoding/json on bodies built to trip a
// hand-written scanner.
func TestBodyFieldsAgreesWithEncodingJSON(t *testing.T) {
	bodies := []string{
		`{"a": {"b": [1, {"c": "x"}, [2, 3]], "d": -1.5e3}, "e": "\\", "f": "\"", "g": {}}`,
		`{"a": [], "b": [[]], "c": [{}], "d": {"": 1}, "": {"": 2}}`,
		`{"a": {"b": true, "c": false, "d": null}, "a": {"b": "again"}}`,
		`{"x\u002ey": 1, "x": {"y": 2}}`,
	}
	paths := []string{"a", "a.b", "a.b.0", "a.b.1.c", "a.b.2.1", "a.d", "e", "f", "g", "g.x", "b.0", "c.0", "d.", ".", "x.y", "x\\u002ey", "a.c"}
	for _, body := range bodies {
		var tree any
		if err := json.Unmarshal([]byte(body), &tree); err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			want, found := walk(tree, path)
			code, _, _ := codebookimpl.BodyFields([]byte(body), path, "")
			if !found || want == nil {
				assert.Nil(t, code, "%s in %s", path, body)
				continue
			}
			var got any
			if assert.NoError(t, json.Unmarshal(code, &got), "%s in %s", path, body) {
				assert.Equal(t, want, got, "%s in %s", path, body)
			}
		}
	}
}

// walk is the reference: the value at a dotted path of a decoded body.
func walk(v any, path string) (any, bool) {
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) || strconv.Itoa(i) != seg {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
