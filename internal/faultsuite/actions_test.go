package faultsuite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/engine"
)

// actionsFile is the checked-in table of TestActionPerCode.
var actionsFile = filepath.Join("testdata", "actions.md")

// vclock is an engine Clock whose Sleep returns at once, moving the time
// on: the default policy (250 ms backoff, 1 s to 15 s polls, 5 min MaxWait)
// runs in milliseconds. It records the sleeps of Execute.
type vclock struct {
	mu  sync.Mutex
	now time.Time
	rec *recorder
}

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *vclock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	c.rec.add(event{kind: "sleep", d: d})
	return nil
}

// event is one step the engine took.
type event struct {
	kind    string // send, lookup, sleep
	d       time.Duration
	state   engine.LookupState
	outcome codebook.Outcome
}

// answer is one response the client received, classified the way the
// generated operation classifies it.
type answer struct {
	role  string // send or lookup
	entry string // the row matched, by name ("" for none)
	body  []byte
}

// recorder records a run: the steps of Execute, those of Wait, the bytes
// and references sent, and the answers received.
type recorder struct {
	mu      sync.Mutex
	waiting bool
	exec    []event
	wait    []event
	refs    []string
	bodies  [][]byte
	answers []answer
}

func (r *recorder) add(e event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.waiting {
		r.wait = append(r.wait, e)
	} else {
		r.exec = append(r.exec, e)
	}
}

// hook returns a response hook that classifies every answer with classify
// (by request path) and records it; the body is put back for the client.
func (r *recorder) hook(classify func(req *http.Request, status int, h http.Header, body []byte) (role, entry string)) func(*http.Response) error {
	return func(resp *http.Response) error {
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return nil
		}
		role, entry := classify(resp.Request, resp.StatusCode, resp.Header, body)
		if role == "" {
			return nil
		}
		r.mu.Lock()
		r.answers = append(r.answers, answer{role: role, entry: entry, body: body})
		r.mu.Unlock()
		return nil
	}
}

// first returns the first answer of role.
func (r *recorder) first(role string) (answer, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, a := range r.answers {
		if a.role == role {
			return a, true
		}
	}
	return answer{}, false
}

// instrument wraps tx so that its sends and lookups are recorded.
func instrument[S, L any](rec *recorder, tx engine.Transaction[S, L]) engine.Transaction[S, L] {
	send, lookup := tx.Send, tx.Lookup
	tx.Send = func(ctx context.Context, ref string, body []byte) (S, codebook.Classified, error) {
		rec.add(event{kind: "send"})
		rec.mu.Lock()
		rec.refs = append(rec.refs, ref)
		rec.bodies = append(rec.bodies, append([]byte(nil), body...))
		rec.mu.Unlock()
		return send(ctx, ref, body)
	}
	tx.Lookup = func(ctx context.Context, ref string) (engine.Looked[L], error) {
		lk, err := lookup(ctx, ref)
		st := lk.State
		if err != nil || st > engine.LookupFound {
			st = engine.LookupInconclusive
		}
		rec.add(event{kind: "lookup", state: st, outcome: lk.Class.Outcome})
		return lk, err
	}
	return tx
}

// obs is what one run showed.
type obs struct {
	ref        string
	outcome    codebook.Outcome // after Execute
	final      codebook.Outcome // after Wait, when Execute's was not final
	waited     bool
	retryAfter time.Duration
	exec, wait []event
	ledger     string // the ledger's state of ref at the end: SUCCESS, FAILED, PENDING, ABSENT
	lost       string // what the caller was told against the ledger, when they disagree
}

