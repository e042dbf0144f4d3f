package server

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genOptions declares the constants, ServerOption and its constructors.
func genOptions(f *jen.File) {
	emit.Decl(f, []string{
		"ServerSignatureHeader is the request header that carries base64(HMAC-SHA256(body, secret)), the",
		"signature a handler checks when WithSignatureSecret is given.",
	}, jen.Const().Id("ServerSignatureHeader").Op("=").Lit("Signature"))
	emit.Decl(f, []string{"DefaultMaxRequestBytes bounds the request bodies a handler reads unless WithMaxRequestBytes says otherwise."},
		jen.Const().Id("DefaultMaxRequestBytes").Op("=").Lit(1).Op("<<").Lit(20))
	emit.Decl(f, []string{"ServerOption configures NewServerHandler."},
		jen.Type().Id("ServerOption").Func().Params(jen.Op("*").Id("srvConfig")).Error())
	emit.Decl(f, []string{"srvConfig is what the options set."},
		jen.Type().Id("srvConfig").Struct(
			jen.Id("secret").Index().Byte(),
			jen.Id("unsigned").Bool().Comment("WithoutSignatureVerification"),
			jen.Id("store").Id("ServerReplayStore"),
			jen.Id("logger").Op("*").Qual(pkgSlog, "Logger"),
			jen.Id("maxBody").Int64(),
		))
	emit.Decl(f, []string{
		"WithSignatureSecret makes the handler check the ServerSignatureHeader of every request: it must be",
		"the standard base64 encoding of the HMAC-SHA256 of the request body as received, keyed with the",
		"UTF-8 bytes of secret. A request without it, or with another, is answered with 401 before the",
		"body is decoded or the implementation sees it. The secret is never logged; an empty one is refused.",
	}, srvOption("WithSignatureSecret", []jen.Code{jen.Id("secret").String()},
		jen.If(jen.Id("secret").Op("==").Lit("")).Block(jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("empty signature secret")))),
		jen.Id("c").Dot("secret").Op("=").Index().Byte().Call(jen.Id("secret")),
	))
	emit.Decl(f, []string{
		"WithoutSignatureVerification builds a handler that checks no signature, so that anyone who can",
		"reach it can send it requests: for tests and trusted networks only. NewServerHandler refuses to",
		"build a handler with neither this nor WithSignatureSecret, and with both.",
	}, srvOption("WithoutSignatureVerification", nil, jen.Id("c").Dot("unsigned").Op("=").True()))
	emit.Decl(f, []string{
		"WithReplayStore sets the store that keeps the answers of the requests answered once per key (see",
		"NewServerHandler), so that a repeat gets the first answer without reaching the implementation.",
		"NewServerMemoryStore returns one for tests. A nil store is refused.",
	}, srvOption("WithReplayStore", []jen.Code{jen.Id("s").Id("ServerReplayStore")},
		jen.If(jen.Id("s").Op("==").Nil()).Block(jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("nil replay store")))),
		jen.Id("c").Dot("store").Op("=").Id("s")))
	emit.Decl(f, []string{
		"WithServerLogger sets the logger of the handler; the default is slog.Default(), nil logs nothing.",
		"Every answer is logged at debug level (operation, status, duration, and the reason of a refused",
		"request), rejected signatures at warn level, implementation errors and replies that cannot be",
		"sent at error level. Bodies, headers and the secret are never logged.",
	}, srvOption("WithServerLogger", []jen.Code{jen.Id("l").Op("*").Qual(pkgSlog, "Logger")},
		jen.Id("c").Dot("logger").Op("=").Id("l")))
	emit.Decl(f, []string{"WithMaxRequestBytes bounds the request bodies the handler reads; a larger body is answered with 413."},
		srvOption("WithMaxRequestBytes", []jen.Code{jen.Id("n").Int64()},
			jen.If(jen.Id("n").Op("<=").Lit(0)).Block(jen.Return(jen.Qual(pkgErrors, "New").Call(jen.Lit("max request bytes must be positive")))),
			jen.Id("c").Dot("maxBody").Op("=").Id("n")))
}

// srvOption spells `func Name(params) ServerOption { return func(c *srvConfig) error { body; return nil } }`.
func srvOption(name string, params []jen.Code, body ...jen.Code) *jen.Statement {
	body = append(body, jen.Return(jen.Nil()))
	return jen.Func().Id(name).Params(params...).Id("ServerOption").Block(
		jen.Return(jen.Func().Params(jen.Id("c").Op("*").Id("srvConfig")).Error().Block(body...)))
}

