package emit

import "github.com/dave/jennifer/jen"

// genCallType declares oapiCall, the description of one request, and
// oapiResponse, a response read in full.
func genCallType(f *jen.File) {
	decl(f, []string{"oapiCall describes one request of an operation."},
		jen.Type().Id("oapiCall").Struct(
			jen.List(jen.Id("op"), jen.Id("method"), jen.Id("pathTemplate"), jen.Id("path")).String(),
			jen.Id("query").Qual(pkgURL, "Values"),
			jen.Id("header").Qual(pkgHTTP, "Header"),
			jen.Id("cookies").Index().Op("*").Qual(pkgHTTP, "Cookie"),
			jen.Id("body").Qual(pkgIO, "Reader"),
			jen.Id("ctype").String(),
			jen.Id("security").Index().Index().String(),
			jen.Id("noRedirect").Bool(),
			jen.Id("err").Error(),
		))
	decl(f, []string{"oapiNewCall starts the description of a call."},
		jen.Func().Id("oapiNewCall").Params(jen.List(jen.Id("op"), jen.Id("method"), jen.Id("path")).String()).Op("*").Id("oapiCall").Block(
			jen.Return(jen.Op("&").Id("oapiCall").Values(jen.Dict{
				jen.Id("op"): jen.Id("op"), jen.Id("method"): jen.Id("method"),
				jen.Id("pathTemplate"): jen.Id("path"), jen.Id("path"): jen.Id("path"),
				jen.Id("query"): jen.Qual(pkgURL, "Values").Values(), jen.Id("header"): jen.Qual(pkgHTTP, "Header").Values(),
			})),
		))
	decl(f, []string{"oapiResponse is a response read in full."},
		jen.Type().Id("oapiResponse").Struct(
			jen.Id("status").Int(),
			jen.Id("header").Qual(pkgHTTP, "Header"),
			jen.Id("body").Index().Byte(),
		))
}

// genSend declares the methods that send a call and read its response.
func genSend(f *jen.File, rt needs) {
	if rt.tokens {
		genSendRetry(f)
	}
	genAttempt(f, rt)
	genPrepare(f)
	genNewRequest(f, rt)
	genSetHeaders(f)
	genRead(f, rt)
	genReadBody(f)
	genTransportError(f, rt)
	genLog(f)
}

// sendDoc is the doc of the method that sends a call once: when the
// request never left, its response is nil.
func sendDoc(name string, rt needs) []string {
	never := "it could not be built or given its credentials, a request hook refused it, or the context was done"
	if rt.codebook {
		never = "it could not be built or given its credentials, a request hook refused it, or the context was done, " +
			"each recorded with codebook.NoteUnsent for the engine's wire probe; or codebook.NotSent recognises the transport's error, " +
			"a hint the engine does not trust"
	}
	return wrap(name+" makes the request of call and reads the response, bounded by the client's limit. When the request never left ("+never+
		"), the response is nil; otherwise it holds what arrived, even next to an error: status 0 when no response did, the part of the body read when the body was cut short or too large.", wrapColumn)
}

