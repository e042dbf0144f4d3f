package server

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// genRuntime declares the types and helpers every server needs; entry
// only when some operation answers with an Entry, the replay helpers only
// when some operation is answered once per key.
func genRuntime(f *jen.File, coded, replays bool, codes *model.CodeNames) {
	genOperationType(f)
	genStart(f)
	genSignature(f)
	genDecode(f)
	genStrict(f)
	if replays {
		genReplay(f)
	}
	if coded {
		genEntry(f, codes)
		genMerge(f)
	}
	genStatus(f)
	genWrite(f)
	genLog(f)
}

// ret spells `return`.
func ret(vals ...jen.Code) *jen.Statement { return jen.Return(vals...) }

// callMethod spells `func (c *srvCall) name(params) results { body }`.
func callMethod(name string, params, results []jen.Code, body ...jen.Code) *jen.Statement {
	return jen.Func().Params(jen.Id("c").Op("*").Id("srvCall")).Id(name).Params(params...).Params(results...).Block(body...)
}

// httpStatus spells http.StatusX.
func httpStatus(name string) *jen.Statement { return jen.Qual(pkgHTTP, "Status"+name) }

// genOperationType declares srvOperation and srvCall.
func genOperationType(f *jen.File) {
	emit.Decl(f, []string{"srvOperation describes one operation to the handler."},
		jen.Type().Id("srvOperation").Struct(
			jen.Id("name").String().Comment("the Server method"),
			jen.Id("pattern").String().Comment("the http.ServeMux pattern"),
			jen.Id("body").Bool().Comment("the request must have a body"),
			jen.Id("required").Index().String().Comment("properties the JSON request body must have, not null"),
			jen.Id("nullable").Index().String().Comment("required properties that may be null"),
			jen.Id("ok").Int().Comment("the status of a reply that names none"),
			jen.Id("statuses").Index().String().Comment(`the documented statuses: "200", "4XX", "default"`),
			jen.Id("bodies").Index().String().Comment("the documented statuses whose response has a JSON body"),
			jen.Id("media").String().Comment(`the media type a JSON request body must be sent as; "" for any`),
			jen.Id("known").Index().String().Comment("the property names of the request body's schemas"),
			jen.Id("replay").Bool().Comment("a request is answered once per key (srvHandler.once)"),
			jen.Id("reference").String().Comment(`the body property identifying a request; "" for the whole body`),
		))
	emit.Decl(f, []string{"srvCall is one request being served."},
		jen.Type().Id("srvCall").Struct(
			jen.Id("cfg").Op("*").Id("srvConfig"),
			jen.Id("op").Op("*").Id("srvOperation"),
			jen.Id("w").Qual(pkgHTTP, "ResponseWriter"),
			jen.Id("r").Op("*").Qual(pkgHTTP, "Request"),
			jen.Id("start").Qual(pkgTime, "Time"),
			jen.Id("key").String().Comment(`the replay key of a request answered once; "" otherwise`),
			jen.Id("fingerprint").String().Comment("the body's fingerprint, with key"),
		))
}

