package emit

import (
	"fmt"
	"strings"
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// pkgCodebook is the runtime package whose retry and reconcile engine the
// transaction descriptions plug into.
const pkgCodebook = "github.com/codebookgen/codebook"

// safeOp is a money-moving operation that the engine can run: its
// reference field, its lookup operation and the lookup's reference
// parameter, resolved in the IR.
type safeOp struct {
	op       *model.Operation
	refField *model.Field
	lookup   *model.Operation
	refParam *model.Param
	inFlight *inFlightOp // nil when the spec names no usable in-flight check
	// keyParam is the header parameter carrying the idempotency key
	// (x-codebook reference.header); nil when the provider honours none.
	keyParam *model.Param
}

// inFlightOp is the in-flight check of a safeOp: an operation with a
// required JSON struct body and no parameters, and the boolean field of its
// 2xx struct body that says a transaction is in progress.
type inFlightOp struct {
	op      *model.Operation
	pending *model.Field
}

// safeOps lists the operations that get a Transaction method: money-moving
// with x-codebook reference and lookup, a required JSON struct body with a
// string reference field, and a lookup whose reference parameter is a
// string. Others are left to the caller, with a warning from the build
// stage's link checks.
func (e *emitter) safeOps() []safeOp {
	byID, methods := map[string]*model.Operation{}, map[string]bool{}
	for _, op := range e.api.Operations {
		byID[op.ID], methods[op.Name] = op, true
	}
	var out []safeOp
	for _, op := range e.api.Operations {
		cb := op.Codebook
		if !e.codebook(op) || !cb.MoneyMoving || cb.Reference == nil || cb.Lookup == nil || methods[op.Name+"Transaction"] || methods[lookupRuleName(op)] {
			continue
		}
		s := safeOp{op: op, refField: bodyField(op, cb.Reference.Field), lookup: byID[cb.Lookup.Operation]}
		if s.lookup != nil && e.codebook(s.lookup) {
			s.refParam = stringParam(s.lookup, cb.Lookup.Param)
		}
		if s.refField != nil && s.refParam != nil {
			s.inFlight, s.keyParam = inFlightCheck(cb.InFlight, byID), headerParam(op, cb.Reference.Header)
			out = append(out, s)
		}
	}
	return out
}

// inFlightCheck resolves in to its operation and pending field; nil when
// there is none or it does not have the shape the engine can call.
func inFlightCheck(in *model.InFlight, byID map[string]*model.Operation) *inFlightOp {
	if in == nil {
		return nil
	}
	op := byID[in.Operation]
	if op == nil || op.ParamsType != "" || !jsonStructBody(op) || op.SuccessType == nil || op.SuccessRaw {
		return nil
	}
	if f := builtinField(*op.SuccessType, in.Pending, "bool"); f != nil {
		return &inFlightOp{op: op, pending: f}
	}
	return nil
}

// bodyField returns the string field of op's required JSON struct body
// that goes out as name.
func bodyField(op *model.Operation, name string) *model.Field {
	if !jsonStructBody(op) {
		return nil
	}
	return builtinField(op.Body.Type, name, "string")
}

// jsonStructBody reports whether op takes a required JSON struct body.
func jsonStructBody(op *model.Operation) bool {
	b := op.Body
	return b != nil && b.Required && b.Kind == model.BodyJSON && structType(b.Type) != nil
}

// builtinField returns the field of the struct r names that goes out as
// name with the builtin type builtin; nil when there is none.
func builtinField(r model.TypeRef, name, builtin string) *model.Field {
	t := structType(r)
	if t == nil {
		return nil
	}
	for _, f := range t.Fields {
		if f.JSONName == name && f.Type.Kind == model.RefBuiltin && f.Type.Builtin == builtin {
			return f
		}
	}
	return nil
}

// structType returns the struct type r names, through aliases; nil when r
// is no struct.
func structType(r model.TypeRef) *model.Type {
	for seen := 0; r.Kind == model.RefNamed && seen < 32; seen++ {
		switch t := r.Named; t.Kind {
		case model.KindStruct:
			return t
		case model.KindAlias:
			if t.Elem == nil {
				return nil
			}
			r = *t.Elem
		default:
			return nil
		}
	}
	return nil
}

// headerParam returns op's string header parameter called name (letter
// case ignored, as in HTTP); nil when name is "" or there is none, which
// the linker reports.
func headerParam(op *model.Operation, name string) *model.Param {
	if name == "" {
		return nil
	}
	for _, p := range op.Params {
		if p.In == model.InHeader && strings.EqualFold(p.Name, name) && p.Type.Kind == model.RefBuiltin && p.Type.Builtin == "string" {
			return p
		}
	}
	return nil
}

// stringParam returns op's string parameter called name.
func stringParam(op *model.Operation, name string) *model.Param {
	for _, p := range op.Params {
		if p.Name == name && p.Type.Kind == model.RefBuiltin && p.Type.Builtin == "string" {
			return p
		}
	}
	return nil
}

// safeFile declares one Transaction method per safeOp.
func (e *emitter) safeFile(f *jen.File) {
	for _, s := range e.safeOps() {
		decl(f, safeDoc(s), e.transactionMethod(s))
		decl(f, lookupRuleDoc(s, resolveLookup(s.op.Codebook.Lookup, s.lookup)), lookupRuleFunc(s, resultType(s.lookup)))
	}
}

func safeDoc(s safeOp) []string {
	cb := s.op.Codebook
	lines := []string{
		fmt.Sprintf("%sTransaction describes one %s call for the retry and reconcile engine", s.op.Name, s.op.Name),
		"(engine.Execute, engine.Wait). The " + cb.Reference.Field + " reference is created once when body",
		"carries none, begun in journal with the request's bytes before the first byte is sent, and sent",
		"on every attempt with the same bytes; each step is journaled before it is taken. After an unknown",
		"outcome the engine looks the transaction up with " + s.lookup.Name + ",",
		"by " + cb.Lookup.Param + " (lookup holds its other parameters), takes only the record holding the",
		"reference as the transaction's, and sends again only when two lookups a settle time apart prove it",
		resendClause(s),
	}
	if s.keyParam != nil {
		lines = append(lines, "", "The reference is the idempotency key too: it goes out in the "+s.keyParam.Name+" header on",
			"every send (params' "+s.keyParam.Field+" is replaced by it), and the transport lets no other key through.")
	}
	return lines
}

// resendClause ends the Transaction doc: what a resend after proven
// absence further needs.
func resendClause(s safeOp) string {
	switch {
	case s.op.Codebook.Reference.Deduplicated:
		return "absent (the provider refuses a reused reference). See SAFETY.md for the rules."
	case s.inFlight != nil:
		return "absent and " + s.inFlight.op.Name + " says nothing like it is in progress; otherwise it is flagged."
	}
	return "absent and Transaction.InFlight, when set, says nothing is in progress; otherwise it is flagged."
}

// transactionMethod spells
//
//	func (c *Client) TopUpTransaction(body TopUpRequest, lookup GetTransactionsParams,
//		journal journal.Journal) engine.Transaction[S, L]
func (e *emitter) transactionMethod(s safeOp) jen.Code {
	sent, found := resultType(s.op), resultType(s.lookup)
	txType := jen.Qual(pkgCodebook+"/engine", "Transaction").Types(sent, found)
	params := []jen.Code{}
	if s.op.ParamsType != "" {
		params = append(params, jen.Id("params").Id(s.op.ParamsType))
	}
	params = append(params, jen.Id("body").Add(bodyType(s.op.Body)), jen.Id("lookup").Id(s.lookup.ParamsType),
		jen.Id("journal").Qual(pkgCodebook+"/journal", "Journal"))
	return jen.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(s.op.Name+"Transaction").Params(params...).Add(txType).Block(
		jen.Id("withRef").Op(":=").Func().Params(jen.Id("ref").String()).Add(bodyType(s.op.Body)).Block(
			jen.Id("b").Op(":=").Id("body"),
			assignRef(jen.Id("b").Dot(s.refField.Name), s.refField.Pointer),
			jen.Return(jen.Id("b"))),
		jen.Id("tx").Op(":=").Add(txType).Values(jen.Dict{
			jen.Id("MaxReferenceLen"): jen.Lit(s.op.Codebook.Reference.MaxLength),
			jen.Id("Body"): jen.Func().Params(jen.Id("ref").String()).Params(jen.Index().Byte(), jen.Error()).Block(
				jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("withRef").Call(jen.Id("ref"))))),
			jen.Id("Send"):         e.sendFunc(s, sent),
			jen.Id("Lookup"):       e.lookupFunc(s, found),
			jen.Id("Journal"):      jen.Id("journal"),
			jen.Id("Operation"):    jen.Lit(operationName(s.op)),
			jen.Id("Settle"):       settle(s.op.Codebook.Lookup.Settle),
			jen.Id("Deduplicated"): jen.Lit(s.op.Codebook.Reference.Deduplicated),
			jen.Id("InFlight"):     inFlightFunc(s.inFlight),
		}),
		existingRef(s.refField),
		jen.Return(jen.Id("tx")))
}

