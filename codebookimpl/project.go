package codebookimpl

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/codebookgen/codebook"
)

// ProjectJSON fills dst, a request body, with the fields of src, another
// request body, that carry the same JSON names: the In-Flight Transaction
// Check's body from the purchase's. Every field dst's encoding holds must
// come from src: a field src lacks would be sent as a zero value, and a
// check made with a value the purchase did not carry proves nothing, so
// it is an error instead.
func ProjectJSON(src, dst any) error {
	raw, err := json.Marshal(src)
	if err != nil {
		return err
	}
	var have map[string]json.RawMessage
	if err := json.Unmarshal(raw, &have); err != nil {
		return fmt.Errorf("codebook: project a body that is not a JSON object: %w", err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return err
	}
	out, err := json.Marshal(dst)
	if err != nil {
		return err
	}
	var need map[string]json.RawMessage
	if err := json.Unmarshal(out, &need); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(need)) {
		if v, ok := have[k]; !ok || string(v) == "null" {
			return fmt.Errorf("codebook: the request has no %q for the in-flight check: %w", k, codebook.ErrInFlightInconclusive)
		}
	}
	return nil
}
