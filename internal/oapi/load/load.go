// Package load reads one OpenAPI 3.0 or 3.1 file, JSON or YAML, with
// kin-openapi. External references are never followed and every element
// keeps its origin, so later stages can name file:line:col: a YAML file's
// from the YAML parser, a JSON file's (decoded with encoding/json) from one
// scan of its bytes, the same positions. Keywords the
// loader cannot decode and references that do not resolve are disabled
// with a positioned warning rather than failing the run, and so are the
// complaints of kin-openapi's strict validator, which rejects many real
// specs.
package load

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	codes "github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Doc is a loaded spec.
type Doc struct {
	T        *openapi3.T
	Path     string // as given to Load
	Warnings []model.Warning
}

// Is31 reports whether the spec is OpenAPI 3.1 or later.
func (d *Doc) Is31() bool { return d.T.IsOpenAPI31OrLater() }

// Load reads and resolves the spec at path, then validates it. Only errors
// that leave no usable document (unreadable file, syntax errors) fail;
// keywords the loader cannot decode and references that do not resolve are
// disabled with a warning (see repair), and validation problems become
// warnings.
func Load(ctx context.Context, path string) (*Doc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return load(ctx, path, data, false)
}

// Start reads and resolves the spec at path as Load does, and validates it
// concurrently with what the caller does next: the Doc's Warnings hold what
// loading found, and validation returns the validator's complaints (the
// rest of Load's warnings) once it has run. The caller may read the Doc
// meanwhile, never change it.
func Start(ctx context.Context, path string) (doc *Doc, validation func() []model.Warning, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if doc, err = parseDoc(ctx, path, data, false); err != nil {
		return nil, nil, err
	}
	done := make(chan []model.Warning, 1)
	go func() { done <- validate(ctx, doc) }()
	return doc, sync.OnceValue(func() []model.Warning { return <-done }), nil
}

// load loads data, the file at path: a JSON spec as JSON (see loadJSON),
// any other from one parse of its YAML (see loadYAMLNodes), unless
// yamlRoute is set; else, or when those do not apply, through kin-openapi's
// YAML route.
func load(ctx context.Context, path string, data []byte, yamlRoute bool) (*Doc, error) {
	doc, err := parseDoc(ctx, path, data, yamlRoute)
	if err != nil {
		return nil, err
	}
	doc.Warnings = append(doc.Warnings, validate(ctx, doc)...)
	return doc, nil
}

// parseDoc is load without the validation.
func parseDoc(ctx context.Context, path string, data []byte, yamlRoute bool) (*Doc, error) {
	var t *openapi3.T
	if !yamlRoute {
		if t = loadJSON(ctx, path, data); t == nil {
			t = loadYAMLNodes(ctx, path, data)
		}
	}
	var repaired []model.Warning
	if t == nil {
		var err error
		if t, repaired, err = loadYAML(ctx, path, data); err != nil {
			return nil, err
		}
	}
	if t.OpenAPI == "" || t.OpenAPI[0] != '3' {
		return nil, fmt.Errorf("%s:1:1: not an OpenAPI 3 document (openapi: %q)", path, t.OpenAPI)
	}
	return &Doc{T: t, Path: path, Warnings: repaired}, nil
}

// loadYAML loads data through the YAML parser, which records every
// element's position, disabling what kin-openapi refuses (see retry).
func loadYAML(ctx context.Context, path string, data []byte) (*openapi3.T, []model.Warning, error) {
	data = yamlOnly(data)
	t, err := parse(ctx, path, data)
	if err != nil {
		return retry(ctx, path, data, err)
	}
	return t, nil, nil
}

// loadJSON loads a JSON spec with encoding/json, as kin-openapi does
// without positions, then sets every element's origin from one scan of the
// bytes (see scanJSON), the same origins the YAML route gives. It returns
// nil when data is not a JSON object or kin-openapi refuses it, and when
// the YAML route would read it otherwise (a repeated key): that route then
// loads it, so every message stays the same.
func loadJSON(ctx context.Context, path string, data []byte) *openapi3.T {
	if i := firstNonSpace(data); i < 0 || data[i] != '{' {
		return nil
	}
	t, err := decode(ctx, path, data, false)
	if err != nil {
		return nil
	}
	root, ok := scanJSON(data)
	if !ok {
		return nil
	}
	applyJSONOrigins(t, root, (&url.URL{Path: path}).String())
	return t
}

