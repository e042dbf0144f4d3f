package engine_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	cbengine "github.com/codebookgen/codebook/engine"
	"github.com/codebookgen/codebook/journal"
)

// recJournal is a journal.Memory that logs every write the engine makes
// ("created", "sending #1", "answered #1 failed", "uncertain",
// "succeeded"…) and can fail the failAt-th write (Begin is the first).
type recJournal struct {
	journal.Memory
	failAt  int
	failErr error
	// onWrite, when set, runs before each write with its name.
	onWrite func(name string)

	mu     sync.Mutex
	begun  map[string]bool // the references begun
	writes int
	names  []string // the writes that were accepted
	steps  []journal.Step
}

// stepName names a step in the log.
func stepName(s journal.Step) string {
	name := s.State.String()
	if s.Attempt > 0 {
		name += fmt.Sprintf(" #%d", s.Attempt)
	}
	if s.State == journal.StateAnswered {
		name += " " + s.Class.Outcome.String()
	}
	return name
}

// write counts one write named name and reports whether it is to fail.
func (j *recJournal) write(name string) error {
	if j.onWrite != nil {
		j.onWrite(name)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.writes++
	if j.writes == j.failAt {
		return j.failErr
	}
	return nil
}

func (j *recJournal) accepted(name string, s journal.Step) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.names, j.steps = append(j.names, name), append(j.steps, s)
}

// Begin logs "created".
func (j *recJournal) Begin(ctx context.Context, e journal.Entry) (int64, error) {
	if err := j.write("created"); err != nil {
		return 0, err
	}
	gen, err := j.Memory.Begin(ctx, e)
	if err == nil {
		j.accepted("created", journal.Step{State: journal.StateCreated})
		j.mu.Lock()
		if j.begun == nil {
			j.begun = map[string]bool{}
		}
		j.begun[e.Reference] = true
		j.mu.Unlock()
	}
	return gen, err
}

// Record logs the step.
func (j *recJournal) Record(ctx context.Context, ref string, gen int64, s journal.Step) error {
	if err := j.write(stepName(s)); err != nil {
		return err
	}
	err := j.Memory.Record(ctx, ref, gen, s)
	if err == nil {
		j.accepted(stepName(s), s)
	}
	return err
}

func (j *recJournal) log() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]string(nil), j.names...)
}

func (j *recJournal) refs() map[string]bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return maps.Clone(j.begun)
}

func (j *recJournal) last() journal.Step {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.steps[len(j.steps)-1]
}

// journalCase is a scripted transaction and the exact journal it writes.
type journalCase struct {
	name   string
	steps  []sendStep
	noDup  bool // the provider does not refuse duplicates: flag
	noLook bool // no lookup
	want   []string
	// outcome is what Execute reports (success: nil error).
	outcome codebook.Outcome
}

var journalCases = []journalCase{
	{name: "success first try", want: []string{"created", "sending #1", "succeeded"}, outcome: codebook.OutcomeSuccess},
	{name: "refusal resent then success", steps: []sendStep{{answer: clsBackoff}, {answer: clsSuccess, commit: true}},
		want: []string{"created", "sending #1", "answered #1 failed", "sending #2", "succeeded"}, outcome: codebook.OutcomeSuccess},
	{name: "timeout, doubt, lookup found", steps: []sendStep{{err: errTimeout, commit: true, status: clsSuccess}},
		want: []string{"created", "sending #1", "uncertain", "succeeded"}, outcome: codebook.OutcomeSuccess},
	{name: "absence proven, resent", steps: []sendStep{{err: errTimeout}, {answer: clsSuccess, commit: true}},
		want: []string{"created", "sending #1", "uncertain", "sending #2", "succeeded"}, outcome: codebook.OutcomeSuccess},
	{name: "flagged", steps: []sendStep{{err: errTimeout}}, noDup: true,
		want: []string{"created", "sending #1", "uncertain", "flagged"}, outcome: codebook.OutcomeUncertain},
	{name: "pending", steps: []sendStep{{answer: clsPending, commit: true}},
		want: []string{"created", "sending #1", "answered #1 pending"}, outcome: codebook.OutcomePending},
	{name: "uncertain, no lookup", steps: []sendStep{{err: errTimeout, commit: true, status: clsSuccess}}, noLook: true,
		want: []string{"created", "sending #1", "uncertain", "uncertain"}, outcome: codebook.OutcomeUncertain},
	{name: "refused for good", steps: []sendStep{{answer: clsNoFunds}},
		want: []string{"created", "sending #1", "failed"}, outcome: codebook.OutcomeFailed},
}