// observe runs tx through Execute, and Wait when the outcome is not final,
// with the default policy on a virtual clock; it checks on the way that
// every send carried the same reference and the same bytes, and that what
// the caller is told agrees with the ledger.
func observe[S, L any](t *testing.T, what string, rec *recorder, tx engine.Transaction[S, L], ledger func(ref string) string) obs {
	t.Helper()
	clock := &vclock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), rec: rec}
	eng := engine.NewEngine(engine.Policy{Clock: clock, Rand: func() float64 { return 0.5 }})
	ctx := context.Background()
	tx = instrument(rec, tx)
	s, err := engine.Execute(ctx, eng, tx)
	var o obs
	o.ref, o.retryAfter = s.Reference, s.RetryAfter
	var te *engine.TransactionError
	switch {
	case err == nil:
		o.outcome = codebook.OutcomeSuccess
	case errors.As(err, &te):
		o.outcome = te.Class.Outcome
	default:
		t.Fatalf("%s: Execute: %v", what, err)
	}
	o.final = o.outcome
	if !o.outcome.IsFinal() {
		o.waited = true
		rec.mu.Lock()
		rec.waiting = true
		rec.mu.Unlock()
		_, err := engine.Wait(ctx, eng, s.Reference, tx.Lookup)
		switch {
		case err == nil:
			o.final = codebook.OutcomeSuccess
		case errors.As(err, &te):
			o.final = te.Class.Outcome
		default:
			t.Fatalf("%s: Wait: %v", what, err)
		}
	}
	rec.mu.Lock()
	o.exec, o.wait = rec.exec, rec.wait
	for i := range rec.bodies {
		if rec.refs[i] != rec.refs[0] || !bytes.Equal(rec.bodies[i], rec.bodies[0]) {
			t.Errorf("%s: send %d carried %q and %d bytes, send 1 %q and %d bytes: a resend must repeat the reference and the bytes",
				what, i+1, rec.refs[i], len(rec.bodies[i]), rec.refs[0], len(rec.bodies[0]))
		}
	}
	rec.mu.Unlock()
	o.ledger = ledger(o.ref)
	switch {
	case o.final == codebook.OutcomeSuccess && o.ledger != "SUCCESS":
		o.lost = "told success, the ledger says " + o.ledger
	case o.final == codebook.OutcomeFailed && (o.ledger == "SUCCESS" || o.ledger == "PENDING"):
		o.lost = "told failed, the ledger says " + o.ledger
	}
	if strings.HasSuffix(what, contradicting) {
		// The fake was told to answer against its own ledger: a
		// disagreement is the script's, not the client's.
		o.lost = ""
	}
	if o.lost != "" {
		lostRuns.add(what, o.lost)
	}
	return o
}

// contradicting ends the name of a run whose lookups answer a row of the
// lookup's own table that states the transaction's fate (Clickatell 2010
// "Insufficient funds": the purchase failed) while the ledger holds it
// SUCCESS: the client must believe the provider, so the ledger is not
// checked. Generic statuses (http_status rows) state nothing about the
// transaction: their runs are checked.
const contradicting = " (the lookup contradicts the ledger)"

// lost records the runs where the caller was told something the ledger
// contradicts; TestActionPerCode fails on any but knownLost.
type lostLog struct {
	mu   sync.Mutex
	runs map[string]string
}

func (l *lostLog) add(what, why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.runs == nil {
		l.runs = map[string]string{}
	}
	l.runs[what] = why
}

var lostRuns lostLog

// knownLost are the runs that lose money today because of a bug outside
// this package, each with the bug. TestActionPerCode fails when one of
// them stops losing money (remove it then) and on any other loss.
var knownLost = map[string]string{}

// lookupText describes what a lookup proved.
func lookupText(e event) string {
	switch e.state {
	case engine.LookupFound:
		return "found " + strings.ToUpper(e.outcome.String())
	case engine.LookupNotFound:
		return "not found"
	}
	return "inconclusive"
}

// narrate describes what the engine did from events on: lookups (runs of
// equal ones counted), a resend (where the description stops: the next
// answer is another row's), or the outcome it returned and what Wait made
// of it.
func narrate(o obs, events []event) string {
	var groups []step
	var pending time.Duration
	for i, e := range events {
		switch e.kind {
		case "sleep":
			pending = e.d
		case "lookup":
			if k := len(groups) - 1; k >= 0 && groups[k].text == lookupText(e) {
				groups[k].n++
			} else {
				groups = append(groups, step{text: lookupText(e), n: 1})
			}
			pending = 0
		case "send":
			text := "resend, same reference and bytes"
			if pending > 0 {
				text += " after " + pending.String()
			}
			if !hasLookup(events[:i]) {
				text += ", no lookup"
			}
			groups = append(groups, step{text: text})
			return joinGroups(groups)
		}
	}
	end := o.outcome.String()
	switch {
	case o.outcome == codebook.OutcomeFailed && o.retryAfter > 0:
		end = fmt.Sprintf("failed, no resend; RetryAfter %s handed to the caller", o.retryAfter)
	case o.outcome == codebook.OutcomeFailed:
		end = "failed, no resend"
	case o.outcome == codebook.OutcomeUncertain:
		end = "uncertain, no resend"
	}
	s := joinGroups(append(groups, step{text: end}))
	if o.waited {
		s += "; Wait: " + waitText(o)
	}
	if o.lost != "" {
		s += " — LOST: " + o.lost
	}
	return s
}

