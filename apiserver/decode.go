package apiserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxNesting bounds how deep the strict key check follows a request body: deeper bodies are
// refused rather than walked.
const maxNesting = 100

// decode checks the keys of the JSON body data (strictKeys), decodes it into dst and checks the
// required properties; it answers 400 itself and returns false when the body does not fit. An
// empty body (an optional one) leaves dst as it is.
func (c *Call) decode(data []byte, dst any) bool {
	if len(bytes.TrimSpace(data)) == 0 {
		return true
	}
	if p := strictKeys(data, c.op.Known); p != "" {
		c.reject(slog.LevelDebug, http.StatusBadRequest, p)
		return false
	}
	if err := json.Unmarshal(data, dst); err != nil {
		c.reject(slog.LevelDebug, http.StatusBadRequest, jsonProblem(err))
		return false
	}
	if p := missing(data, c.op.Required, c.op.Nullable); p != "" {
		c.reject(slog.LevelDebug, http.StatusBadRequest, "request body lacks the required property "+strconv.Quote(p))
		return false
	}
	return true
}

// jsonProblem says what is wrong with a request body that does not decode, without quoting it.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "request body property " + strconv.Quote(te.Field) + " has the wrong type"
	}
	return "request body is not JSON of the documented shape"
}

// missing returns the first property of required that the JSON object data lacks or has as null,
// or of nullable that it lacks; "" when there is none.
func missing(data []byte, required, nullable []string) string {
	if len(required)+len(nullable) == 0 {
		return ""
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(data, &obj) != nil {
		return "" // not an object: decoding has failed already
	}
	for _, p := range required {
		if v := obj[p]; len(v) == 0 || string(v) == "null" {
			return p
		}
	}
	for _, p := range nullable {
		if _, ok := obj[p]; !ok {
			return p
		}
	}
	return ""
}

// strictKeys walks the JSON value data and returns why it is refused: an object with a key twice
// (after unescaping), or a key that equals one of known only when case is ignored (encoding/json
// would decode it into that property, the last one winning), or nesting deeper than maxNesting.
// It returns "" for an acceptable value, and for malformed JSON, which decoding reports. The
// reason never quotes the body.
func strictKeys(data []byte, known []string) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return keysIn(dec, known, 0)
}

// keysIn checks the next value of dec for strictKeys, depth levels down.
func keysIn(dec *json.Decoder, known []string, depth int) string {
	if depth > maxNesting {
		return "request body nests deeper than " + strconv.Itoa(maxNesting) + " levels"
	}
	tok, err := dec.Token()
	if err != nil || (tok != json.Delim('{') && tok != json.Delim('[')) {
		return "" // a scalar, or malformed
	}
	object := tok == json.Delim('{')
	seen := map[string]bool{}
	for dec.More() {
		if object {
			if p := key(dec, known, seen); p != "" {
				return p
			}
		}
		if p := keysIn(dec, known, depth+1); p != "" {
			return p
		}
	}
	_, _ = dec.Token() // the closing delimiter
	return ""
}

// key reads the next key of an object and returns why it is refused: seen already (seen records
// it), or equal to a name of known only when case is ignored. A malformed key is left to decoding.
func key(dec *json.Decoder, known []string, seen map[string]bool) string {
	tok, _ := dec.Token()
	k, ok := tok.(string)
	switch {
	case !ok:
		return ""
	case seen[k]:
		return "request body has a property twice in one object"
	}
	seen[k] = true
	for _, name := range known {
		if name != k && strings.EqualFold(name, k) {
			return "request body has a property that differs from " + strconv.Quote(name) + " only in case"
		}
	}
	return ""
}

// mediaOK reports whether header, a Content-Type, names the media type want, with no charset but
// UTF-8 (the only one JSON allows); other parameters are accepted.
func mediaOK(header, want string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil || mt != want {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}