// genStart declares srvHandler.start.
func genStart(f *jen.File) {
	reject := func(level, status, reason string) *jen.Statement {
		return jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "Level"+level), httpStatus(status), jen.Lit(reason))
	}
	emit.Decl(f, []string{
		"start begins serving a request of op: it reads the body, at most maxBody bytes, checks its",
		"signature when a secret is set, that it is there when op requires one, and that a body is sent",
		"as op.media. It answers the request itself and returns ok false when one of these fails. r.Body",
		"is replaced by the bytes read.",
	}, jen.Func().Params(jen.Id("h").Op("*").Id("srvHandler")).Id("start").
		Params(jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request"), jen.Id("op").Op("*").Id("srvOperation")).
		Params(jen.Id("c").Op("*").Id("srvCall"), jen.Id("data").Index().Byte(), jen.Id("ok").Bool()).Block(
		jen.Id("c").Op("=").Op("&").Id("srvCall").Values(jen.Dict{
			jen.Id("cfg"): jen.Op("&").Id("h").Dot("cfg"), jen.Id("op"): jen.Id("op"),
			jen.Id("w"): jen.Id("w"), jen.Id("r"): jen.Id("r"), jen.Id("start"): jen.Qual(pkgTime, "Now").Call(),
		}),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(pkgIO, "ReadAll").Call(
			jen.Qual(pkgHTTP, "MaxBytesReader").Call(jen.Id("w"), jen.Id("r").Dot("Body"), jen.Id("h").Dot("cfg").Dot("maxBody"))),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Var().Id("tooBig").Op("*").Qual(pkgHTTP, "MaxBytesError"),
			jen.If(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("tooBig"))).Block(
				reject("Debug", "RequestEntityTooLarge", "request body too large"),
			).Else().Block(
				reject("Debug", "BadRequest", "request body unreadable"),
			),
			ret(jen.Nil(), jen.Nil(), jen.False()),
		),
		jen.Id("r").Dot("Body").Op("=").Qual(pkgIO, "NopCloser").Call(jen.Qual(pkgBytes, "NewReader").Call(jen.Id("data"))),
		jen.If(jen.Id("h").Dot("cfg").Dot("secret").Op("!=").Nil()).Block(
			jen.If(
				jen.Id("reason").Op(":=").Id("srvCheckSignature").Call(jen.Id("h").Dot("cfg").Dot("secret"), jen.Id("r").Dot("Header").Dot("Get").Call(jen.Id("ServerSignatureHeader")), jen.Id("data")),
				jen.Id("reason").Op("!=").Lit(""),
			).Block(
				jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelWarn"), httpStatus("Unauthorized"), jen.Id("reason")),
				ret(jen.Nil(), jen.Nil(), jen.False()),
			),
		),
		jen.Id("empty").Op(":=").Len(jen.Qual(pkgBytes, "TrimSpace").Call(jen.Id("data"))).Op("==").Lit(0),
		jen.If(jen.Id("op").Dot("body").Op("&&").Id("empty")).Block(
			reject("Debug", "BadRequest", "request body required"),
			ret(jen.Nil(), jen.Nil(), jen.False()),
		),
		jen.If(jen.Op("!").Id("empty").Op("&&").Id("op").Dot("media").Op("!=").Lit("").Op("&&").Op("!").Id("srvMediaOK").Call(jen.Id("r").Dot("Header").Dot("Get").Call(jen.Lit("Content-Type")), jen.Id("op").Dot("media"))).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("UnsupportedMediaType"), jen.Lit("request body must be sent as ").Op("+").Id("op").Dot("media")),
			ret(jen.Nil(), jen.Nil(), jen.False()),
		),
		ret(jen.Id("c"), jen.Id("data"), jen.True()),
	))
}

// genSignature declares srvCheckSignature.
func genSignature(f *jen.File) {
	emit.Decl(f, []string{
		"srvCheckSignature checks header, the signature of a request, against the HMAC-SHA256 of data",
		"keyed with secret, in constant time. It returns why the signature is refused, or \"\".",
	}, jen.Func().Id("srvCheckSignature").Params(jen.Id("secret").Index().Byte(), jen.Id("header").String(), jen.Id("data").Index().Byte()).String().Block(
		jen.If(jen.Id("header").Op("==").Lit("")).Block(ret(jen.Lit("request signature missing"))),
		jen.List(jen.Id("got"), jen.Err()).Op(":=").Qual(pkgBase64, "StdEncoding").Dot("DecodeString").Call(jen.Qual(pkgStrings, "TrimSpace").Call(jen.Id("header"))),
		jen.Id("mac").Op(":=").Qual(pkgHMAC, "New").Call(jen.Qual(pkgSHA256, "New"), jen.Id("secret")),
		jen.Id("mac").Dot("Write").Call(jen.Id("data")),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Op("!").Qual(pkgHMAC, "Equal").Call(jen.Id("got"), jen.Id("mac").Dot("Sum").Call(jen.Nil()))).Block(
			ret(jen.Lit("request signature invalid"))),
		ret(jen.Lit("")),
	))
}