// step is one step of narrate: a run of n equal lookups, or (n 0) a
// resend or the end.
type step struct {
	text string
	n    int
}

// joinGroups joins the steps of narrate.
func joinGroups(steps []step) string {
	parts := make([]string, len(steps))
	for i, g := range steps {
		switch {
		case g.n == 0:
			parts[i] = g.text
		case g.n == 1:
			parts[i] = "lookup: " + g.text
		default:
			parts[i] = fmt.Sprintf("lookup ×%d: %s", g.n, g.text)
		}
	}
	return strings.Join(parts, " → ")
}

func hasLookup(events []event) bool {
	for _, e := range events {
		if e.kind == "lookup" {
			return true
		}
	}
	return false
}

// waitText describes what Wait saw last and returned.
func waitText(o obs) string {
	last := "no lookup"
	for _, e := range o.wait {
		if e.kind == "lookup" {
			last = lookupText(e)
		}
	}
	if o.final.IsFinal() {
		return fmt.Sprintf("%s → %s", last, o.final.String())
	}
	return fmt.Sprintf("%s until MaxWait → %s, flagged for reconciliation", last, o.final.String())
}

// after returns the events after the first send: what the engine did with
// the first answer.
func after(events []event) []event {
	for i, e := range events {
		if e.kind == "send" {
			return events[i+1:]
		}
	}
	return events
}

// sendAction describes the action on a row answered to the first send,
// from its natural run and, when the engine looked the transaction up,
// from a run where the provider has the transaction (hasIt) and one where
// it has not (hasNot).
func sendAction(natural obs, hasIt, hasNot func() obs) string {
	if !hasLookup(natural.exec) {
		ev := after(natural.exec)
		if len(ev) == 0 {
			switch natural.outcome {
			case codebook.OutcomeSuccess:
				return "success: done"
			case codebook.OutcomePending:
				return "pending: no resend; Wait: " + waitText(natural)
			}
		}
		return narrate(natural, ev)
	}
	a, b := hasIt(), hasNot()
	return "provider has it: " + narrate(a, after(a.exec)) + " | has it not: " + narrate(b, after(b.exec))
}

// lookupAction describes the action on a row answered to the lookup.
func lookupAction(o obs) string {
	for i, e := range o.exec {
		if e.kind == "lookup" {
			return narrate(o, o.exec[i:])
		}
	}
	return "no lookup made"
}

// actionRow is one line of the table.
type actionRow struct {
	provider, operation, table, code, message, class, action string
}

// rowEntry is what the table needs of a generated Entry.
type rowEntry interface {
	HasCode() bool
	HTTPStatus() int
	Message() string
	Description() string
	Class() codebook.Class
}

// codeText is how the table shows a row's code.
func codeText[C fmt.Stringer](e rowEntry, code C) string {
	switch {
	case e.HasCode() && e.HTTPStatus() != 0:
		return fmt.Sprintf("%s (HTTP %d)", code, e.HTTPStatus())
	case e.HasCode():
		return code.String()
	case e.HTTPStatus() != 0:
		return fmt.Sprintf("HTTP %d", e.HTTPStatus())
	}
	return "by message"
}

// messageText is the row's message, or its description, cut short.
func messageText(e rowEntry) string {
	m := e.Message()
	if m == "" {
		m = e.Description()
	}
	m = strings.Join(strings.Fields(m), " ")
	if r := []rune(m); len(r) > 70 {
		m = string(r[:69]) + "…"
	}
	return m
}