// operationName names op in the journal: its operationId, or its Go name
// when it has none.
func operationName(op *model.Operation) string {
	if op.ID != "" {
		return op.ID
	}
	return op.Name
}

// resultType is the first result of op's method, or struct{} when it
// returns no body.
func resultType(op *model.Operation) *jen.Statement {
	if t := successExpr(op); t != nil {
		return t
	}
	return jen.Struct()
}

// assignRef sets target to the reference ref.
func assignRef(target *jen.Statement, pointer bool) jen.Code {
	if pointer {
		return target.Op("=").Op("&").Id("ref")
	}
	return target.Op("=").Id("ref")
}

// existingRef keeps a reference the caller already chose.
func existingRef(f *model.Field) jen.Code {
	ref := jen.Id("body").Dot(f.Name)
	if f.Pointer {
		return jen.If(ref.Clone().Op("!=").Nil()).Block(jen.Id("tx").Dot("Reference").Op("=").Op("*").Add(ref))
	}
	return jen.Id("tx").Dot("Reference").Op("=").Add(ref)
}

// sendFunc spells the engine's Send: the call with the reference, marked
// money-moving for the transport; for a provider honouring an idempotency
// header, the reference is the key too, in that header on every send and
// named to the transport (transport.WithIdempotencyKey), which lets no
// other through.
func (e *emitter) sendFunc(s safeOp, sent *jen.Statement) jen.Code {
	args := []jen.Code{jen.Qual(pkgCodebook+"/transport", "WithMoneyMoving").Call(jen.Id("ctx"))}
	var body []jen.Code
	if s.keyParam != nil {
		args[0] = jen.Qual(pkgCodebook+"/transport", "WithIdempotencyKey").Call(args[0], jen.Lit(s.keyParam.Name), jen.Id("ref"))
		body = append(body, jen.Id("p").Op(":=").Id("params"), assignRef(jen.Id("p").Dot(s.keyParam.Field), s.keyParam.Pointer))
		args = append(args, jen.Id("p"))
	} else if s.op.ParamsType != "" {
		args = append(args, jen.Id("params"))
	}
	args = append(args, jen.Id("withRef").Call(jen.Id("ref")))
	call := jen.Id("c").Dot(s.op.Name).Call(args...)
	if successExpr(s.op) == nil {
		body = append(body, jen.List(jen.Id("rr"), jen.Err()).Op(":=").Add(call),
			jen.Return(jen.Struct().Values(), jen.Id("rr"), jen.Err()))
	} else {
		body = append(body, jen.List(jen.Id("out"), jen.Id("rr"), jen.Err()).Op(":=").Add(call),
			jen.Return(jen.Id("out"), jen.Id("rr"), jen.Err()))
	}
	return jen.Func().Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("ref").String(), jen.Id("_").Index().Byte()).
		Params(sent, jen.Qual(pkgCodebook, "Classified"), jen.Error()).Block(body...)
}

