package server

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/emit"
)

// genStore declares ServerRecord, ServerReplayStore and the memory store.
func genStore(f *jen.File) {
	emit.Decl(f, []string{
		"ServerRecord is the answer a handler sent to a request it answers once, as a ServerReplayStore",
		"keeps it.",
	}, jen.Type().Id("ServerRecord").Struct(
		jen.Comment("Fingerprint is the hex SHA-256 of the request body in canonical JSON (keys sorted, no"),
		jen.Comment("spaces): a repeat under the same key with another fingerprint is refused with 409."),
		jen.Id("Fingerprint").String(),
		jen.Comment("Status is the HTTP status of the answer."),
		jen.Id("Status").Int(),
		jen.Comment("Body is the JSON body of the answer; nil for none."),
		jen.Id("Body").Index().Byte(),
	))
	emit.Decl(f, []string{
		"ServerReplayStore keeps the answers of the requests a handler answers once per key (see",
		"NewServerHandler for the operations and their keys). The handler calls Get before the",
		"implementation, and Put with its answer before sending it; keys are at most a few dozen bytes of",
		"ASCII. Get and Put are called concurrently, never for the same key at once within one handler;",
		"handlers in several processes sharing one store are not serialized by it. Records must outlive",
		"the provider's retries (Clickatell's are configured per funding source).",
	}, jen.Type().Id("ServerReplayStore").Interface(
		jen.Comment("Get returns the record kept under key, and false when there is none. An error is"),
		jen.Comment("answered with 503 and the implementation is not called."),
		jen.Id("Get").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("key").String()).Params(jen.Id("ServerRecord"), jen.Bool(), jen.Error()),
		jen.Line(),
		jen.Comment("Put keeps rec under key. An error is logged and the answer sent anyway: a later repeat"),
		jen.Comment("may then reach the implementation again."),
		jen.Id("Put").Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("key").String(), jen.Id("rec").Id("ServerRecord")).Error(),
	))
	emit.Decl(f, []string{
		"ServerMemoryStore is a ServerReplayStore in memory, safe for concurrent use: for tests, and for",
		"a single process that may forget its records when it stops. Nothing expires.",
	}, jen.Type().Id("ServerMemoryStore").Struct(
		jen.Id("mu").Qual(pkgSync, "Mutex"),
		jen.Id("records").Map(jen.String()).Id("ServerRecord"),
	))
	emit.Decl(f, []string{"NewServerMemoryStore returns an empty ServerMemoryStore."},
		jen.Func().Id("NewServerMemoryStore").Params().Op("*").Id("ServerMemoryStore").Block(
			ret(jen.Op("&").Id("ServerMemoryStore").Values(jen.Dict{jen.Id("records"): jen.Map(jen.String()).Id("ServerRecord").Values()}))))
	memMethod := func(name string, params, results []jen.Code, body ...jen.Code) *jen.Statement {
		body = append([]jen.Code{
			jen.Id("s").Dot("mu").Dot("Lock").Call(),
			jen.Defer().Id("s").Dot("mu").Dot("Unlock").Call(),
		}, body...)
		return jen.Func().Params(jen.Id("s").Op("*").Id("ServerMemoryStore")).Id(name).Params(params...).Params(results...).Block(body...)
	}
	emit.Decl(f, []string{"Get returns a copy of the record kept under key."},
		memMethod("Get", []jen.Code{jen.Id("_").Qual(pkgContext, "Context"), jen.Id("key").String()},
			[]jen.Code{jen.Id("ServerRecord"), jen.Bool(), jen.Error()},
			jen.List(jen.Id("rec"), jen.Id("ok")).Op(":=").Id("s").Dot("records").Index(jen.Id("key")),
			jen.Id("rec").Dot("Body").Op("=").Qual(pkgBytes, "Clone").Call(jen.Id("rec").Dot("Body")),
			ret(jen.Id("rec"), jen.Id("ok"), jen.Nil())))
	emit.Decl(f, []string{"Put keeps a copy of rec under key."},
		memMethod("Put", []jen.Code{jen.Id("_").Qual(pkgContext, "Context"), jen.Id("key").String(), jen.Id("rec").Id("ServerRecord")},
			[]jen.Code{jen.Error()},
			jen.Id("rec").Dot("Body").Op("=").Qual(pkgBytes, "Clone").Call(jen.Id("rec").Dot("Body")),
			jen.Id("s").Dot("records").Index(jen.Id("key")).Op("=").Id("rec"),
			ret(jen.Nil())))
}