// genDecode declares srvCall.decode and its helpers.
func genDecode(f *jen.File) {
	emit.Decl(f, []string{
		"decode checks the keys of the JSON body data (srvStrictKeys), decodes it into dst and checks",
		"the required properties; it answers 400 itself and returns false when the body does not fit. An",
		"empty body (an optional one) leaves dst as it is.",
	}, callMethod("decode", []jen.Code{jen.Id("data").Index().Byte(), jen.Id("dst").Any()}, []jen.Code{jen.Bool()},
		jen.If(jen.Len(jen.Qual(pkgBytes, "TrimSpace").Call(jen.Id("data"))).Op("==").Lit(0)).Block(ret(jen.True())),
		jen.If(jen.Id("p").Op(":=").Id("srvStrictKeys").Call(jen.Id("data"), jen.Id("c").Dot("op").Dot("known")), jen.Id("p").Op("!=").Lit("")).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("BadRequest"), jen.Id("p")),
			ret(jen.False())),
		jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Id("dst")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("BadRequest"), jen.Id("srvJSONProblem").Call(jen.Err())),
			ret(jen.False())),
		jen.If(jen.Id("p").Op(":=").Id("srvMissing").Call(jen.Id("data"), jen.Id("c").Dot("op").Dot("required"), jen.Id("c").Dot("op").Dot("nullable")), jen.Id("p").Op("!=").Lit("")).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("BadRequest"),
				jen.Lit("request body lacks the required property ").Op("+").Qual(pkgStrconv, "Quote").Call(jen.Id("p"))),
			ret(jen.False())),
		ret(jen.True()),
	))
	emit.Decl(f, []string{
		"srvJSONProblem says what is wrong with a request body that does not decode, without quoting it.",
	}, jen.Func().Id("srvJSONProblem").Params(jen.Err().Error()).String().Block(
		jen.Var().Id("te").Op("*").Qual(pkgJSON, "UnmarshalTypeError"),
		jen.If(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("te")).Op("&&").Id("te").Dot("Field").Op("!=").Lit("")).Block(
			ret(jen.Lit("request body property ").Op("+").Qual(pkgStrconv, "Quote").Call(jen.Id("te").Dot("Field")).Op("+").Lit(" has the wrong type"))),
		ret(jen.Lit("request body is not JSON of the documented shape")),
	))
	emit.Decl(f, []string{
		"srvMissing returns the first property of required that the JSON object data lacks or has as",
		"null, or of nullable that it lacks; \"\" when there is none.",
	}, jen.Func().Id("srvMissing").Params(jen.Id("data").Index().Byte(), jen.List(jen.Id("required"), jen.Id("nullable")).Index().String()).String().Block(
		jen.If(jen.Len(jen.Id("required")).Op("+").Len(jen.Id("nullable")).Op("==").Lit(0)).Block(ret(jen.Lit(""))),
		jen.Var().Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
		jen.If(jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("obj")).Op("!=").Nil()).Block(
			ret(jen.Lit("")).Comment("not an object: decoding has failed already")),
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("required")).Block(
			jen.If(jen.Id("v").Op(":=").Id("obj").Index(jen.Id("p")), jen.Len(jen.Id("v")).Op("==").Lit(0).Op("||").String().Call(jen.Id("v")).Op("==").Lit("null")).Block(
				ret(jen.Id("p")))),
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Id("nullable")).Block(
			jen.If(jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("obj").Index(jen.Id("p")), jen.Op("!").Id("ok")).Block(
				ret(jen.Id("p")))),
		ret(jen.Lit("")),
	))
}