// lookupFunc spells the engine's Lookup: the lookup call by reference,
// read with the spec's lookup rule.
func (e *emitter) lookupFunc(s safeOp, found *jen.Statement) jen.Code {
	value := jen.Id("out")
	call := jen.Id("c").Dot(s.lookup.Name).Call(jen.Id("ctx"), jen.Id("p"))
	get := jen.List(jen.Id("out"), jen.Id("rr"), jen.Err()).Op(":=").Add(call)
	if successExpr(s.lookup) == nil {
		value = jen.Struct().Values()
		get = jen.List(jen.Id("rr"), jen.Err()).Op(":=").Add(call)
	}
	fields := jen.Dict{
		jen.Id("Reference"): jen.Id("ref"),
		jen.Id("Value"):     value, jen.Id("Status"): jen.Id("rr").Dot("Status"),
		jen.Id("Class"): jen.Id("rr").Dot("Class"), jen.Id("Err"): jen.Err(),
		jen.Id("Specific"): jen.Id("rr").Dot("Entry").Dot("HasCode").Call().Op("||").Id("rr").Dot("Entry").Dot("Message").Call().Op("!=").Lit(""),
	}
	addLookupBody(fields, s.op.Codebook.Lookup)
	if lk := s.op.Codebook.Lookup; lk.Records != "" && lk.Code == "" {
		// An empty list the decoded value drops (omitempty) is read in it.
		fields[jen.Id("Body")] = jen.Id("rr").Dot("Snippet")
	}
	answer := jen.Qual(pkgCodebook+"/engine", "LookupAnswer").Types(found).Values(fields)
	return jen.Func().Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("ref").String()).
		Params(jen.Qual(pkgCodebook+"/engine", "Looked").Types(found), jen.Error()).Block(
		jen.Id("p").Op(":=").Id("lookup"),
		assignRef(jen.Id("p").Dot(s.refParam.Field), s.refParam.Pointer),
		get,
		jen.Return(jen.Qual(pkgCodebook+"/engine", "InterpretLookup").Call(jen.Id("c").Dot(lookupRuleName(s.op)).Call(), answer)))
}

