package load

import (
	"errors"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// FilePos is the position of the document itself (line 1, column 1).
func (d *Doc) FilePos() model.Pos { return model.Pos{File: d.Path, Line: 1, Col: 1} }

// Pos returns the position an origin records, or the document's position
// when the origin is missing.
func (d *Doc) Pos(o *openapi3.Origin) model.Pos {
	if o == nil || o.Key == nil || o.Key.Line == 0 {
		return d.FilePos()
	}
	return model.Pos{File: d.Path, Line: o.Key.Line, Col: o.Key.Column}
}

// FieldPos returns the position of the named field of an element, falling
// back to the element's own position.
func (d *Doc) FieldPos(o *openapi3.Origin, field string) model.Pos {
	if o != nil {
		if loc, ok := o.Fields.Lookup(field); ok && loc.Line > 0 {
			return model.Pos{File: d.Path, Line: loc.Line, Col: loc.Column}
		}
	}
	return d.Pos(o)
}

// errorPos finds where a validation error points: an origin carried by any
// error in its chain, else the component, path or operation its context
// wrappers name, else the document.
func (d *Doc) errorPos(err error) model.Pos {
	if o := chainOrigin(err); o != nil {
		return d.Pos(o)
	}
	if o := d.componentOrigin(err); o != nil {
		return d.Pos(o)
	}
	if o := d.pathOrigin(err); o != nil {
		return d.Pos(o)
	}
	return d.FilePos()
}

var originType = reflect.TypeFor[*openapi3.Origin]()

// chainOrigin returns the first non-nil Origin field of an error struct in
// err's chain.
func chainOrigin(err error) *openapi3.Origin {
	for ; err != nil; err = errors.Unwrap(err) {
		v := reflect.ValueOf(err)
		if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
			continue
		}
		f := v.Elem().FieldByName("Origin")
		if f.IsValid() && f.Type() == originType && !f.IsNil() {
			return f.Interface().(*openapi3.Origin)
		}
	}
	return nil
}

// componentOrigin resolves a *ComponentValidationError to the component.
func (d *Doc) componentOrigin(err error) *openapi3.Origin {
	var ce *openapi3.ComponentValidationError
	if !errors.As(err, &ce) || d.T.Components == nil {
		return nil
	}
	c := d.T.Components
	switch strings.ToLower(ce.Section) {
	case "schema":
		if r := c.Schemas[ce.Name]; r != nil && r.Value != nil {
			return r.Value.Origin
		}
	case "parameter":
		if r := c.Parameters[ce.Name]; r != nil && r.Value != nil {
			return r.Value.Origin
		}
	case "response":
		if r := c.Responses[ce.Name]; r != nil && r.Value != nil {
			return r.Value.Origin
		}
	case "security scheme":
		if r := c.SecuritySchemes[ce.Name]; r != nil && r.Value != nil {
			return r.Value.Origin
		}
	}
	return nil
}

// pathOrigin resolves path and operation context wrappers.
func (d *Doc) pathOrigin(err error) *openapi3.Origin {
	var pe *openapi3.PathValidationError
	if !errors.As(err, &pe) || d.T.Paths == nil {
		return nil
	}
	item := d.T.Paths.Value(pe.Path)
	if item == nil {
		return nil
	}
	var oe *openapi3.OperationValidationError
	if errors.As(err, &oe) {
		if op := item.GetOperation(strings.ToUpper(oe.Method)); op != nil && op.Origin != nil {
			return op.Origin
		}
	}
	return item.Origin
}
