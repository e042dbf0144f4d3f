// Package spectest holds the one kin-openapi validating test harness of the
// module, for tests only: a Validator that checks an answer (in the fakes'
// tests, every answer of fake/clickairtime, fake/clickatell and
// fake/clickairtimev2) against the OpenAPI file of spec/openapi with
// openapi3filter.ValidateResponse, and a Server that plays a provider as its
// OpenAPI file describes it, checking every request and every scripted
// answer (the contract tests of internal/contract run the generated clients
// against it).
package spectest

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// Root returns the module's root: the nearest directory above the working
// directory that holds go.mod.
func Root() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("spectest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// LoadSpec reads an OpenAPI file with every $ref resolved inside it (external
// references are refused) and checks that it is a valid document.
func LoadSpec(path string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return doc, nil
}

// basePath is the path of doc's first server URL, without its trailing
// slash: "" when doc declares no server.
func basePath(doc *openapi3.T) (string, error) {
	if len(doc.Servers) == 0 {
		return "", nil
	}
	u, err := url.Parse(doc.Servers[0].URL)
	if err != nil {
		return "", fmt.Errorf("server URL %q: %w", doc.Servers[0].URL, err)
	}
	return strings.TrimSuffix(u.Path, "/"), nil
}

// route moves every servers list of doc (the document's, and those of its
// paths and operations that declare one) to base, and returns a router for
// the changed document. The legacy router needs nothing outside kin-openapi
// (gorillamux needs github.com/gorilla/mux, which is not in go.mod).
func route(doc *openapi3.T, base string) (routers.Router, error) {
	servers := openapi3.Servers{{URL: base}}
	doc.Servers = servers
	for _, item := range doc.Paths.Map() {
		if len(item.Servers) > 0 {
			item.Servers = servers
		}
		for _, op := range item.Operations() {
			if op.Servers != nil && len(*op.Servers) > 0 {
				op.Servers = &servers
			}
		}
	}
	return legacy.NewRouter(doc)
}
