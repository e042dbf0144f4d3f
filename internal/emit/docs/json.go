package docs

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
)

// schema is catalogue.schema.json, written beside the catalogue it describes.
//
//go:embed catalogue.schema.json
var schema string

// emitJSON writes the catalogue and its schema. encoding/json escapes <, >
// and & as \u003c, \u003e and \u0026, and U+2028 and U+2029, so the
// catalogue is safe to inline in a page as well as to parse.
func emitJSON(cat *catalogue, _ templateSet, files map[string][]byte) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	enc.SetIndent("", "  ")
	if err := enc.Encode(cat); err != nil {
		return fmt.Errorf("docs: encoding %s: %w", JSONFile, err)
	}
	files[JSONFile] = buf.Bytes()
	files[SchemaFile] = []byte(schema)
	return nil
}
