package build

import (
	"mime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// body builds the operation's request body, choosing among its media types
// JSON first, then form, then multipart, then the first other one.
func (b *builder) body(op *model.Operation, o *openapi3.Operation, at site) {
	if o.RequestBody == nil || o.RequestBody.Value == nil {
		return
	}
	rb := o.RequestBody.Value
	ct, mt := pickMedia(rb.Content, jsonMedia, formMedia, multipartMedia, anyMedia)
	if mt == nil {
		return
	}
	body := &model.Body{ContentType: ct, Required: rb.Required, Doc: rb.Description}
	child := site{name: naming.RequestBody(at.name), key: at.key + "/requestBody"}
	switch {
	case jsonMedia(ct):
		body.Kind, body.Type = model.BodyJSON, b.ref(mt.Schema, child)
	case formMedia(ct):
		b.formBody(body, mt, child, op)
	default:
		body.Kind, body.Multipart = model.BodyReader, multipartMedia(ct)
	}
	op.Body = body
}

// formBody types a form-urlencoded body; only an object can be encoded as
// form fields, anything else is taken as a reader.
func (b *builder) formBody(body *model.Body, mt *openapi3.MediaType, at site, op *model.Operation) {
	tr := b.ref(mt.Schema, at)
	if tr.Kind == model.RefNamed && tr.Named.Kind == model.KindStruct {
		body.Kind, body.Type = model.BodyForm, tr
		return
	}
	b.warn(op.Pos, "form body of %s %s is not an object; taken as an io.Reader", op.Method, op.Path)
	body.Kind = model.BodyReader
}

// pickMedia returns the first media type, by preference and then by name,
// that one of the predicates accepts.
func pickMedia(content openapi3.Content, prefs ...func(string) bool) (string, *openapi3.MediaType) {
	keys := sortedKeys(content)
	for _, pref := range prefs {
		for _, k := range keys {
			if pref(k) && content[k] != nil {
				return k, content[k]
			}
		}
	}
	return "", nil
}

// mediaType returns the lower-case media type without parameters.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(ct))
	}
	return mt
}

// jsonMedia accepts application/json and +json types.
func jsonMedia(ct string) bool {
	mt := mediaType(ct)
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}

// formMedia accepts application/x-www-form-urlencoded.
func formMedia(ct string) bool { return mediaType(ct) == "application/x-www-form-urlencoded" }

// multipartMedia accepts multipart/*.
func multipartMedia(ct string) bool { return strings.HasPrefix(mediaType(ct), "multipart/") }

// anyMedia accepts everything.
func anyMedia(string) bool { return true }
