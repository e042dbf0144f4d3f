package model

import "slices"

// The JSON kinds a VariantCheck names.
const (
	JSONObject  = "object"
	JSONArray   = "array"
	JSONString  = "string"
	JSONNumber  = "number"
	JSONBoolean = "boolean"
)

// VariantCheck is what a union's JSON must show to be one variant, taken
// from the spec: every test it holds follows from the variant's schema, so
// JSON valid for the variant passes it. A zero field tests nothing.
type VariantCheck struct {
	// JSON is the variant's JSON kind (JSONObject...), "" when unknown.
	JSON string
	// Required lists the properties the variant requires that some other
	// variant does not declare, sorted.
	Required []string
	// Props lists the properties the variant declares, sorted, when it
	// says what its objects hold (JSONObject with properties and no
	// additionalProperties schema); nil when any property may appear.
	Props []string
	// Consts lists the properties whose schema allows one value (const or
	// a single-value enum), sorted by property.
	Consts []Const
}

// Const is a property that holds one value only.
type Const struct {
	Property string
	JSON     string // the value, encoded as JSON (a string, number or boolean)
	Required bool   // the variant requires the property
}

// Empty reports whether c tests nothing beyond what decoding does.
func (c *VariantCheck) Empty() bool {
	return c == nil || (c.JSON == "" && len(c.Required) == 0 && len(c.Consts) == 0)
}

// constOf returns the Const of c for property p.
func (c *VariantCheck) constOf(p string) (Const, bool) {
	if c == nil {
		return Const{}, false
	}
	i := slices.IndexFunc(c.Consts, func(k Const) bool { return k.Property == p })
	if i < 0 {
		return Const{}, false
	}
	return c.Consts[i], true
}

// Tells reports whether the checks of t's variant a refuse the JSON of its
// variant b: by JSON kind, discriminator tags, a required property b does
// not declare (when b says what its objects hold), or a const b holds
// otherwise.
func (t *Type) Tells(a, b *Variant) bool {
	ca, cb := a.Check, b.Check
	if ca != nil && cb != nil && ca.JSON != "" && cb.JSON != "" && ca.JSON != cb.JSON {
		return true
	}
	if t.Discriminator != "" && len(a.Tags) > 0 && len(b.Tags) > 0 && !overlap(a.Tags, b.Tags) {
		return true
	}
	if ca == nil {
		return false
	}
	if cb != nil && cb.Props != nil {
		for _, p := range ca.Required {
			if _, ok := slices.BinarySearch(cb.Props, p); !ok {
				return true
			}
		}
	}
	for _, k := range ca.Consts {
		if kb, ok := cb.constOf(k.Property); ok && kb.JSON != k.JSON {
			return true
		}
	}
	return false
}

// VariantsTold reports whether every variant of the union t refuses the
// JSON of every other: then at most one As method accepts a given JSON
// that matches the spec.
func (t *Type) VariantsTold() bool {
	for _, a := range t.Variants {
		for _, b := range t.Variants {
			if a != b && !t.Tells(a, b) {
				return false
			}
		}
	}
	return len(t.Variants) > 0
}

// overlap reports whether two sorted string lists share a value.
func overlap(a, b []string) bool {
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			return true
		}
	}
	return false
}