// run executes the case against j; it returns the provider.
func (c journalCase) run(t *testing.T, j journal.Journal) (*provider, cbengine.Settled[string, string], error) {
	t.Helper()
	p := newProvider(c.steps...)
	tx := txFor(p, topup, j)
	tx.Deduplicated = !c.noDup
	if c.noLook {
		tx.Lookup = nil
	}
	s, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
	return p, s, err
}

// TestJournalStepsOfEachPath: every path writes the exact sequence of
// steps, each before it is taken, and the final step says what Execute
// reported; an unresolved end carries a Release.
func TestJournalStepsOfEachPath(t *testing.T) {
	for _, c := range journalCases {
		t.Run(c.name, func(t *testing.T) {
			j := &recJournal{}
			_, s, err := c.run(t, j)
			assert.Equal(t, c.want, j.log())
			if c.outcome == codebook.OutcomeSuccess {
				require.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, c.outcome)
			}
			rec, gerr := j.Get(context.Background(), s.Reference)
			require.NoError(t, gerr)
			last := j.last()
			assert.Equal(t, last.State, rec.Step.State)
			if last.State.Final() {
				assert.Zero(t, last.Release)
			} else {
				assert.Positive(t, last.Release, "an unresolved end says when a reconciler may take it up")
			}
		})
	}
	t.Run("release: pending soonest, flagged latest", func(t *testing.T) {
		rel := map[string]int64{}
		for _, c := range journalCases {
			j := &recJournal{}
			_, _, _ = c.run(t, j)
			rel[c.name] = int64(j.last().Release)
		}
		assert.Less(t, rel["pending"], rel["flagged"])
		assert.Less(t, rel["uncertain, no lookup"], rel["flagged"])
	})
}

// TestJournalFailureAtEachStep: for every path and every write k, a
// journal failing the k-th write: no send follows a failed sending write
// (the provider's counter equals the sending steps written), and the
// result is ErrNotSent only when nothing was sent, never failed once a
// send left for a transaction the provider did not refuse.
func TestJournalFailureAtEachStep(t *testing.T) {
	for _, c := range journalCases {
		for k := 1; k <= len(c.want); k++ {
			t.Run(fmt.Sprintf("%s/write %d (%s)", c.name, k, c.want[k-1]), func(t *testing.T) {
				j := &recJournal{failAt: k, failErr: errors.New("disk full")}
				p, _, err := c.run(t, j)
				sendings := 0
				for _, n := range j.log() {
					if strings.HasPrefix(n, "sending") {
						sendings++
					}
				}
				assert.Equal(t, sendings, len(p.sent()), "one send per sending step written, none after a failed one")
				got := j.log()
				assert.Equal(t, strings.Join(c.want[:k-1], ", "), strings.Join(got[:min(k-1, len(got))], ", "), "the steps before the failure")
				checkJournalFailure(t, c, k, len(p.sent()), err)
			})
		}
	}
}

// checkJournalFailure checks what Execute reported when the k-th write of
// case c failed after sends sends.
func checkJournalFailure(t *testing.T, c journalCase, k, sends int, err error) {
	t.Helper()
	var te *cbengine.TransactionError
	switch {
	case sends == 0:
		assert.ErrorIs(t, err, codebook.ErrNotSent)
	case k == len(c.want) && c.outcome == codebook.OutcomeSuccess:
		assert.NoError(t, err, "a success whose final write failed is still a success")
	case c.outcome == codebook.OutcomeFailed:
		require.ErrorAs(t, err, &te)
		assert.True(t, te.Reconcile(), "a refusal whose final write failed is reported uncertain: the row is unresolved")
	default:
		require.ErrorAs(t, err, &te)
		assert.True(t, te.Reconcile(), "sent: pending or uncertain, never failed: %v", err)
		assert.NotErrorIs(t, err, codebook.ErrNotSent)
	}
}

// TestJournalFencedWriterStops: once another writer takes the transaction
// over (a reconciler, a resumed Execute), the first writer's next write
// is refused and it sends nothing more.
func TestJournalFencedWriterStops(t *testing.T) {
	for _, c := range journalCases[1:2] { // refusal resent then success
		j := &recJournal{}
		p := newProvider(c.steps...)
		p.onSend = func(ctx context.Context, n int) {
			if n != 0 {
				return
			}
			refs := p.sent()
			rec, err := j.Get(ctx, refs[0].ref)
			require.NoError(t, err)
			_, err = j.Memory.Begin(ctx, rec.Entry) // another writer takes it over
			require.NoError(t, err)
		}
		_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, j))
		assert.ErrorIs(t, err, codebook.ErrJournalFenced)
		assert.NotErrorIs(t, err, codebook.OutcomeFailed)
		assert.Len(t, p.sent(), 1, "no send after the fence")
		assert.Equal(t, []string{"created", "sending #1"}, j.log(), "nothing written after the fence")
	}
}

