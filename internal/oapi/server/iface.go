package server

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Import paths used by the generated code.
const (
	pkgContext = "context"
	pkgErrors  = "errors"
	pkgHTTP    = "net/http"
)

// wrapColumn is the width doc comments are wrapped at.
const wrapColumn = 100

// genInterface declares Server.
//
//	type Server interface {
//		ReserveFunds(ctx context.Context, req *ReserveFundsRequest, r *http.Request) (ReserveFundsReply, error)
//	}
func (g *gen) genInterface(f *jen.File) {
	methods := make([]jen.Code, 0, 2*len(g.ops))
	for i, o := range g.ops {
		if i > 0 {
			methods = append(methods, jen.Line())
		}
		methods = append(methods, emit.Comments(methodDoc(o))...)
		methods = append(methods, jen.Id(o.op.Name).Params(methodParams(o)...).Params(jen.Id(o.reply), jen.Error()))
	}
	emit.Decl(f, interfaceDoc(g.api), jen.Type().Id("Server").Interface(methods...))
}

// interfaceDoc documents Server.
func interfaceDoc(api *model.API) []string {
	what := "the API"
	if api.Title != "" {
		what = "the API " + emit.Quoted(api.Title)
	}
	text := emit.Sanitize("Server is the server side of "+what+": the operations the provider calls, one method each.") +
		" NewServerHandler serves an implementation over HTTP and calls its methods concurrently, with the" +
		" request's context, the decoded request body and the *http.Request itself (for headers and path" +
		" values; its body is already read, and its signature checked when apiserver.WithSignatureSecret is given)."
	return append(wrap(text, wrapColumn), "",
		"A method returning an error is answered with status 500 and no details; the error is logged.")
}

// methodParams lists a method's parameters: ctx, the decoded body, r.
func methodParams(o *operation) []jen.Code {
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	if o.req != nil {
		params = append(params, jen.Id("req").Add(reqType(o)))
	}
	return append(params, jen.Id("r").Op("*").Qual(pkgHTTP, "Request"))
}

// reqType spells the type of a method's req: *T, or T for the types whose
// zero value is nil (slices, maps, raw JSON).
func reqType(o *operation) *jen.Statement {
	if o.req.IsNil() {
		return emit.TypeExpr(*o.req)
	}
	return jen.Op("*").Add(emit.TypeExpr(*o.req))
}

// methodDoc documents one method of Server.
func methodDoc(o *operation) []string {
	op := o.op
	lines := []string{emit.Sanitize(fmt.Sprintf("%s answers %s %s.", op.Name, op.Method, op.Path))}
	for _, text := range []string{op.Summary, op.Doc} {
		if d := emit.DocLines(text); len(d) > 0 {
			lines = append(append(lines, ""), d...)
		}
	}
	lines = append(lines, "")
	switch {
	case o.req != nil:
		lines = append(lines, "req is the decoded JSON request body"+optionalBody(op)+".")
	case op.Body != nil:
		lines = append(lines, emit.Sanitize(fmt.Sprintf("The request body (%s) is not decoded: r.Body holds it as received.", op.Body.ContentType)))
	}
	lines = append(lines, wrap(replyRule(o), wrapColumn)...)
	if op.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this operation as deprecated.")
	}
	return lines
}

// optionalBody notes that an optional body may be absent.
func optionalBody(op *model.Operation) string {
	if op.Body.Required {
		return ""
	}
	return " (the zero value when the request has none)"
}

// replyRule says in a sentence how a method answers.
func replyRule(o *operation) string {
	if o.coded {
		return fmt.Sprintf("The reply carries the outcome as a row of %s or of its fallback table; see %s.", o.op.Codebook.TableConst, o.reply)
	}
	return fmt.Sprintf("The reply carries the HTTP status; see %s.", o.reply)
}

