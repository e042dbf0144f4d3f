package apiclient

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Variant is what the JSON of one variant of a union must show; an empty field tests nothing.
type Variant struct {
	Union, Name string   // the Go names of the union and of the variant
	JSON        string   // the JSON kind: "object", "array", "string", "number" or "boolean"
	TagProp     string   // the discriminator property
	Tags        []string // the discriminator values selecting the variant
	Others      []string // the discriminator values selecting the other variants
	Required    []string // properties the variant requires and some other lacks
	Consts      []Const  // properties holding one value
}

// Const is a property that holds one value, encoded as JSON.
type Const struct {
	Prop, Value string
	Required    bool
}

// JSONKind names the kind of a JSON value by its first byte; empty JSON is "null".
func JSONKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// CheckVariant returns an error naming the variant and what the JSON holds instead when raw is not
// variant v. Null passes: the union holds no value, and decoding gives the zero value.
func CheckVariant(raw json.RawMessage, v Variant) error {
	kind := JSONKind(raw)
	if kind == "null" {
		return nil
	}
	if v.JSON != "" && kind != v.JSON {
		return fmt.Errorf("%s: not %s: want a JSON %s, found a JSON %s", v.Union, v.Name, v.JSON, kind)
	}
	if kind != "object" || v.TagProp == "" && len(v.Required) == 0 && len(v.Consts) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("%s: not %s: %w", v.Union, v.Name, err)
	}
	return checkObject(obj, v)
}

// checkObject checks the discriminator, the required properties and the constants of v in obj.
func checkObject(obj map[string]json.RawMessage, v Variant) error {
	if v.TagProp != "" {
		if err := checkTag(obj, v); err != nil {
			return err
		}
	}
	for _, p := range v.Required {
		if _, ok := obj[p]; !ok {
			return fmt.Errorf("%s: not %s: the JSON has no %q, which %s requires", v.Union, v.Name, p, v.Name)
		}
	}
	for _, c := range v.Consts {
		if err := checkConst(obj, v, c); err != nil {
			return err
		}
	}
	return nil
}

// checkTag fails when obj has no discriminator, or one selecting another variant than v. A value
// the spec does not list passes: it does not show that the JSON is another variant.
func checkTag(obj map[string]json.RawMessage, v Variant) error {
	raw, ok := obj[v.TagProp]
	if !ok {
		return fmt.Errorf("%s: not %s: the JSON has no %q, which names the variant (want one of %q)", v.Union, v.Name, v.TagProp, v.Tags)
	}
	var tag string
	if json.Unmarshal(raw, &tag) != nil {
		return fmt.Errorf("%s: not %s: %q is %s, not a string", v.Union, v.Name, v.TagProp, short(raw))
	}
	for _, other := range v.Others {
		if tag == other {
			return fmt.Errorf("%s: not %s: %q is %s, which names another variant; want one of %q", v.Union, v.Name, v.TagProp, short(raw), v.Tags)
		}
	}
	return nil
}

// checkConst checks that obj holds the one value of property c.Prop, when present or required.
func checkConst(obj map[string]json.RawMessage, v Variant, c Const) error {
	raw, ok := obj[c.Prop]
	if !ok && c.Required {
		return fmt.Errorf("%s: not %s: the JSON has no %q, which must be %s", v.Union, v.Name, c.Prop, c.Value)
	}
	if !ok || string(raw) == c.Value {
		return nil
	}
	var x any
	if json.Unmarshal(raw, &x) == nil {
		if got, err := json.Marshal(x); err == nil && string(got) == c.Value {
			return nil
		}
	}
	return fmt.Errorf("%s: not %s: %q is %s, want %s", v.Union, v.Name, c.Prop, short(raw), c.Value)
}

// short returns raw as text, cut to 40 bytes.
func short(raw json.RawMessage) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "..."
	}
	return string(raw)
}
