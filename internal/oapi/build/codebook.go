package build

import (
	"fmt"
	"strconv"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codebookgen/codebook/internal/naming"
	"github.com/codebookgen/codebook/internal/oapi/load"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// codebookKey is the operation extension linking an operation to a code table.
const codebookKey = "x-codebook"

// codebook reads the x-codebook extension of an operation. A malformed
// extension is left out with a warning naming what is wrong.
func (b *builder) codebook(o *openapi3.Operation) *model.Codebook {
	raw, ok := o.Extensions[codebookKey]
	if !ok {
		return nil
	}
	pos := b.doc.FieldPos(o.Origin, codebookKey)
	m, ok := raw.(map[string]any)
	if !ok {
		b.warn(pos, "%s must be a mapping; ignored", codebookKey)
		return nil
	}
	cb, err := parseCodebook(m)
	if err != nil {
		b.warn(pos, "%s: %v; ignored", codebookKey, err)
		return nil
	}
	cb.Pos = pos
	cb.TableConst = b.tableConst(cb)
	return cb
}

// tableConst returns the Go name of the constant of cb's code table: the
// code tables' own name when the run has them, else naming.Table.
func (b *builder) tableConst(cb *model.Codebook) string {
	if b.opts.TableConst != nil {
		return b.opts.TableConst(cb.Provider, cb.Table)
	}
	return naming.Table(cb.Table)
}

// parseCodebook decodes the extension's fields.
func parseCodebook(m map[string]any) (*model.Codebook, error) {
	r := reader{m: m}
	cb := &model.Codebook{
		Provider: r.str("provider"), Table: r.str("table"),
		Code: r.str("code"), Message: r.str("message"), StatusCode: r.str("status_code"),
		MoneyMoving: r.boolean("money_moving"),
	}
	if ref := r.sub("reference"); ref != nil {
		cb.Reference = &model.Reference{Field: ref.str("field"), MaxLength: ref.integer("max_length"),
			Deduplicated: ref.boolean("deduplicated"), Header: ref.str("header")}
		r.merge(ref)
	}
	if lk := r.sub("lookup"); lk != nil {
		cb.Lookup = &model.Lookup{Operation: lk.str("operation"), Param: lk.str("param"),
			Records: lk.str("records"), ReferenceField: lk.str("reference_field"),
			Status: lk.str("status"), Statuses: lk.strings("statuses"), Settle: lk.duration("settle"),
			Code: lk.str("code"), NotFound: lk.scalars("not_found")}
		r.merge(lk)
	}
	if in := r.sub("in_flight"); in != nil {
		cb.InFlight = &model.InFlight{Operation: in.str("operation"), Pending: in.str("pending")}
		r.merge(in)
	}
	if r.err == nil && (cb.Provider == "" || cb.Table == "") {
		r.err = fmt.Errorf("provider and table are required")
	}
	return cb, r.err
}

// reader reads typed fields of a decoded mapping, keeping the first error.
type reader struct {
	m      map[string]any
	prefix string
	err    error
}

func (r *reader) fail(key, want string) {
	if r.err == nil {
		r.err = fmt.Errorf("%s%s must be %s", r.prefix, key, want)
	}
}

func (r *reader) str(key string) string {
	v, ok := r.m[key]
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		r.fail(key, "a string")
	}
	return s
}

func (r *reader) boolean(key string) bool {
	v, ok := r.m[key]
	if !ok {
		return false
	}
	x, ok := v.(bool)
	if !ok {
		r.fail(key, "a boolean")
	}
	return x
}

func (r *reader) integer(key string) int {
	v, ok := r.m[key]
	if !ok {
		return 0
	}
	f, ok := toFloat(v)
	if !ok || f.(float64) != float64(int(f.(float64))) || f.(float64) < 0 {
		r.fail(key, "a non-negative integer")
		return 0
	}
	return int(f.(float64))
}

// duration reads a Go duration written as a string ("30s", "2m").
func (r *reader) duration(key string) time.Duration {
	s := r.str(key)
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		r.fail(key, `a non-negative Go duration such as "30s" or "2m"`)
		return 0
	}
	return d
}

// strings reads a mapping of strings to strings.
func (r *reader) strings(key string) map[string]string {
	sub := r.sub(key)
	if sub == nil {
		return nil
	}
	out := map[string]string{}
	for k := range sub.m {
		out[k] = sub.str(k)
	}
	r.merge(sub)
	return out
}

// scalars reads a list of strings or numbers as text, in order: the codes
// of a lookup's not_found.
func (r *reader) scalars(key string) []string {
	v, ok := r.m[key]
	if !ok {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		r.fail(key, "a list of codes")
		return nil
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		switch x := item.(type) {
		case string:
			out = append(out, x)
		default:
			f, ok := toFloat(x)
			if !ok || f.(float64) != float64(int64(f.(float64))) {
				r.fail(key, "a list of codes (strings or integers)")
				return nil
			}
			out = append(out, strconv.FormatInt(int64(f.(float64)), 10))
		}
	}
	return out
}

func (r *reader) sub(key string) *reader {
	v, ok := r.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		r.fail(key, "a mapping")
		return nil
	}
	return &reader{m: m, prefix: r.prefix + key + "."}
}

// merge keeps the first error of a sub-reader.
func (r *reader) merge(sub *reader) {
	if r.err == nil {
		r.err = sub.err
	}
}

// Links returns the x-codebook extension of every operation of doc, in
// the order Build visits them, without building anything else: the link
// stage reads it to find the provider, and so the Go package, a file
// belongs to before its names are resolved. Malformed extensions are left
// out; Build reports them.
func Links(doc *load.Doc) []*model.Codebook {
	if doc == nil || doc.T == nil || doc.T.Paths == nil {
		return nil
	}
	b := &builder{doc: doc, api: &model.API{}}
	var out []*model.Codebook
	for _, path := range sortedKeys(doc.T.Paths.Map()) {
		item := doc.T.Paths.Value(path)
		if item == nil {
			continue
		}
		for _, method := range methodsOf(item) {
			if o := item.GetOperation(method); o != nil {
				if cb := b.codebook(o); cb != nil {
					out = append(out, cb)
				}
			}
		}
	}
	return out
}