// genSendRetry declares Client.send and oapiCall.repeatable for a client
// with a token cache: a call whose token the API refused is sent once more,
// with a new token, only when it is safe to repeat.
func genSendRetry(f *jen.File) {
	docLines := wrap("send sends call once with attempt. When the API refused a cached OAuth2 token with 401, the token is dropped, "+
		"so that the next call fetches a new one; a call safe to repeat (see repeatable) is then sent once more, at once. "+
		"Any other call, such as one that moves money, is never sent again here: its 401 is its result.", wrapColumn)
	decl(f, docLines, clientMethod("send", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall")},
		[]jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()},
		jen.List(jen.Id("r"), jen.Id("rejected"), jen.Err()).Op(":=").Id("c").Dot("attempt").Call(jen.Id("ctx"), jen.Id("call")),
		jen.If(jen.Id("rejected").Op("&&").Id("call").Dot("repeatable").Call()).Block(
			jen.List(jen.Id("r"), jen.Id("_"), jen.Err()).Op("=").Id("c").Dot("attempt").Call(jen.Id("ctx"), jen.Id("call"))),
		jen.Return(jen.Id("r"), jen.Err()),
	))
	decl(f, []string{"repeatable reports whether call may be sent again as it is: a GET or HEAD without a body, of an", "operation that moves no money."},
		callMethod("repeatable", nil, []jen.Code{jen.Bool()},
			jen.Return(jen.Id("call").Dot("body").Op("==").Nil().Op("&&").Op("!").Id("call").Dot("noRedirect").Op("&&").
				Parens(jen.Id("call").Dot("method").Op("==").Qual(pkgHTTP, "MethodGet").Op("||").Id("call").Dot("method").Op("==").Qual(pkgHTTP, "MethodHead")))))
	decl(f, []string{"rejectTokens drops the cached OAuth2 tokens req carried, after the API refused them, and reports", "whether it dropped any."},
		clientMethod("rejectTokens", []jen.Code{jen.Id("req").Op("*").Qual(pkgHTTP, "Request")}, []jen.Code{jen.Bool()},
			jen.Id("dropped").Op(":=").False(),
			jen.For(jen.List(jen.Id("_"), jen.Id("ts")).Op(":=").Range().Id("c").Dot("tokens")).Block(
				jen.Id("dropped").Op("=").Id("ts").Dot("reject").Call(jen.Id("req")).Op("||").Id("dropped")),
			jen.Return(jen.Id("dropped"))))
}

