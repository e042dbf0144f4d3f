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
	genSendMethod(f, rt)
	genNewRequest(f, rt)
	genSetHeaders(f)
	genRead(f, rt)
	genTransportError(f, rt)
	genLog(f)
}

// genSendMethod declares Client.send. Its response is nil when the
// request never left, and holds what arrived of the response otherwise,
// also next to an error: the status and headers, the part of the body
// read (none and status 0 when the connection failed before a response).
func genSendMethod(f *jen.File, rt needs) {
	body := []jen.Code{
		jen.If(jen.Id("call").Dot("err").Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: %w"), jen.Id("call").Dot("op"), jen.Id("call").Dot("err")))),
		jen.List(jen.Id("req"), jen.Err()).Op(":=").Id("c").Dot("newRequest").Call(jen.Id("ctx"), jen.Id("call")),
		ifErrReturn(jen.Nil(), wrapErr("")),
		jen.Id("hc").Op(":=").Id("c").Dot("hc"),
		jen.If(jen.Id("call").Dot("noRedirect")).Block(jen.Id("hc").Op("=").Id("c").Dot("noRedirect")),
	}
	never := "it could not be built or given its credentials"
	if rt.codebook {
		// A context already done sends nothing: say so, rather than let
		// the transport's error look like a failure in flight.
		body = append(body, ifErrAssign(jen.Id("ctx").Dot("Err").Call(), jen.Nil(), wrapErr("")))
		never = "it could not be built or given its credentials, the context was done, or codebook.NotSent recognises the transport's error"
	}
	docLines := wrap("send makes the request of call and reads the response, bounded by the client's limit. When the request never left ("+never+
		"), the response is nil; otherwise it holds what arrived, even next to an error: status 0 when no response did, the part of the body read when the body was cut short or too large.", wrapColumn)
	body = append(body,
		jen.Id("start").Op(":=").Qual(pkgTime, "Now").Call(),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("hc").Dot("Do").Call(jen.Id("req")),
		ifErrReturn(jen.Id("c").Dot("transportError").Call(jen.Id("ctx"), jen.Id("call"), jen.Err())),
		jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(),
		jen.Id("c").Dot("log").Call(jen.Id("ctx"), jen.Id("call"), jen.Id("resp").Dot("StatusCode"), jen.Qual(pkgTime, "Since").Call(jen.Id("start"))),
		jen.Return(jen.Id("c").Dot("read").Call(jen.Id("call"), jen.Id("resp"))),
	)
	decl(f, docLines, clientMethod("send", []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("call").Op("*").Id("oapiCall")},
		[]jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()}, body...))
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
		jen.Return(jen.Id("req"), jen.Nil()),
	)
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
	tooLarge := jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: response body exceeds %d bytes"), jen.Id("call").Dot("op"), jen.Id("c").Dot("maxBody"))
	if rt.codebook {
		tooLarge = jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("%s: %w: more than %d bytes"), jen.Id("call").Dot("op"), jen.Qual(pkgCodebook, "ErrBodyTooLarge"), jen.Id("c").Dot("maxBody"))
	}
	decl(f, []string{
		"read runs the response hooks and reads the body, failing when it exceeds the limit. On failure",
		"the response holds the status, the headers and the part of the body read (at most the limit).",
	},
		clientMethod("read", []jen.Code{jen.Id("call").Op("*").Id("oapiCall"), jen.Id("resp").Op("*").Qual(pkgHTTP, "Response")},
			[]jen.Code{jen.Op("*").Id("oapiResponse"), jen.Error()},
			jen.For(jen.List(jen.Id("_"), jen.Id("h")).Op(":=").Range().Id("c").Dot("respHooks")).Block(
				ifErrAssign(jen.Id("h").Call(jen.Id("resp")), jen.Op("&").Id("oapiResponse").Values(jen.Dict{
					jen.Id("status"): jen.Id("resp").Dot("StatusCode"), jen.Id("header"): jen.Id("resp").Dot("Header"),
				}), wrapErr(""))),
			jen.List(jen.Id("body"), jen.Err()).Op(":=").Qual(pkgIO, "ReadAll").Call(
				jen.Qual(pkgIO, "LimitReader").Call(jen.Id("resp").Dot("Body"), jen.Id("c").Dot("maxBody").Op("+").Lit(1))),
			jen.Id("r").Op(":=").Op("&").Id("oapiResponse").Values(jen.Dict{
				jen.Id("status"): jen.Id("resp").Dot("StatusCode"), jen.Id("header"): jen.Id("resp").Dot("Header"), jen.Id("body"): jen.Id("body"),
			}),
			ifErrReturn(jen.Id("r"), wrapErr("read response")),
			jen.If(jen.Int64().Call(jen.Len(jen.Id("body"))).Op(">").Id("c").Dot("maxBody")).Block(
				jen.Id("r").Dot("body").Op("=").Id("body").Index(jen.Empty(), jen.Id("c").Dot("maxBody")),
				jen.Return(jen.Id("r"), tooLarge)),
			jen.Return(jen.Id("r"), jen.Nil()),
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
		docLines[2] = "returned is empty (the request may have left), or nil when codebook.NotSent says it did not."
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