// inFlightFunc spells the engine's InFlight: the check's body projected
// from the call's own (same JSON names, every one present), the check
// made, and its pending field read; nil when there is no check.
//
//	func(ctx context.Context, ref string) (bool, error) {
//		var q InFlightCheckRequest
//		if err := codebookimpl.ProjectJSON(withRef(ref), &q); err != nil { return false, err }
//		out, rr, err := c.InFlightTransactionCheck(ctx, q)
//		if err != nil || rr.Class.Outcome != codebook.OutcomeSuccess || out == nil || out.Pending == nil {
//			return false, errors.Join(codebook.ErrInFlightInconclusive, err)
//		}
//		return *out.Pending, nil
//	}
func inFlightFunc(in *inFlightOp) jen.Code {
	if in == nil {
		return jen.Nil()
	}
	pending := jen.Id("out").Dot(in.pending.Name)
	bad := []jen.Code{jen.Err().Op("!=").Nil(), jen.Id("rr").Dot("Class").Dot("Outcome").Op("!=").Qual(pkgCodebook, "OutcomeSuccess"),
		jen.Id("out").Op("==").Nil()}
	value := pending.Clone()
	if in.pending.Pointer {
		bad = append(bad, pending.Clone().Op("==").Nil())
		value = jen.Op("*").Add(pending.Clone())
	}
	cond := bad[0]
	for _, c := range bad[1:] {
		cond = jen.Add(cond).Op("||").Add(c)
	}
	return jen.Func().Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("ref").String()).Params(jen.Bool(), jen.Error()).Block(
		jen.Var().Id("q").Add(ptrExpr(in.op.Body.Type, false)),
		jen.If(jen.Err().Op(":=").Qual(pkgCodebook+"/codebookimpl", "ProjectJSON").Call(jen.Id("withRef").Call(jen.Id("ref")), jen.Op("&").Id("q")),
			jen.Err().Op("!=").Nil()).Block(jen.Return(jen.False(), jen.Err())),
		jen.List(jen.Id("out"), jen.Id("rr"), jen.Err()).Op(":=").Id("c").Dot(in.op.Name).Call(jen.Id("ctx"), jen.Id("q")),
		jen.If(cond).Block(jen.Return(jen.False(), jen.Qual("errors", "Join").Call(jen.Qual(pkgCodebook, "ErrInFlightInconclusive"), jen.Err()))),
		jen.Return(value, jen.Nil()))
}

// settle spells the spec's settle time as a time.Duration expression; 0
// (the engine's DefaultSettle) when the spec declares none.
func settle(d time.Duration) jen.Code {
	if d == 0 {
		return jen.Lit(0)
	}
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}} {
		if d%u.unit == 0 {
			return jen.Lit(int(d/u.unit)).Op("*").Qual("time", u.name)
		}
	}
	return jen.Qual("time", "Duration").Call(jen.Lit(int64(d)))
}

// outcomeName is the Go suffix of an outcome's constant; link.Check has
// refused unknown outcomes, which fall back to Uncertain here.
func outcomeName(o string) string {
	switch o {
	case "success":
		return "Success"
	case "failed":
		return "Failed"
	case "pending":
		return "Pending"
	}
	return "Uncertain"
}