// genAttempt declares the method that sends a call once: Client.send, or
// Client.attempt (which also reports a refused token) for a client with a
// token cache.
func genAttempt(f *jen.File, rt needs) {
	name, results := "send", []jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()}
	ret := func(r, err jen.Code) jen.Code { return jen.Return(r, err) }
	if rt.tokens {
		name, results = "attempt", []jen.Code{jen.Op("*").Id("oapiResponse"), jen.Bool(), jen.Error()}
		ret = func(r, err jen.Code) jen.Code { return jen.Return(r, jen.False(), err) }
	}
	unsent := []jen.Code{}
	if rt.codebook {
		unsent = append(unsent, jen.Qual(pkgCodebook, "NoteUnsent").Call(jen.Id("ctx")))
	}
	unsent = append(unsent, ret(jen.Nil(), wrapErr("")))
	body := []jen.Code{
		jen.List(jen.Id("req"), jen.Id("hc"), jen.Err()).Op(":=").Id("c").Dot("prepare").Call(jen.Id("ctx"), jen.Id("call")),
		jen.If(jen.Err().Op("!=").Nil()).Block(unsent...),
		jen.Id("start").Op(":=").Qual(pkgTime, "Now").Call(),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("hc").Dot("Do").Call(jen.Id("req")),
	}
	if rt.tokens {
		body = append(body,
			jen.If(jen.Err().Op("!=").Nil()).Block(
				jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("c").Dot("transportError").Call(jen.Id("ctx"), jen.Id("call"), jen.Err()),
				jen.Return(jen.Id("r"), jen.False(), jen.Err())),
			jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
			jen.Id("c").Dot("log").Call(jen.Id("ctx"), jen.Id("call"), jen.Id("resp").Dot("StatusCode"), jen.Qual(pkgTime, "Since").Call(jen.Id("start"))),
			jen.Id("rejected").Op(":=").Id("resp").Dot("StatusCode").Op("==").Qual(pkgHTTP, "StatusUnauthorized").Op("&&").Id("c").Dot("rejectTokens").Call(jen.Id("req")),
			jen.List(jen.Id("r"), jen.Err()).Op(":=").Id("c").Dot("read").Call(jen.Id("call"), jen.Id("resp")),
			jen.Return(jen.Id("r"), jen.Id("rejected"), jen.Err()))
	} else {
		body = append(body,
			ifErrReturn(jen.Id("c").Dot("transportError").Call(jen.Id("ctx"), jen.Id("call"), jen.Err())),
			jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
			jen.Id("c").Dot("log").Call(jen.Id("ctx"), jen.Id("call"), jen.Id("resp").Dot("StatusCode"), jen.Qual(pkgTime, "Since").Call(jen.Id("start"))),
			jen.Return(jen.Id("c").Dot("read").Call(jen.Id("call"), jen.Id("resp"))))
	}
	docLines := sendDoc(name, rt)
	if rt.tokens {
		docLines = append(docLines, "", "rejected reports that the API answered 401 to a cached token, now dropped.")
	}
	decl(f, docLines, clientMethod(name, []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall")}, results, body...))
}

// genPrepare declares Client.prepare, everything before the request
// leaves: building it, its credentials and hooks, the context's state.
func genPrepare(f *jen.File) {
	decl(f, []string{
		"prepare builds the request of call and picks the http.Client that sends it; an error means",
		"that the request cannot leave: it could not be built or given its credentials, a hook refused",
		"it, or the context is already done.",
	},
		clientMethod("prepare", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall")},
			[]jen.Code{jen.Op("*").Qual(pkgHTTP, "Request"), jen.Op("*").Qual(pkgHTTP, "Client"), jen.Error()},
			jen.If(jen.Id("call").Dot("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Id("call").Dot("err"))),
			jen.List(jen.Id("req"), jen.Err()).Op(":=").Id("c").Dot("newRequest").Call(jen.Id("ctx"), jen.Id("call")),
			ifErrReturn(jen.Nil(), jen.Nil(), jen.Err()),
			ifErrAssign(jen.Id("ctx").Dot("Err").Call(), jen.Nil(), jen.Nil(), jen.Err()),
			jen.If(jen.Id("call").Dot("noRedirect")).Block(jen.Return(jen.Id("req"), jen.Id("c").Dot("noRedirect"), jen.Nil())),
			jen.Return(jen.Id("req"), jen.Id("c").Dot("hc"), jen.Nil()),
		))
}

// genNewRequest declares Client.newRequest.
func genNewRequest(f *jen.File, rt needs) {
	body := baseStmts(rt)
	body = append(body,
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Qual(pkgHTTP, "NewRequestWithContext").Call(jen.Id("ctx"), jen.Id("call").Dot("method"), jen.Id("base").Dot("String").Call(), jen.Id("call").Dot("body")),
		ifErrReturn(jen.Nil(), jen.Err()),
		jen.Id("req").Dot("URL").Op("=").Id("oapiJoinURL").Call(jen.Id("base"), jen.Id("call").Dot("path"), jen.Id("call").Dot("query")),
		jen.Id("c").Dot("setHeaders").Call(jen.Id("req"), jen.Id("call")),
		ifErrAssign(jen.Id("c").Dot("authorize").Call(jen.Id("ctx"), jen.Id("req"), jen.Id("call").Dot("security")), jen.Nil(), jen.Err()),
		jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("c").Dot("reqHooks")).Block(
			ifErrAssign(jen.Id("h").Call(jen.Id("req")), jen.Nil(), jen.Err())),
	)
	if rt.codebook {
		body = append(body, sendOnce())
	}
	body = append(body, jen.Return(jen.Id("req"), jen.Nil()))
	decl(f, []string{"newRequest builds the request of call: URL, headers, credentials, hooks."},
		clientMethod("newRequest", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall")},
			[]jen.Code{jen.Op("*").Qual(pkgHTTP, "Request"), jen.Error()}, body...))
	decl(f, []string{"oapiJoinURL appends an escaped path and a query to the base URL."},
		jen.Func().Id("oapiJoinURL").Params(jen.Id("base").Op("*").Qual(pkgURL, "URL"), jen.Id("path").String(), jen.Id("q").Qual(pkgURL, "Values")).Op("*").Qual(pkgURL, "URL").Block(
			jen.Id("u").Op(":=").Op("*").Id("base"),
			jen.Id("u").Dot("RawPath").Op("=").Qual(pkgStrings, "TrimSuffix").Call(jen.Id("base").Dot("EscapedPath").Call(), jen.Lit("/")).Op("+").Id("path"),
			jen.List(jen.Id("u").Dot("Path"), jen.Id("_")).Op("=").Qual(pkgURL, "PathUnescape").Call(jen.Id("u").Dot("RawPath")),
			jen.Id("u").Dot("RawQuery").Op("=").Id("q").Dot("Encode").Call(),
			jen.Return(jen.Op("&").Id("u")),
		))
}

// genSetHeaders declares Client.setHeaders.
func genSetHeaders(f *jen.File) {
	decl(f, []string{"setHeaders copies the call's headers and cookies onto req."},
		clientMethod("setHeaders", []jen.Code{jen.Id("req").Op("*").Qual(pkgHTTP, "Request"), jen.Id("call").Op("*").Id("oapiCall")}, nil,
			jen.For(jen.List(jen.Id("k"), jen.Id("vs")).Op(":=").Range().Id("call").Dot("header")).Block(
				jen.Id("req").Dot("Header").Index(jen.Id("k")).Op("=").Id("vs")),
			jen.For(jen.List(jen.Id("_"), jen.Id("ck")).Op(":=").Range().Id("call").Dot("cookies")).Block(
				jen.Id("req").Dot("AddCookie").Call(jen.Id("ck"))),
			jen.If(jen.Id("call").Dot("ctype").Op("!=").Lit("")).Block(
				jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("Content-Type"), jen.Id("call").Dot("ctype"))),
			jen.If(jen.Id("c").Dot("userAgent").Op("!=").Lit("")).Block(
				jen.Id("req").Dot("Header").Dot("Set").Call(jen.Lit("User-Agent"), jen.Id("c").Dot("userAgent"))),
		))
}

// genRead declares Client.read.
func genRead(f *jen.File, rt needs) {
	tooLarge := jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: response body exceeds %d bytes: raise the limit with WithMaxResponseBytes if the API's answers are that large"), jen.Id("call").Dot("op"), jen.Id("c").Dot("maxBody"))
	if rt.codebook {
		tooLarge = jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: %w: more than %d bytes: raise the limit with WithMaxResponseBytes if the API's answers are that large"), jen.Id("call").Dot("op"), jen.Qual(pkgCodebook, "ErrBodyTooLarge"), jen.Id("c").Dot("maxBody"))
	}
	decl(f, []string{
		"read runs the response hooks and reads the body, failing when it exceeds the limit. On failure",
		"the response holds the status, the headers and the start of the part of the body read (at most",
		"the limit).",
	},
		clientMethod("read", []jen.Code{jen.Id("call").Op("*").Id("oapiCall"), jen.Id("resp").Op("*").Qual(pkgHTTP, "Response")},
			[]jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()},
			jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("c").Dot("respHooks")).Block(
				ifErrAssign(jen.Id("h").Call(jen.Id("resp")), jen.Op("&").Id("oapiResponse").Values(jen.Dict{
					jen.Id("status"): jen.Id("resp").Dot("StatusCode"), jen.Id("header"): jen.Id("resp").Dot("Header"),
				}), wrapErr(""))),
			jen.List(jen.Id("body"), jen.Id("over"), jen.Err()).Op(":=").Id("oapiReadBody").Call(jen.Id("resp").Dot("Body"), jen.Id("c").Dot("maxBody"), jen.Id("resp").Dot("ContentLength")),
			jen.Id("r").Op(":=").Op("&").Id("oapiResponse").Values(jen.Dict{
				jen.Id("status"): jen.Id("resp").Dot("StatusCode"), jen.Id("header"): jen.Id("resp").Dot("Header"), jen.Id("body"): jen.Id("body"),
			}),
			ifErrReturn(jen.Id("r"), wrapErr("read response")),
			jen.If(jen.Id("over")).Block(jen.Return(jen.Id("r"), tooLarge)),
			jen.Return(jen.Id("r"), jen.Nil()),
		))
}

