package load

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// The components and the paths are the bulk of a spec, and kin-openapi
// decodes each with its own UnmarshalJSON, which depends on nothing else of
// the document. decodeSplit decodes them concurrently, the rest of the
// document with kin-openapi's loader, and then resolves the references of
// the whole as that loader does after decoding: the same document, on two
// cores. Whatever it is not sure to decode alike (no components or paths,
// a key spelled like them in another case, which encoding/json would match
// too, webhooks, which the first resolution would already visit, any
// error) is left to one decode of the whole, so every message stays the
// same.

// decodeSplit decodes data, a JSON document, as loader.LoadFromDataWithPath
// does, or returns nil for the caller to do that with a fresh loader.
func decodeSplit(loader *openapi3.Loader, data []byte, location *url.URL) *openapi3.T {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	comps, paths := top["components"], top["paths"]
	if !rawObject(comps) || !rawObject(paths) {
		return nil
	}
	for k := range top {
		if k == "webhooks" || (k != "components" && strings.EqualFold(k, "components")) ||
			(k != "paths" && strings.EqualFold(k, "paths")) {
			return nil
		}
	}
	delete(top, "components")
	delete(top, "paths")
	rest, err := json.Marshal(top)
	if err != nil {
		return nil
	}
	c, p := new(openapi3.Components), new(openapi3.Paths)
	var cErr error
	var wg sync.WaitGroup
	wg.Go(func() { cErr = unmarshalSafely(comps, c) })
	pErr := unmarshalSafely(paths, p)
	wg.Wait()
	if cErr != nil || pErr != nil {
		return nil
	}
	t, err := loader.LoadFromDataWithPath(rest, location)
	if err != nil || t.Components != nil || t.Paths != nil {
		return nil
	}
	t.Components, t.Paths = c, p
	if loader.ResolveRefsIn(t, location) != nil {
		return nil
	}
	return t
}

// rawObject reports whether raw is a JSON object.
func rawObject(raw json.RawMessage) bool {
	return len(raw) > 0 && raw[0] == '{'
}

// unmarshalSafely decodes data into v, a panic becoming an error (the
// caller then decodes the whole, where decode turns it into the message).
func unmarshalSafely(data []byte, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return json.Unmarshal(data, v)
}