// genNewHandler declares NewServerHandler and srvHandler.
func (g *gen) genNewHandler(f *jen.File) {
	routes := make([]string, len(g.ops))
	stmts := []jen.Code{
		jen.If(jen.Id("impl").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("nil Server")))),
		jen.Id("h").Op(":=").Op("&").Id("srvHandler").Values(jen.Dict{
			jen.Id("impl"): jen.Id("impl"),
			jen.Id("cfg"): jen.Id("srvConfig").Values(jen.Dict{
				jen.Id("logger"):  jen.Qual(pkgSlog, "Default").Call(),
				jen.Id("maxBody"): jen.Id("DefaultMaxRequestBytes"),
			}),
		}),
		jen.For(jen.List(jen.Id("_"), jen.Id("opt")).Op(":=").Range().Id("opts")).Block(
			jen.If(jen.Err().Op(":=").Id("opt").Call(jen.Op("&").Id("h").Dot("cfg")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))),
		jen.Switch().Block(
			jen.Case(jen.Id("h").Dot("cfg").Dot("secret").Op("==").Nil().Op("&&").Op("!").Id("h").Dot("cfg").Dot("unsigned")).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("NewServerHandler: no signature secret: pass WithSignatureSecret(secret), "+
					"or WithoutSignatureVerification() for tests and trusted networks only")))),
			jen.Case(jen.Id("h").Dot("cfg").Dot("secret").Op("!=").Nil().Op("&&").Id("h").Dot("cfg").Dot("unsigned")).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("NewServerHandler: WithSignatureSecret and WithoutSignatureVerification contradict each other: pass one")))),
		),
	}
	if g.replays {
		stmts = append(stmts,
			jen.If(jen.Id("h").Dot("cfg").Dot("store").Op("==").Nil()).Block(
				jen.Return(jen.Nil(), jen.Qual(pkgErrors, "New").Call(jen.Lit("NewServerHandler: no replay store: pass WithReplayStore(store), "+
					"so that a repeated request gets the first answer without calling impl again (NewServerMemoryStore() in tests)")))),
			jen.Id("h").Dot("running").Op("=").Map(jen.String()).Chan().Struct().Values())
	}
	stmts = append(stmts, jen.Id("mux").Op(":=").Qual(pkgHTTP, "NewServeMux").Call())
	for i, o := range g.ops {
		routes[i] = o.op.Method + " " + o.op.Path
		stmts = append(stmts, jen.Id("mux").Dot("HandleFunc").Call(jen.Id(descName(o)).Dot("pattern"), jen.Id("h").Dot(serveName(o))))
	}
	stmts = append(stmts, jen.Return(jen.Id("mux"), jen.Nil()))
	lines := wrap("NewServerHandler returns an http.Handler serving impl, configured by opts. It needs"+
		" WithSignatureSecret, or WithoutSignatureVerification for tests and trusted networks only"+
		g.storeRule()+". For each request it reads the body, at most DefaultMaxRequestBytes (413 beyond),"+
		" checks its signature (401), refuses a JSON body sent under another Content-Type (415; parameters"+
		" are allowed, a charset only if UTF-8), decodes a JSON body (400 when it is malformed, has a property"+
		" of the wrong type or lacks a required one, has a key twice in one object, or a key that matches a"+
		" property only when case is ignored; properties the spec does not name are kept or ignored,"+
		" never refused), calls the method of impl and encodes its reply (500 without details on an error).", wrapColumn)
	lines = append(lines, g.replayDoc()...)
	lines = append(lines, "", "It routes these requests with an http.ServeMux (another method of a known path is answered",
		"with 405, another path with 404); mount it at the root, or under http.StripPrefix:", "")
	for _, r := range routes {
		lines = append(lines, "  - "+emit.Sanitize(r))
	}
	emit.Decl(f, lines, jen.Func().Id("NewServerHandler").Params(jen.Id("impl").Id("Server"), jen.Id("opts").Op("...").Id("ServerOption")).
		Params(jen.Qual(pkgHTTP, "Handler"), jen.Error()).Block(stmts...))
	fields := []jen.Code{jen.Id("impl").Id("Server"), jen.Id("cfg").Id("srvConfig")}
	if g.replays {
		fields = append(fields,
			jen.Id("mu").Qual(pkgSync, "Mutex").Comment("guards running"),
			jen.Id("running").Map(jen.String()).Chan().Struct().Comment("the keys being served, closed when done"))
	}
	emit.Decl(f, []string{"srvHandler calls a Server for the requests of a NewServerHandler."},
		jen.Type().Id("srvHandler").Struct(fields...))
}