// genReadBody declares oapiReadBody, which holds a body once: read into
// chunks that are never copied while reading (io.ReadAll copies the body
// each time its buffer grows and overshoots the limit), never beyond the
// limit and one byte, joined into one slice only at the end of a body that
// fits.
func genReadBody(f *jen.File) {
	id := jen.Id
	decl(f, []string{
		"oapiReadBody reads r to its end, at most limit+1 bytes, into chunks of a size doubling from",
		"512 bytes (or hint+1, hint being the Content-Length, -1 when unknown) up to 1 MiB, never copied",
		"while reading: a body costs its own size, a hostile one (a gzip body that inflates to gigabytes)",
		"limit+1 bytes at most. A body that fits and took several chunks is joined into one slice at the",
		"end. over reports a body longer than limit; body then holds its first chunk, at most limit bytes.",
	},
		jen.Func().Id("oapiReadBody").Params(id("r").Qual(pkgIO, "Reader"), jen.List(id("limit"), id("hint")).Int64()).Params(id("body").Index().Byte(), id("over").Bool(), jen.Err().Error()).Block(
			id("size").Op(":=").Int64().Call(jen.Lit(512)),
			jen.If(id("hint").Op(">=").Lit(0).Op("&&").Id("hint").Op("<").Id("limit")).Block(id("size").Op("=").Id("hint").Op("+").Lit(1)),
			jen.Var().Id("chunks").Index().Index().Byte(),
			id("total").Op(":=").Int64().Call(jen.Lit(0)),
			jen.For(id("total").Op("<=").Id("limit").Op("&&").Err().Op("==").Nil()).Block(
				id("chunk").Op(":=").Make(jen.Index().Byte(), jen.Min(id("size"), id("limit").Op("+").Lit(1).Op("-").Id("total"))),
				jen.Var().Id("n").Int(),
				jen.List(id("n"), jen.Err()).Op("=").Id("oapiFill").Call(id("r"), id("chunk")),
				jen.List(id("chunks"), id("total")).Op("=").List(jen.Append(id("chunks"), id("chunk").Index(jen.Empty(), id("n"))), id("total").Op("+").Int64().Call(id("n"))),
				id("size").Op("=").Min(jen.Lit(2).Op("*").Id("size"), jen.Lit(1).Op("<<").Lit(20))),
			jen.If(jen.Err().Op("==").Qual(pkgIO, "EOF")).Block(jen.Err().Op("=").Nil()),
			jen.If(id("total").Op(">").Id("limit")).Block(
				jen.Return(id("chunks").Index(jen.Lit(0)).Index(jen.Empty(), jen.Min(jen.Int64().Call(jen.Len(id("chunks").Index(jen.Lit(0)))), id("limit"))), jen.True(), jen.Err())),
			id("body").Op("=").Id("chunks").Index(jen.Lit(0)),
			jen.If(jen.Len(id("chunks")).Op(">").Lit(1)).Block(
				id("body").Op("=").Make(jen.Index().Byte(), jen.Lit(0), id("total")),
				jen.For(jen.List(id("_"), id("c")).Op(":=").Range().Id("chunks")).Block(
					id("body").Op("=").Append(id("body"), id("c").Op("...")))),
			jen.Return(id("body"), jen.False(), jen.Err()),
		))
	decl(f, []string{"oapiFill reads from r until chunk is full, r ends or fails; err is io.EOF at the end of r."},
		jen.Func().Id("oapiFill").Params(id("r").Qual(pkgIO, "Reader"), id("chunk").Index().Byte()).Params(id("n").Int(), jen.Err().Error()).Block(
			jen.For(id("n").Op("<").Len(id("chunk")).Op("&&").Err().Op("==").Nil()).Block(
				jen.Var().Id("m").Int(),
				jen.List(id("m"), jen.Err()).Op("=").Id("r").Dot("Read").Call(id("chunk").Index(id("n"), jen.Empty())),
				id("n").Op("+=").Id("m")),
			jen.Return(id("n"), jen.Err()),
		))
}