// genReply declares the reply type of one operation.
func genReply(f *jen.File, o *operation, codes *model.CodeNames) {
	var fields []jen.Code
	if o.coded {
		fields = append(fields, emit.Comments(entryDoc(o))...)
		fields = append(fields, jen.Id("Entry").Id(codes.Entry))
		if o.body != nil {
			fields = append(fields, emit.Comments(codedBodyDoc(o))...)
			fields = append(fields, jen.Id("Body").Add(emit.TypeExpr(*o.body)))
		}
	} else {
		fields = append(fields, emit.Comments(statusDoc(o))...)
		fields = append(fields, jen.Id("Status").Int())
		if o.body != nil {
			fields = append(fields, emit.Comments(wrap(emit.Sanitize(fmt.Sprintf("Body is the JSON body of a %s answer; nil for none.", bodyStatuses(o))), wrapColumn))...)
			fields = append(fields, jen.Id("Body").Add(bodyType(*o.body)))
		}
	}
	emit.Decl(f, []string{fmt.Sprintf("%s is the answer of Server.%s.", o.reply, o.op.Name)},
		jen.Type().Id(o.reply).Struct(fields...))
}

// bodyType spells the Body of a status reply: *T, or T when nil is a
// value of T already.
func bodyType(tr model.TypeRef) *jen.Statement {
	if tr.IsNil() {
		return emit.TypeExpr(tr)
	}
	return jen.Op("*").Add(emit.TypeExpr(tr))
}

// bodyStatuses names the statuses a status reply's Body may come with.
func bodyStatuses(o *operation) string {
	var out []string
	for _, s := range o.bodies {
		if s[0] == '2' {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return "2xx"
	}
	return strings.Join(out, " or ")
}

// entryDoc documents the Entry of a coded reply.
func entryDoc(o *operation) []string {
	cb := o.op.Codebook
	var sent []string
	if cb.Code != "" {
		sent = append(sent, "its code is sent as "+emit.Quoted(cb.Code))
	}
	if cb.Message != "" {
		sent = append(sent, "its message as "+emit.Quoted(cb.Message))
	}
	text := fmt.Sprintf("Entry is the outcome, a row of %s or of its fallback table: %s, "+
		"with its HTTP status (%d when it has none). The response must classify as Entry again, "+
		"as the caller classifies it; when it does not, when Entry is the zero Entry or its status "+
		"is not one the spec documents (%s), the handler answers 500 instead.",
		cb.TableConst, strings.Join(sent, " and "), o.ok, strings.Join(o.statuses, ", "))
	return wrap(emit.Sanitize(text), wrapColumn)
}

// codedBodyDoc documents the Body of a coded reply.
func codedBodyDoc(o *operation) []string {
	return wrap(emit.Sanitize(fmt.Sprintf("Body holds the other fields of a %s answer, whose code and message fields the handler "+
		"sets from Entry where Entry has them; other answers carry those two fields alone.", bodyStatuses(o))), wrapColumn)
}

// statusDoc documents the Status of a status reply: the documented
// statuses, one list item each.
func statusDoc(o *operation) []string {
	lines := wrap(fmt.Sprintf("Status is the HTTP status of the answer; 0 means %d. The spec documents:", o.ok), wrapColumn)
	for _, r := range o.op.Responses {
		text := strings.TrimSpace(strings.SplitN(strings.TrimSpace(r.Doc), "\n\n", 2)[0])
		item := emit.Sanitize(r.Status)
		if text != "" {
			item += ": " + emit.Sanitize(cut(text, maxStatusDoc))
		}
		for i, l := range wrap(item, wrapColumn-6) {
			if i == 0 {
				lines = append(lines, "  - "+l)
			} else {
				lines = append(lines, "    "+l)
			}
		}
	}
	return append(lines, "", "Another status is answered with 500 instead.")
}

// maxStatusDoc bounds the description of one status in a reply's doc.
const maxStatusDoc = 300

// cut shortens s to at most n runes, marking the cut with an ellipsis.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// wrap splits a line at spaces so that no piece exceeds width runes (as
// the client emitter does). A piece starting with "/" (a path, or a
// directive in a hostile spec) gets the marker emit.Sanitize puts there.
func wrap(line string, width int) []string {
	out := emit.Wrap(line, width)
	for i, l := range out {
		if strings.HasPrefix(l, "/") {
			out[i] = "| " + l // as emit.Sanitize: no line of a comment starts with a slash
		}
	}
	return out
}