// genEntry declares srvCall.entry.
func genEntry(f *jen.File, codes *model.CodeNames) {
	refuse := func(args ...jen.Code) []jen.Code {
		return []jen.Code{jen.Id("c").Dot("refuse").Call(jen.Qual(pkgFmt, "Sprintf").Call(args...)), ret()}
	}
	eName := jen.Id("e").Dot("String").Call()
	emit.Decl(f, []string{
		"entry answers with the row e of table t: its HTTP status (op.ok when it has none) and, when the",
		"status has a JSON body, body (a 2xx answer only) with its code and message set into codeField and",
		"messageField. It refuses (500) the zero Entry, an undocumented status, and an answer that would",
		"not classify as e against t, as the caller classifies it.",
	}, callMethod("entry", []jen.Code{jen.Id("e").Id(codes.Entry), jen.Id("body").Any(), jen.Id("t").Id(codes.Table), jen.List(jen.Id("codeField"), jen.Id("messageField")).String()}, nil,
		jen.If(jen.Op("!").Id("e").Dot("Known").Call()).Block(jen.Id("c").Dot("refuse").Call(jen.Lit("the reply has no Entry")), ret()),
		jen.Id("status").Op(":=").Id("e").Dot("HTTPStatus").Call(),
		jen.If(jen.Id("status").Op("==").Lit(0)).Block(jen.Id("status").Op("=").Id("c").Dot("op").Dot("ok")),
		jen.If(jen.Op("!").Id("srvStatusIn").Call(jen.Id("status"), jen.Id("c").Dot("op").Dot("statuses"))).Block(
			refuse(jen.Lit("the reply's Entry %s has the undocumented status %d"), eName, jen.Id("status"))...),
		jen.Var().Id("data").Index().Byte(),
		jen.If(jen.Id("srvStatusIn").Call(jen.Id("status"), jen.Id("c").Dot("op").Dot("bodies"))).Block(
			jen.If(jen.Id("status").Op("/").Lit(100).Op("!=").Lit(2)).Block(jen.Id("body").Op("=").Nil()),
			jen.Id("fields").Op(":=").Map(jen.String()).Any().Values(),
			jen.If(jen.Id("e").Dot("HasCode").Call().Op("&&").Id("codeField").Op("!=").Lit("")).Block(
				jen.Id("fields").Index(jen.Id("codeField")).Op("=").Id("e").Dot("Code").Call()),
			jen.If(jen.Id("m").Op(":=").Id("e").Dot("Message").Call(), jen.Id("m").Op("!=").Lit("").Op("&&").Id("messageField").Op("!=").Lit("")).Block(
				jen.Id("fields").Index(jen.Id("messageField")).Op("=").Id("m")),
			jen.Var().Err().Error(),
			jen.If(jen.List(jen.Id("data"), jen.Err()).Op("=").Id("srvMerge").Call(jen.Id("body"), jen.Id("fields")), jen.Err().Op("!=").Nil()).Block(
				refuse(jen.Lit("encode the reply: %v"), jen.Err())...),
		),
		jen.If(
			jen.List(jen.Id("got"), jen.Id("_")).Op(":=").Id("Classify").Call(jen.Id("t"), jen.Id("DecodeResponse").Call(jen.Id("status"), jen.Id("data"), jen.Id("codeField"), jen.Id("messageField"))),
			jen.Id("got").Op("!=").Id("e"),
		).Block(refuse(jen.Lit("the reply's Entry %s would be read as %s"), eName, jen.Id("got").Dot("String").Call())...),
		jen.Id("c").Dot("write").Call(jen.Id("status"), jen.Id("data")),
	))
}

// genMerge declares srvMerge.
func genMerge(f *jen.File) {
	emit.Decl(f, []string{
		"srvMerge encodes body, a JSON object (an empty one when body is nil), with the properties of",
		"fields set.",
	}, jen.Func().Id("srvMerge").Params(jen.Id("body").Any(), jen.Id("fields").Map(jen.String()).Any()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Var().Id("obj").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
		jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("body")),
			jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Nil(), jen.Err())),
			jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("obj")), jen.Err().Op("!=").Nil()).Block(
				ret(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("body is not a JSON object: %w"), jen.Err()))),
		),
		jen.If(jen.Id("obj").Op("==").Nil()).Block(jen.Id("obj").Op("=").Map(jen.String()).Qual(pkgJSON, "RawMessage").Values()),
		jen.For(jen.List(jen.Id("k"), jen.Id("v")).Op(":=").Range().Id("fields")).Block(
			jen.List(jen.Id("raw"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Nil(), jen.Err())),
			jen.Id("obj").Index(jen.Id("k")).Op("=").Id("raw"),
		),
		ret(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("obj"))),
	))
}

