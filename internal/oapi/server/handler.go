package server

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// pkgRT is the import path of the server runtime generated servers call.
const pkgRT = "github.com/codebookgen/codebook/apiserver"

// genNewHandler declares NewServerHandler: it builds an apiserver.Handler
// and routes each operation to its serve function.
//
//	func NewServerHandler(impl Server, opts ...apiserver.Option) (http.Handler, error) {
//		...
//		mux.HandleFunc("POST /reserveFunds", srvServeReserveFunds(h, impl))
//		return mux, nil
//	}
func (g *gen) genNewHandler(f *jen.File) {
	routes := make([]string, len(g.ops))
	stmts := []jen.Code{
		jen.If(jen.Id("impl").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("nil Server")))),
		jen.List(jen.Id("h"), jen.Err()).Op(":=").Qual(pkgRT, "New").Call(jen.Lit("NewServerHandler"), jen.Lit(g.replays), jen.Id("opts").Op("...")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Id("mux").Op(":=").Qual(pkgHTTP, "NewServeMux").Call(),
	}
	for i, o := range g.ops {
		pattern, _ := muxPattern(o.op) // checked by plan
		routes[i] = o.op.Method + " " + o.op.Path
		stmts = append(stmts, jen.Id("mux").Dot("HandleFunc").Call(jen.Lit(pattern), jen.Id(serveName(o)).Call(jen.Id("h"), jen.Id("impl"))))
	}
	stmts = append(stmts, jen.Return(jen.Id("mux"), jen.Nil()))
	lines := wrap("NewServerHandler returns an http.Handler serving impl, configured by opts, the options of"+
		" package apiserver. It needs apiserver.WithSignatureSecret, or apiserver.WithoutSignatureVerification"+
		" for tests and trusted networks only"+g.storeRule()+". For each request it reads the body, at most"+
		" apiserver.DefaultMaxRequestBytes (413 beyond), checks its signature (401), refuses a JSON body sent under"+
		" another Content-Type (415; parameters are allowed, a charset only if UTF-8), decodes a JSON body (400"+
		" when it is malformed, has a property of the wrong type or lacks a required one, has a key twice in one"+
		" object, or a key that matches a property only when case is ignored; properties the spec does not name"+
		" are kept or ignored, never refused), calls the method of impl and encodes its reply (500 without"+
		" details on an error).", wrapColumn)
	lines = append(lines, g.replayDoc()...)
	lines = append(lines, "", "It routes these requests with an http.ServeMux (another method of a known path is answered",
		"with 405, another path with 404); mount it at the root, or under http.StripPrefix:", "")
	for _, r := range routes {
		lines = append(lines, "  - "+emit.Sanitize(r))
	}
	emit.Decl(f, lines, jen.Func().Id("NewServerHandler").Params(jen.Id("impl").Id("Server"), jen.Id("opts").Op("...").Qual(pkgRT, "Option")).
		Params(jen.Qual(pkgHTTP, "Handler"), jen.Error()).Block(stmts...))
}

// storeRule says when NewServerHandler needs a store.
func (g *gen) storeRule() string {
	if !g.replays {
		return ""
	}
	return ", and apiserver.WithReplayStore"
}

// replayDoc says which operations are answered once per key, and by
// which key.
func (g *gen) replayDoc() []string {
	if !g.replays {
		return nil
	}
	lines := append([]string{""}, wrap("These operations, linked to a code table, are answered once per key: a repeat gets the"+
		" first answer from the replay store without reaching impl, a repeat under the same reference with"+
		" another body is refused (409), and a repeat that arrives while the first runs waits for it. An"+
		" answer with a 5xx status (an error of impl, a row saying it is unavailable) is not recorded: the"+
		" request was not done, and its repeat reaches impl again.", wrapColumn)...)
	lines = append(lines, "")
	for _, o := range g.ops {
		if !o.replay {
			continue
		}
		key := "keyed by the whole body: a re-delivery is the same request, another body another one"
		if o.reference != "" {
			key = "keyed by the body property " + emit.Quoted(o.reference) + " (x-codebook reference): the identity of the request"
		}
		item := emit.Sanitize(o.op.Method + " " + o.op.Path + ": " + key)
		for i, l := range wrap(item, wrapColumn-4) {
			if i == 0 {
				lines = append(lines, "  - "+l)
			} else {
				lines = append(lines, "    "+l)
			}
		}
	}
	return lines
}

// serveName is the name of the function serving an operation.
func serveName(o *operation) string { return "srvServe" + o.op.Name }

// genOperation spells the apiserver.Operation describing one operation.
//
//	apiserver.Operation{Name: "ReserveFunds", Body: true, ...}
func genOperation(o *operation) *jen.Statement {
	// In the order of apiserver.Operation's fields, zero values left out.
	kv := func(k string, v jen.Code) jen.Code { return jen.Line().Id(k).Op(":").Add(v) }
	vals := []jen.Code{kv("Name", jen.Lit(o.op.Name))}
	if o.op.Body != nil && o.op.Body.Required {
		vals = append(vals, kv("Body", jen.True()))
	}
	if o.req != nil {
		required, nullable := requiredProps(*o.req)
		if len(required) > 0 {
			vals = append(vals, kv("Required", strList(required)))
		}
		if len(nullable) > 0 {
			vals = append(vals, kv("Nullable", strList(nullable)))
		}
	}
	vals = append(vals, kv("OK", jen.Lit(o.ok)), kv("Statuses", strList(o.statuses)))
	if len(o.bodies) > 0 {
		vals = append(vals, kv("Bodies", strList(o.bodies)))
	}
	if o.media != "" {
		vals = append(vals, kv("Media", jen.Lit(o.media)))
	}
	if len(o.known) > 0 {
		vals = append(vals, kv("Known", strList(o.known)))
	}
	if o.replay {
		vals = append(vals, kv("Replay", jen.True()))
	}
	if o.reference != "" {
		vals = append(vals, kv("Reference", jen.Lit(o.reference)))
	}
	return jen.Qual(pkgRT, "Operation").Values(append(vals, jen.Line())...)
}