// genTransportError declares Client.transportError, which keeps the query
// string (where API keys may travel) out of the error.
func genTransportError(f *jen.File, rt needs) {
	docLines := []string{
		"transportError wraps a failure to get a response, replacing the URL in it by the path",
		"template so that no query string (where an API key may travel) reaches logs. The response",
		"returned is empty: the request may have left.",
	}
	body := []jen.Code{
		jen.Var().Id("ue").Op("*").Qual(pkgURL, "Error"),
		jen.If(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("ue"))).Block(
			jen.Id("ue").Dot("URL").Op("=").Id("call").Dot("pathTemplate")),
		jen.Id("c").Dot("log").Call(jen.Id("ctx"), jen.Id("call"), jen.Lit(0), jen.Lit(0)),
		jen.Err().Op("=").Add(wrapErr("")),
	}
	if rt.codebook {
		docLines[2] = "returned is empty (the request may have left), or nil when codebook.NotSent says it did not:"
		docLines = append(docLines, "a hint for the caller; the engine decides from its wire probe, not from the error.")
		body = append(body, jen.If(jen.Qual(pkgCodebook, "NotSent").Call(jen.Err())).Block(jen.Return(jen.Nil(), jen.Err())))
	}
	body = append(body, jen.Return(jen.Op("&").Id("oapiResponse").Values(), jen.Err()))
	decl(f, docLines,
		clientMethod("transportError", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall"), jen.Err().Error()},
			[]jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()}, body...))
}