// genStatus declares srvCall.status and srvStatusIn.
func genStatus(f *jen.File) {
	emit.Decl(f, []string{
		"status answers with status (op.ok when 0) and body encoded as JSON, when not nil. It refuses",
		"(500) a status the spec does not document, and a body with a status that has none.",
	}, callMethod("status", []jen.Code{jen.Id("status").Int(), jen.Id("body").Any()}, nil,
		jen.If(jen.Id("status").Op("==").Lit(0)).Block(jen.Id("status").Op("=").Id("c").Dot("op").Dot("ok")),
		jen.If(jen.Op("!").Id("srvStatusIn").Call(jen.Id("status"), jen.Id("c").Dot("op").Dot("statuses"))).Block(
			jen.Id("c").Dot("refuse").Call(jen.Qual(pkgFmt, "Sprintf").Call(jen.Lit("the reply has the undocumented status %d"), jen.Id("status"))), ret()),
		jen.Var().Id("data").Index().Byte(),
		jen.If(jen.Id("body").Op("!=").Nil()).Block(
			jen.If(jen.Op("!").Id("srvStatusIn").Call(jen.Id("status"), jen.Id("c").Dot("op").Dot("bodies"))).Block(
				jen.Id("c").Dot("refuse").Call(jen.Qual(pkgFmt, "Sprintf").Call(jen.Lit("the reply has a body, which status %d has none of"), jen.Id("status"))), ret()),
			jen.Var().Err().Error(),
			jen.If(jen.List(jen.Id("data"), jen.Err()).Op("=").Qual(pkgJSON, "Marshal").Call(jen.Id("body")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("c").Dot("refuse").Call(jen.Lit("encode the reply: ").Op("+").Err().Dot("Error").Call()), ret()),
		),
		jen.Id("c").Dot("write").Call(jen.Id("status"), jen.Id("data")),
	))
	emit.Decl(f, []string{
		"srvStatusIn reports whether status is a final HTTP status that documented lists: exactly (\"404\"),",
		"by its range (\"4XX\") or as \"default\".",
	}, jen.Func().Id("srvStatusIn").Params(jen.Id("status").Int(), jen.Id("documented").Index().String()).Bool().Block(
		jen.If(jen.Id("status").Op("<").Lit(200).Op("||").Id("status").Op(">").Lit(599)).Block(ret(jen.False())),
		jen.Id("s").Op(":=").Qual(pkgStrconv, "Itoa").Call(jen.Id("status")),
		jen.For(jen.List(jen.Id("_"), jen.Id("d")).Op(":=").Range().Id("documented")).Block(
			jen.If(jen.Id("d").Op("==").Id("s").Op("||").Id("d").Op("==").Lit("default").Op("||").Parens(
				jen.Len(jen.Id("d")).Op("==").Lit(3).Op("&&").Id("d").Index(jen.Lit(0)).Op("==").Id("s").Index(jen.Lit(0)).Op("&&").
					Qual(pkgStrings, "EqualFold").Call(jen.Id("d").Index(jen.Lit(1), jen.Empty()), jen.Lit("XX")))).Block(ret(jen.True()))),
		ret(jen.False()),
	))
}

// genWrite declares the srvCall methods that write an answer.
func genWrite(f *jen.File) {
	emit.Decl(f, []string{
		"write sends the answer: status, and data as a JSON body unless it is nil. For a request answered",
		"once (c.key set), an answer below 500 is recorded in the store first, so that a repeat sent after",
		"this answer arrived finds it; a failure to record is logged.",
	}, callMethod("write", []jen.Code{jen.Id("status").Int(), jen.Id("data").Index().Byte()}, nil,
		jen.If(jen.Id("c").Dot("key").Op("!=").Lit("").Op("&&").Id("status").Op("<").Lit(500)).Block(
			jen.Id("rec").Op(":=").Id("ServerRecord").Values(jen.Dict{jen.Id("Fingerprint"): jen.Id("c").Dot("fingerprint"), jen.Id("Status"): jen.Id("status"), jen.Id("Body"): jen.Id("data")}),
			jen.If(jen.Err().Op(":=").Id("c").Dot("cfg").Dot("store").Dot("Put").Call(jen.Qual(pkgContext, "WithoutCancel").Call(jen.Id("c").Dot("r").Dot("Context").Call()), jen.Id("c").Dot("key"), jen.Id("rec")), jen.Err().Op("!=").Nil()).Block(
				jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelError"), jen.Lit("replay store failed to record an answer"), jen.Id("status"), jen.Qual(pkgSlog, "Any").Call(jen.Lit("error"), jen.Err())))),
		jen.Id("h").Op(":=").Id("c").Dot("w").Dot("Header").Call(),
		jen.Id("h").Dot("Set").Call(jen.Lit("Cache-Control"), jen.Lit("no-store")),
		jen.If(jen.Id("data").Op("!=").Nil()).Block(jen.Id("h").Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json"))),
		jen.Id("c").Dot("w").Dot("WriteHeader").Call(jen.Id("status")),
		jen.If(jen.Id("data").Op("!=").Nil()).Block(
			jen.List(jen.Id("_"), jen.Id("_")).Op("=").Id("c").Dot("w").Dot("Write").Call(jen.Id("data")).Comment("a failed write means the caller is gone")),
		jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelDebug"), jen.Lit("request served"), jen.Id("status")),
	))
	emit.Decl(f, []string{"reject answers a request the handler refuses with status and reason, as plain text, and logs it at level."},
		callMethod("reject", []jen.Code{jen.Id("level").Qual(pkgSlog, "Level"), jen.Id("status").Int(), jen.Id("reason").String()}, nil,
			jen.Id("c").Dot("log").Call(jen.Id("level"), jen.Lit("request refused"), jen.Id("status"), jen.Qual(pkgSlog, "String").Call(jen.Lit("reason"), jen.Id("reason"))),
			jen.Qual(pkgHTTP, "Error").Call(jen.Id("c").Dot("w"), jen.Id("reason"), jen.Id("status")),
		))
	emit.Decl(f, []string{"fail answers 500 for an implementation error, which is logged and not sent."},
		callMethod("fail", []jen.Code{jen.Err().Error()}, nil,
			jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelError"), jen.Lit("server implementation failed"), httpStatus("InternalServerError"), jen.Qual(pkgSlog, "Any").Call(jen.Lit("error"), jen.Err())),
			jen.Qual(pkgHTTP, "Error").Call(jen.Id("c").Dot("w"), jen.Qual(pkgHTTP, "StatusText").Call(httpStatus("InternalServerError")), httpStatus("InternalServerError")),
		))
	emit.Decl(f, []string{"refuse answers 500 for a reply that cannot be sent, and logs why."},
		callMethod("refuse", []jen.Code{jen.Id("reason").String()}, nil,
			jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelError"), jen.Lit("server reply refused"), httpStatus("InternalServerError"), jen.Qual(pkgSlog, "String").Call(jen.Lit("reason"), jen.Id("reason"))),
			jen.Qual(pkgHTTP, "Error").Call(jen.Id("c").Dot("w"), jen.Qual(pkgHTTP, "StatusText").Call(httpStatus("InternalServerError")), httpStatus("InternalServerError")),
		))
}

// genLog declares srvCall.log.
func genLog(f *jen.File) {
	emit.Decl(f, []string{"log records one event of the call with the operation, status and duration."},
		callMethod("log", []jen.Code{jen.Id("level").Qual(pkgSlog, "Level"), jen.Id("msg").String(), jen.Id("status").Int(), jen.Id("attrs").Op("...").Qual(pkgSlog, "Attr")}, nil,
			jen.Id("l").Op(":=").Id("c").Dot("cfg").Dot("logger"),
			jen.Id("ctx").Op(":=").Id("c").Dot("r").Dot("Context").Call(),
			jen.If(jen.Id("l").Op("==").Nil().Op("||").Op("!").Id("l").Dot("Enabled").Call(jen.Id("ctx"), jen.Id("level"))).Block(ret()),
			jen.Id("all").Op(":=").Index().Qual(pkgSlog, "Attr").Values(
				jen.Qual(pkgSlog, "String").Call(jen.Lit("operation"), jen.Id("c").Dot("op").Dot("name")),
				jen.Qual(pkgSlog, "String").Call(jen.Lit("method"), jen.Id("c").Dot("r").Dot("Method")),
				jen.Qual(pkgSlog, "Int").Call(jen.Lit("status"), jen.Id("status")),
				jen.Qual(pkgSlog, "Duration").Call(jen.Lit("duration"), jen.Qual(pkgTime, "Since").Call(jen.Id("c").Dot("start"))),
			),
			jen.Id("l").Dot("LogAttrs").Call(jen.Id("ctx"), jen.Id("level"), jen.Id("msg"), jen.Append(jen.Id("all"), jen.Id("attrs").Op("...")).Op("...")),
		))
}
