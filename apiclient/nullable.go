package apiclient

import "encoding/json"

// Nullable is a property the spec makes optional and allows to be null (nullable in OpenAPI 3.0,
// type [T, "null"] in 3.1): absent (the zero Nullable, which its omitzero tag leaves out of the
// JSON), null, or a value. To clear a property with PATCH, SetNull it; to keep it, leave it zero. A
// required nullable property is a pointer instead, nil encoding as null.
type Nullable[T any] struct {
	value *T
	set   bool
}

// NullableOf returns a Nullable holding v.
func NullableOf[T any](v T) Nullable[T] {
	return Nullable[T]{set: true, value: &v}
}

// NullableNull returns a Nullable holding an explicit null.
func NullableNull[T any]() Nullable[T] {
	return Nullable[T]{set: true}
}

// IsSet reports whether the property is present: a value or null.
func (n Nullable[T]) IsSet() bool {
	return n.set
}

// IsNull reports whether the property is present and null.
func (n Nullable[T]) IsNull() bool {
	return n.set && n.value == nil
}

// IsZero reports whether the property is absent; the omitzero tag leaves it out of the JSON then.
func (n Nullable[T]) IsZero() bool {
	return !n.set
}

// Get returns the value and true, or the zero T and false when the property is absent or null.
func (n Nullable[T]) Get() (T, bool) {
	if n.value == nil {
		var zero T
		return zero, false
	}
	return *n.value, true
}

// Ptr returns a pointer to a copy of the value, nil when the property is absent or null.
func (n Nullable[T]) Ptr() *T {
	if n.value == nil {
		return nil
	}
	v := *n.value
	return &v
}

// Set makes the property present with the value v.
func (n *Nullable[T]) Set(v T) {
	n.value, n.set = &v, true
}

// SetNull makes the property present and null.
func (n *Nullable[T]) SetNull() {
	n.value, n.set = nil, true
}

// Unset makes the property absent.
func (n *Nullable[T]) Unset() {
	n.value, n.set = nil, false
}

// MarshalJSON encodes the value, or null when the property is null (or absent, where omitzero does
// not leave it out).
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.value == nil {
		return []byte("null"), nil
	}
	return json.Marshal(*n.value)
}

// UnmarshalJSON decodes null or a value; either makes the property present.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		n.SetNull()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	n.Set(v)
	return nil
}