// renderActions renders the table as Markdown.
func renderActions(rows []actionRow) string {
	var b strings.Builder
	b.WriteString("# What the client does on every documented code\n\n")
	b.WriteString("Generated by TestActionPerCode (internal/faultsuite); rewrite with\n`go test ./internal/faultsuite -run TestActionPerCode -update`.\n\n")
	b.WriteString("Each action is observed, not copied from the classification: the engine (engine.Execute, then\n")
	b.WriteString("engine.Wait when the outcome is not final) runs with the default Policy on a virtual clock\n")
	b.WriteString("(jitter fixed at one half) against the provider fake scripted to answer the row. For a row of a\n")
	b.WriteString("money-moving operation the row answers the first send; when the engine then looks the transaction\n")
	b.WriteString("up, the action is given for a provider that has the transaction (written, SUCCESS) and for one\n")
	b.WriteString("that has it not. For a row of a lookup the first send is answered HTTP 500 (uncertain), once with\n")
	b.WriteString("the transaction written SUCCESS and once with nothing written, and the lookups answer the row until\n")
	b.WriteString("the engine resends; where a coded row of the lookup's own table states the transaction's fate\n")
	b.WriteString("against a ledger holding it SUCCESS, the client must believe the provider and that run is not\n")
	b.WriteString("checked against the ledger (generic http_status rows are). For a row of Transact Result or\n")
	b.WriteString("Reserve Funds (the funding source's codes) the purchase is answered 0000 and ends with the row,\n")
	b.WriteString("which the lookups show. A description stops at a resend: the next answer is another row's. Every\n")
	b.WriteString("run also checks that each send repeats the reference and the bytes, and that what the caller is\n")
	b.WriteString("told agrees with the fake's ledger.\n\n")
	b.WriteString("The transactions run as generated. Click Airtime's (Settle 30 s, duplicates refused with 90) are resent\n")
	b.WriteString("only after two not-found lookups, the second 30 s after the send. Clickatell's documents no answer to a\n")
	b.WriteString("reused clientTxnRef; its generated transactions ask the In-Flight Transaction Check before a resend,\n")
	b.WriteString("after two not-found lookups the second 2 min (its settle time) after the send: the default Deadline\n")
	b.WriteString("stretches to leave room for it.\n\n")
	b.WriteString("| provider | operation | table | code | message | class | action |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	esc := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.provider, r.operation, r.table, esc(r.code), esc(r.message), r.class, esc(r.action))
	}
	return b.String()
}

// TestActionPerCode builds the table of actions (see renderActions) for
// every row of the tables the money-moving operations and their lookups
// use, and compares it with testdata/actions.md; -update rewrites the file.
func TestActionPerCode(t *testing.T) {
	rows := append(clickAirtimeActions(t), clickatellActions(t)...)
	got := renderActions(rows)
	summary := map[string]int{}
	for _, r := range rows {
		summary[strings.SplitN(r.class, "/", 2)[0]]++
	}
	figures(t, "actions: rows=%d (%s) by class outcome %s", len(rows), actionsFile, kinds(stringKeys(summary)))
	lostRuns.mu.Lock()
	for what, why := range lostRuns.runs {
		if bug, ok := knownLost[what]; ok {
			t.Logf("KNOWN BUG, money lost: %s: %s (%s)", what, why, bug)
			continue
		}
		t.Errorf("money lost: %s: %s", what, why)
	}
	for what := range knownLost {
		if _, ok := lostRuns.runs[what]; !ok {
			t.Errorf("%s no longer loses money: remove it from knownLost", what)
		}
	}
	figures(t, "actions: runs that lose money: %d (known bugs %d)", len(lostRuns.runs), len(knownLost))
	lostRuns.mu.Unlock()
	if *update {
		if err := os.WriteFile(actionsFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(actionsFile)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := 0; i < max(len(wl), len(gl)); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Errorf("%s line %d:\n  checked in: %s\n  observed:   %s", actionsFile, i+1, w, g)
			}
		}
		t.Errorf("the engine's actions differ from %s: review the change, then rewrite it with -update", actionsFile)
	}
}