// storeRule says when NewServerHandler needs a store.
func (g *gen) storeRule() string {
	if !g.replays {
		return ""
	}
	return ", and WithReplayStore"
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

// descName is the name of an operation's srvOperation variable.
func descName(o *operation) string { return "srvOp" + o.op.Name }

// serveName is the name of the srvHandler method serving an operation.
func serveName(o *operation) string { return "serve" + o.op.Name }

// genOperation declares the srvOperation describing one operation.
//
//	var srvOpReserveFunds = &srvOperation{name: "ReserveFunds", pattern: "POST /reserveFunds", ...}
func genOperation(f *jen.File, o *operation) {
	pattern, _ := muxPattern(o.op) // checked by plan
	// In the order of srvOperation's fields, zero values left out.
	kv := func(k string, v jen.Code) jen.Code { return jen.Line().Id(k).Op(":").Add(v) }
	vals := []jen.Code{kv("name", jen.Lit(o.op.Name)), kv("pattern", jen.Lit(pattern))}
	if o.op.Body != nil && o.op.Body.Required {
		vals = append(vals, kv("body", jen.True()))
	}
	if o.req != nil {
		required, nullable := requiredProps(*o.req)
		if len(required) > 0 {
			vals = append(vals, kv("required", strList(required)))
		}
		if len(nullable) > 0 {
			vals = append(vals, kv("nullable", strList(nullable)))
		}
	}
	vals = append(vals, kv("ok", jen.Lit(o.ok)), kv("statuses", strList(o.statuses)))
	if len(o.bodies) > 0 {
		vals = append(vals, kv("bodies", strList(o.bodies)))
	}
	if o.media != "" {
		vals = append(vals, kv("media", jen.Lit(o.media)))
	}
	if len(o.known) > 0 {
		vals = append(vals, kv("known", strList(o.known)))
	}
	if o.replay {
		vals = append(vals, kv("replay", jen.True()))
	}
	if o.reference != "" {
		vals = append(vals, kv("reference", jen.Lit(o.reference)))
	}
	emit.Decl(f, []string{fmt.Sprintf("%s describes %s to the handler.", descName(o), o.op.Name)},
		jen.Var().Id(descName(o)).Op("=").Op("&").Id("srvOperation").Values(append(vals, jen.Line())...))
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

// genServe declares the srvHandler method serving one operation.
//
//	func (h *srvHandler) serveReserveFunds(w http.ResponseWriter, r *http.Request) {
//		c, data, ok := h.start(w, r, srvOpReserveFunds)
//		if !ok {
//			return
//		}
//		req := new(ReserveFundsRequest)
//		if !c.decode(data, req) {
//			return
//		}
//		reply, err := h.impl.ReserveFunds(r.Context(), req, r)
//		if err != nil {
//			c.fail(err)
//			return
//		}
//		c.entry(reply.Entry, reply.Body, TableReserveFunds, "responseCode", "responseMessage")
//	}
func genServe(f *jen.File, o *operation) {
	data := jen.Id("data")
	if o.req == nil {
		data = jen.Id("_") // the body stays readable in r.Body
	}
	body := []jen.Code{
		jen.List(jen.Id("c"), data, jen.Id("ok")).Op(":=").Id("h").Dot("start").Call(jen.Id("w"), jen.Id("r"), jen.Id(descName(o))),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return()),
	}
	args := []jen.Code{jen.Id("r").Dot("Context").Call()}
	if o.req != nil {
		dst := jen.Id("req")
		if o.req.IsNil() {
			body = append(body, jen.Var().Id("req").Add(emit.TypeExpr(*o.req)))
			dst = jen.Op("&").Id("req")
		} else {
			body = append(body, jen.Id("req").Op(":=").New(emit.TypeExpr(*o.req)))
		}
		body = append(body, jen.If(jen.Op("!").Id("c").Dot("decode").Call(jen.Id("data"), dst)).Block(jen.Return()))
		args = append(args, jen.Id("req"))
	}
	args = append(args, jen.Id("r"))
	serve := []jen.Code{
		jen.List(jen.Id("reply"), jen.Err()).Op(":=").Id("h").Dot("impl").Dot(o.op.Name).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("c").Dot("fail").Call(jen.Err()), jen.Return()),
	}
	serve = append(serve, answer(o)...)
	if o.replay {
		body = append(body, jen.Id("h").Dot("once").Call(jen.Id("c"), jen.Id("data"), jen.Func().Params().Block(serve...)))
	} else {
		body = append(body, serve...)
	}
	emit.Decl(f, []string{emit.Sanitize(fmt.Sprintf("%s serves %s %s.", serveName(o), o.op.Method, o.op.Path))},
		jen.Func().Params(jen.Id("h").Op("*").Id("srvHandler")).Id(serveName(o)).
			Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request")).Block(body...))
}

// answer spells the statements encoding an operation's reply.
func answer(o *operation) []jen.Code {
	if o.coded {
		cb := o.op.Codebook
		var b jen.Code = jen.Nil()
		if o.body != nil {
			b = jen.Id("reply").Dot("Body")
		}
		return []jen.Code{jen.Id("c").Dot("entry").Call(jen.Id("reply").Dot("Entry"), b, jen.Id(cb.TableConst), jen.Lit(cb.Code), jen.Lit(cb.Message))}
	}
	if o.body == nil {
		return []jen.Code{jen.Id("c").Dot("status").Call(jen.Id("reply").Dot("Status"), jen.Nil())}
	}
	return []jen.Code{
		jen.Var().Id("body").Any(),
		jen.If(jen.Id("reply").Dot("Body").Op("!=").Nil()).Block(jen.Id("body").Op("=").Id("reply").Dot("Body")),
		jen.Id("c").Dot("status").Call(jen.Id("reply").Dot("Status"), jen.Id("body")),
	}
}