// genLog declares Client.log.
func genLog(f *jen.File) {
	decl(f, []string{"log records one call at debug level; status 0 means no response."},
		clientMethod("log", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall"), jen.Id("status").Int(), jen.Id("d").Qual(pkgTime, "Duration")}, nil,
			jen.If(jen.Id("c").Dot("logger").Op("==").Nil()).Block(jen.Return()),
			jen.Id("c").Dot("logger").Dot("LogAttrs").Call(jen.Id("ctx"), jen.Qual(pkgSlog, "LevelDebug"), jen.Lit("http call"),
				jen.Qual(pkgSlog, "String").Call(jen.Lit("operation"), jen.Id("call").Dot("op")),
				jen.Qual(pkgSlog, "String").Call(jen.Lit("method"), jen.Id("call").Dot("method")),
				jen.Qual(pkgSlog, "String").Call(jen.Lit("path"), jen.Id("call").Dot("pathTemplate")),
				jen.Qual(pkgSlog, "Int").Call(jen.Lit("status"), jen.Id("status")),
				jen.Qual(pkgSlog, "Duration").Call(jen.Lit("duration"), jen.Id("d"))),
		))
}

// sendOnce drops the GetBody of a money-moving request, whatever
// http.Client the caller gave: net/http resends a request it can rewind
// when a reused connection breaks, and takes one carrying an
// Idempotency-Key header as safe to resend, even a POST. A charge goes out
// once; only the engine decides to send it again.
func sendOnce() jen.Code {
	return jen.If(jen.Qual(pkgCodebook, "IsMoneyMoving").Call(jen.Id("ctx"))).Block(
		jen.Comment("Sent once: no layer below the engine may rewind and resend a charge."),
		jen.Id("req").Dot("GetBody").Op("=").Nil(),
	)
}