// TestJournalFencedBeforeAnySend: a writer fenced off before its first
// send sends nothing, yet reports uncertain, not ErrNotSent: the newer
// writer may send the transaction, so the caller must not place the order
// again under another reference.
func TestJournalFencedBeforeAnySend(t *testing.T) {
	j := &recJournal{}
	p := newProvider()
	j.onWrite = func(name string) {
		if name != "sending #1" {
			return
		}
		for ref := range j.refs() {
			rec, err := j.Get(context.Background(), ref)
			require.NoError(t, err)
			_, err = j.Memory.Begin(context.Background(), rec.Entry)
			require.NoError(t, err)
		}
	}
	_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), txFor(p, topup, j))
	assert.Empty(t, p.sent(), "nothing sent after the fence")
	assert.ErrorIs(t, err, codebook.ErrJournalFenced)
	assert.NotErrorIs(t, err, codebook.ErrNotSent)
	var te *cbengine.TransactionError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Reconcile())
}

// TestJournalFinalNeverResent: a transaction final in the journal is
// never sent again: a resumed Execute gets ErrJournalFinal and ErrNotSent.
func TestJournalFinalNeverResent(t *testing.T) {
	for _, c := range []journalCase{journalCases[0], journalCases[len(journalCases)-1]} {
		t.Run(c.name, func(t *testing.T) {
			j := &recJournal{}
			p, s, _ := c.run(t, j)
			before, looked := len(p.sent()), p.lookupCount()
			tx := txFor(p, topup, j)
			tx.Reference = s.Reference
			_, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
			assert.ErrorIs(t, err, codebook.ErrJournalFinal)
			assert.ErrorIs(t, err, codebook.ErrNotSent)
			assert.Len(t, p.sent(), before, "not sent again")
			assert.Equal(t, looked, p.lookupCount(), "nor looked up")
		})
	}
}

// TestJournalResumeTakesOver: a resumed Execute (the reference set, as a
// reconciler does) takes over the unresolved row with a new generation,
// journals its doubt, finds the transaction and records it final without
// sending it again.
func TestJournalResumeTakesOver(t *testing.T) {
	j := &recJournal{}
	c := journalCases[6] // uncertain, no lookup
	p, s, err := c.run(t, j)
	require.ErrorIs(t, err, codebook.OutcomeUncertain)
	first, err := j.Get(context.Background(), s.Reference)
	require.NoError(t, err)

	tx := txFor(p, topup, j)
	tx.Reference = s.Reference
	s2, err := cbengine.Execute(context.Background(), engine(newFakeClock(), 0.5, cbengine.Policy{}), tx)
	require.NoError(t, err)
	assert.True(t, s2.ByLookup)
	assert.Len(t, p.sent(), 1, "found: not sent again")
	rec, err := j.Get(context.Background(), s.Reference)
	require.NoError(t, err)
	assert.Equal(t, first.Generation+1, rec.Generation)
	assert.Equal(t, journal.StateSucceeded, rec.Step.State)
	assert.Equal(t, append(c.want, "created", "uncertain", "succeeded"), j.log())
}

// TestWaitJournal: Wait for a writer holding a generation records what it
// found; a failure whose write was refused is reported uncertain.
func TestWaitJournal(t *testing.T) {
	j := &recJournal{}
	p, s, err := journalCases[5].run(t, j) // pending
	require.ErrorIs(t, err, codebook.OutcomePending)
	rec, err := j.Get(context.Background(), s.Reference)
	require.NoError(t, err)
	e := engine(newFakeClock(), 0.5, cbengine.Policy{})

	p.mu.Lock()
	p.ledger[s.Reference] = clsNoFunds // it failed since
	p.mu.Unlock()
	_, err = cbengine.WaitJournal(context.Background(), e, s.Reference, p.Lookup, j, rec.Generation+1)
	var te *cbengine.TransactionError
	require.ErrorAs(t, err, &te)
	assert.True(t, te.Reconcile(), "a stale writer's failure is not reported final")
	assert.ErrorIs(t, err, codebook.ErrJournalFenced)

	_, err = cbengine.WaitJournal(context.Background(), e, s.Reference, p.Lookup, j, rec.Generation)
	assert.ErrorIs(t, err, codebook.OutcomeFailed)
	got, gerr := j.Get(context.Background(), s.Reference)
	require.NoError(t, gerr)
	assert.Equal(t, journal.StateFailed, got.Step.State)
}