// genReplay declares srvHandler.once, srvHandler.claim and srvReplayKey.
func genReplay(f *jen.File) {
	emit.Decl(f, []string{
		"once answers a request of an operation answered once per key: a repeat of an answered request",
		"gets the recorded answer, a repeat with another body under the same reference 409, and serve",
		"(which calls the implementation and answers) runs only for a request not answered yet, while",
		"no other request of the same key runs. c records the answer serve sends (see write).",
	}, jen.Func().Params(jen.Id("h").Op("*").Id("srvHandler")).Id("once").
		Params(jen.Id("c").Op("*").Id("srvCall"), jen.Id("data").Index().Byte(), jen.Id("serve").Func().Params()).Block(
		jen.List(jen.Id("key"), jen.Id("fp"), jen.Err()).Op(":=").Id("srvReplayKey").Call(jen.Id("c").Dot("op"), jen.Id("c").Dot("r").Dot("URL").Dot("Path"), jen.Id("data")),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("BadRequest"), jen.Lit("request body is not JSON of the documented shape")), ret()),
		jen.Id("ctx").Op(":=").Id("c").Dot("r").Dot("Context").Call(),
		jen.List(jen.Id("release"), jen.Id("ok")).Op(":=").Id("h").Dot("claim").Call(jen.Id("ctx"), jen.Id("key")),
		jen.If(jen.Op("!").Id("ok")).Block(
			jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelDebug"), httpStatus("ServiceUnavailable"), jen.Lit("request canceled while a repeat of it was served")), ret()),
		jen.Defer().Id("release").Call(),
		jen.List(jen.Id("rec"), jen.Id("found"), jen.Err()).Op(":=").Id("h").Dot("cfg").Dot("store").Dot("Get").Call(jen.Id("ctx"), jen.Id("key")),
		jen.Switch().Block(
			jen.Case(jen.Err().Op("!=").Nil()).Block(
				jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelError"), jen.Lit("replay store failed"), httpStatus("ServiceUnavailable"), jen.Qual(pkgSlog, "Any").Call(jen.Lit("error"), jen.Err())),
				jen.Qual(pkgHTTP, "Error").Call(jen.Id("c").Dot("w"), jen.Qual(pkgHTTP, "StatusText").Call(httpStatus("ServiceUnavailable")), httpStatus("ServiceUnavailable"))),
			jen.Case(jen.Id("found").Op("&&").Id("rec").Dot("Fingerprint").Op("!=").Id("fp")).Block(
				jen.Id("c").Dot("reject").Call(jen.Qual(pkgSlog, "LevelWarn"), httpStatus("Conflict"), jen.Lit("request repeats the reference of an earlier request with another body"))),
			jen.Case(jen.Id("found")).Block(
				jen.Id("c").Dot("log").Call(jen.Qual(pkgSlog, "LevelDebug"), jen.Lit("repeated request answered from the replay store"), jen.Id("rec").Dot("Status")),
				jen.Id("c").Dot("write").Call(jen.Id("rec").Dot("Status"), jen.Id("rec").Dot("Body"))),
			jen.Default().Block(
				jen.List(jen.Id("c").Dot("key"), jen.Id("c").Dot("fingerprint")).Op("=").List(jen.Id("key"), jen.Id("fp")),
				jen.Id("serve").Call()),
		),
	))
	emit.Decl(f, []string{
		"claim waits until no other request of key runs in this handler, then marks key running until",
		"release is called. It returns ok false when ctx ends first.",
	}, jen.Func().Params(jen.Id("h").Op("*").Id("srvHandler")).Id("claim").
		Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("key").String()).
		Params(jen.Id("release").Func().Params(), jen.Id("ok").Bool()).Block(
		jen.For().Block(
			jen.Id("h").Dot("mu").Dot("Lock").Call(),
			jen.List(jen.Id("busy"), jen.Id("running")).Op(":=").Id("h").Dot("running").Index(jen.Id("key")),
			jen.If(jen.Op("!").Id("running")).Block(
				jen.Id("done").Op(":=").Make(jen.Chan().Struct()),
				jen.Id("h").Dot("running").Index(jen.Id("key")).Op("=").Id("done"),
				jen.Id("h").Dot("mu").Dot("Unlock").Call(),
				ret(jen.Func().Params().Block(
					jen.Id("h").Dot("mu").Dot("Lock").Call(),
					jen.Delete(jen.Id("h").Dot("running"), jen.Id("key")),
					jen.Id("h").Dot("mu").Dot("Unlock").Call(),
					jen.Close(jen.Id("done")),
				), jen.True()),
			),
			jen.Id("h").Dot("mu").Dot("Unlock").Call(),
			jen.Select().Block(
				jen.Case(jen.Op("<-").Id("busy")).Comment("the other request is done: look again"),
				jen.Case(jen.Op("<-").Id("ctx").Dot("Done").Call()).Block(ret(jen.Nil(), jen.False())),
			),
		),
	))
	emit.Decl(f, []string{
		"srvReplayKey returns the key under which a request of op to path with body data is answered",
		"once, and the fingerprint of the body. The key is the operation's name and a SHA-256 of path and",
		"either the value of op.reference, the body property that identifies the request, or the whole",
		"body when op names none or the body lacks it. Both are computed on canonical JSON (keys sorted,",
		"no spaces, strings re-escaped), so a repeat that differs only in spelling is the same request.",
	}, jen.Func().Id("srvReplayKey").Params(jen.Id("op").Op("*").Id("srvOperation"), jen.Id("path").String(), jen.Id("data").Index().Byte()).
		Params(jen.List(jen.Id("key"), jen.Id("fingerprint")).String(), jen.Err().Error()).Block(
		jen.Var().Id("v").Any(),
		jen.If(jen.Len(jen.Qual(pkgBytes, "TrimSpace").Call(jen.Id("data"))).Op(">").Lit(0)).Block(
			jen.Id("dec").Op(":=").Qual(pkgJSON, "NewDecoder").Call(jen.Qual(pkgBytes, "NewReader").Call(jen.Id("data"))),
			jen.Id("dec").Dot("UseNumber").Call(),
			jen.If(jen.Err().Op(":=").Id("dec").Dot("Decode").Call(jen.Op("&").Id("v")), jen.Err().Op("!=").Nil()).Block(ret(jen.Lit(""), jen.Lit(""), jen.Err())),
		),
		jen.List(jen.Id("canon"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
		jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Lit(""), jen.Lit(""), jen.Err())),
		jen.Id("id").Op(":=").Lit("body\x00").Op("+").String().Call(jen.Id("canon")),
		jen.If(jen.List(jen.Id("obj"), jen.Id("ok")).Op(":=").Id("v").Assert(jen.Map(jen.String()).Any()), jen.Id("ok").Op("&&").Id("op").Dot("reference").Op("!=").Lit("")).Block(
			jen.If(jen.Id("ref").Op(":=").Id("obj").Index(jen.Id("op").Dot("reference")), jen.Id("ref").Op("!=").Nil()).Block(
				jen.List(jen.Id("raw"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("ref")),
				jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Lit(""), jen.Lit(""), jen.Err())),
				jen.Id("id").Op("=").Lit("reference\x00").Op("+").String().Call(jen.Id("raw")),
			),
		),
		jen.Id("sum").Op(":=").Qual(pkgSHA256, "Sum256").Call(jen.Id("canon")),
		jen.Id("k").Op(":=").Qual(pkgSHA256, "Sum256").Call(jen.Index().Byte().Call(jen.Id("path").Op("+").Lit("\x00").Op("+").Id("id"))),
		ret(jen.Id("op").Dot("name").Op("+").Lit(":").Op("+").Qual(pkgHex, "EncodeToString").Call(jen.Id("k").Index(jen.Empty(), jen.Empty())),
			jen.Qual(pkgHex, "EncodeToString").Call(jen.Id("sum").Index(jen.Empty(), jen.Empty())), jen.Nil()),
	))
}