// strList spells []string{"a", "b"}.
func strList(ss []string) *jen.Statement {
	vals := make([]jen.Code, len(ss))
	for i, s := range ss {
		vals[i] = jen.Lit(s)
	}
	return jen.Index().String().Values(vals...)
}

// requiredProps lists the required properties of a struct body: those
// that must not be null, and those that may.
func requiredProps(tr model.TypeRef) (required, nullable []string) {
	t := structOf(tr)
	if t == nil {
		return nil, nil
	}
	for _, fl := range t.Fields {
		if !fl.Required {
			continue
		}
		if fl.Nullable || fl.Type.Nullable {
			nullable = append(nullable, fl.JSONName)
		} else {
			required = append(required, fl.JSONName)
		}
	}
	return required, nullable
}

// structOf follows named aliases to a struct type; nil when tr is none.
func structOf(tr model.TypeRef) *model.Type {
	for i := 0; i < 64 && tr.Kind == model.RefNamed; i++ {
		t := tr.Named
		switch {
		case t.Kind == model.KindStruct:
			return t
		case t.Kind == model.KindAlias && t.Elem != nil:
			tr = *t.Elem
		default:
			return nil
		}
	}
	return nil
}

// genServe declares the function serving one operation: apiserver reads,
// checks and decodes the request, the closure calls impl and answers.
//
//	func srvServeReserveFunds(h *apiserver.Handler, impl Server) http.HandlerFunc {
//		return apiserver.HandleJSON(h, apiserver.Operation{...}, func(c *apiserver.Call, r *http.Request, req *ReserveFundsRequest) {
//			reply, err := impl.ReserveFunds(r.Context(), req, r)
//			if err != nil {
//				c.Fail(err)
//				return
//			}
//			apiserver.Entry(c, reply.Entry, reply.Body, TableReserveFunds, "responseCode", "responseMessage", Classify, DecodeResponse)
//		})
//	}
func genServe(f *jen.File, o *operation, codes *model.CodeNames) {
	params := []jen.Code{jen.Id("c").Op("*").Qual(pkgRT, "Call"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")}
	args := []jen.Code{jen.Id("r").Dot("Context").Call()}
	if o.req != nil {
		params = append(params, jen.Id("req").Op("*").Add(emit.TypeExpr(*o.req)))
		if o.req.IsNil() {
			args = append(args, jen.Op("*").Id("req"))
		} else {
			args = append(args, jen.Id("req"))
		}
	}
	args = append(args, jen.Id("r"))
	body := append([]jen.Code{
		jen.List(jen.Id("reply"), jen.Err()).Op(":=").Id("impl").Dot(o.op.Name).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("c").Dot("Fail").Call(jen.Err()), jen.Return()),
	}, answer(o, codes)...)
	closure := jen.Func().Params(params...).Block(body...)
	var handle *jen.Statement
	if o.req != nil {
		handle = jen.Qual(pkgRT, "HandleJSON").Call(jen.Id("h"), genOperation(o), closure)
	} else {
		handle = jen.Id("h").Dot("Handle").Call(genOperation(o), closure)
	}
	emit.Decl(f, []string{emit.Sanitize(fmt.Sprintf("%s serves %s %s.", serveName(o), o.op.Method, o.op.Path))},
		jen.Func().Id(serveName(o)).Params(jen.Id("h").Op("*").Qual(pkgRT, "Handler"), jen.Id("impl").Id("Server")).
			Qual(pkgHTTP, "HandlerFunc").Block(jen.Return(handle)))
}

// answer spells the statements encoding an operation's reply; codes names
// the package's code-table declarations.
func answer(o *operation, codes *model.CodeNames) []jen.Code {
	if o.coded {
		cb := o.op.Codebook
		var b jen.Code = jen.Nil()
		if o.body != nil {
			b = jen.Id("reply").Dot("Body")
		}
		return []jen.Code{jen.Qual(pkgRT, "Entry").Call(jen.Id("c"), jen.Id("reply").Dot("Entry"), b, jen.Id(cb.TableConst),
			jen.Lit(cb.Code), jen.Lit(cb.Message), jen.Id(codes.Classify), jen.Id(codes.DecodeResponse))}
	}
	if o.body == nil {
		return []jen.Code{jen.Id("c").Dot("Status").Call(jen.Id("reply").Dot("Status"), jen.Nil())}
	}
	return []jen.Code{
		jen.Var().Id("body").Any(),
		jen.If(jen.Id("reply").Dot("Body").Op("!=").Nil()).Block(jen.Id("body").Op("=").Id("reply").Dot("Body")),
		jen.Id("c").Dot("Status").Call(jen.Id("reply").Dot("Status"), jen.Id("body")),
	}
}