// firstNonSpace returns the index of the first byte of data that is not a
// JSON blank, or -1.
func firstNonSpace(data []byte) int {
	for i, c := range data {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return i
		}
	}
	return -1
}

// retry loads the spec again with the keywords that made loading fail
// disabled (see repair), returning the original error when that does not
// help.
func retry(ctx context.Context, path string, data []byte, orig error) (*openapi3.T, []model.Warning, error) {
	patched, ws := repair(path, data)
	if patched == nil {
		return nil, nil, orig
	}
	t, err := parse(ctx, path, patched)
	if err != nil {
		return nil, nil, orig
	}
	return t, ws, nil
}

// parse runs the kin-openapi loader on data (see yamlOnly), origins
// recorded, with YAML syntax errors at the mistake.
func parse(ctx context.Context, path string, data []byte) (*openapi3.T, error) {
	t, err := decode(ctx, path, data, true)
	if err != nil && strings.Contains(err.Error(), "yaml: line ") {
		if serr := codes.SyntaxError(path, data); serr != nil {
			return nil, serr // every YAML mistake, each at its line and column
		}
	}
	if err != nil {
		return nil, positioned(path, err)
	}
	return t, nil
}

// decode runs the kin-openapi loader on data, external references off,
// origins recorded when origins is set (YAML input only), turning its
// panics into errors so that no input can crash the generator. JSON input
// (origins not set) is decoded on two cores when it can be (see
// decodeSplit).
func decode(ctx context.Context, path string, data []byte, origins bool) (t *openapi3.T, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("%s:1:1: cannot load spec: %v", path, r)
		}
	}()
	location := &url.URL{Path: path}
	if !origins {
		if t := decodeSplit(newLoader(ctx, false), data, location); t != nil {
			return t, nil
		}
	}
	return newLoader(ctx, origins).LoadFromDataWithPath(data, location)
}

// newLoader returns a kin-openapi loader, external references off, origins
// recorded when origins is set.
func newLoader(ctx context.Context, origins bool) *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.IncludeOrigin = origins
	loader.Context = ctx
	return loader
}

// yamlOnly appends a YAML comment to data. kin-openapi decodes input that
// is valid JSON with encoding/json, which records no origins; the comment
// makes a JSON file invalid JSON but leaves it valid YAML with the same line
// numbers, so JSON specs that loadJSON leaves get file:line:col positions
// too.
func yamlOnly(data []byte) []byte {
	out := make([]byte, 0, len(data)+32)
	out = append(out, data...)
	return append(out, "\n# parsed as YAML to keep positions\n"...)
}

var lineRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// positioned prefixes a load error with file:line:col, taking the line from
// the parser's message when it names one.
func positioned(path string, err error) error {
	line, col := 1, 1
	if m := lineRe.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			col, _ = strconv.Atoi(m[2])
		}
	}
	return fmt.Errorf("%s:%d:%d: %w", path, line, col, err)
}

// validate runs the strict validator and returns its complaints as warnings.
func validate(ctx context.Context, doc *Doc) (ws []model.Warning) {
	defer func() {
		if r := recover(); r != nil {
			ws = append(ws, model.Warning{Pos: doc.FilePos(), Msg: fmt.Sprintf("validator crashed: %v", r)})
		}
	}()
	err := doc.T.Validate(ctx,
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.AllowExtraSiblingFields("description", "nullable", "readOnly", "example"),
	)
	for _, e := range flatten(err) {
		ws = append(ws, model.Warning{Pos: doc.errorPos(e), Msg: "spec does not validate: " + e.Error()})
	}
	return ws
}

// flatten returns the leaves of a (possibly nested) MultiError.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	me, ok := err.(openapi3.MultiError)
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}
