package crashtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fake "github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
	ca "github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/internal/pgtest"
	"github.com/codebookgen/codebook/journal"
)

func TestMain(m *testing.M) {
	if raw := os.Getenv(childEnv); raw != "" {
		os.Exit(runChild(raw))
	}
	os.Exit(server.Run(m))
}

// server is the PostgreSQL of the tests, started on first use.
var server pgtest.Server

// kills is how many children each backend's crash test kills:
// CRASHTEST_KILLS, or 50.
func kills(t *testing.T) int { return envInt(t, "CRASHTEST_KILLS", 50) }

// envInt is the number in the environment variable name, or def when it is
// not set.
func envInt(t *testing.T, name string, def int) int {
	if s := os.Getenv(name); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, name+" must be a number")
		return n
	}
	return def
}

// tally counts the kills by where they struck.
type tally struct {
	afterSending, beforeWrite, afterWrite, timed, notKilled int
}

func (k tally) total() int { return k.afterSending + k.beforeWrite + k.afterWrite + k.timed }

// crash runs rounds of children against srv on the backend until n of
// them were killed, then drains the journal in a last child, and checks
// the ledger against the journal.
func crash(t *testing.T, backend, dsn string, n int) {
	v := crashRun(t, backend, dsn, n, "")
	assert.Zero(t, v.duplicates, "duplicates")
	assert.Zero(t, v.lost, "lost")
	assert.Zero(t, v.unresolved, "every transaction final or flagged")
	assert.Equal(t, v.ledgerSucceeded, v.journalSucceeded, "the journal's successes are the ledger's")
	assert.GreaterOrEqual(t, v.kills, n)
}

// crashRun kills n children, drains, and compares; broken names a
// control Resolver ("" the real one).
func crashRun(t *testing.T, backend, dsn string, n int, broken string) verdict {
	srv := fake.New(
		fake.WithFaults(fault.Random[fake.Request](1, fault.Rates{Drop: 8, Reset: 5, Truncate: 5, Unavailable: 5, HTMLProxy: 3, Delay: 5, DelayFor: 5 * time.Millisecond})),
		fake.WithScript(pendingSome(rand.New(rand.NewPCG(2, 3)))),
		fake.WithBalance(1e9),
	)
	defer srv.Close()
	rng := rand.New(rand.NewPCG(uint64(len(backend)), 7))
	var k tally
	start := time.Now()
	for round := 0; k.total() < n; round++ {
		require.Less(t, round, 4*n, "too many rounds ended before their kill: %+v", k)
		cfg := config{Backend: backend, DSN: dsn, URL: srv.URL(), Round: round, TopUps: 4, Callers: 2, Broken: broken, FailSending: 3}
		timed := time.Duration(0)
		switch r := rng.IntN(8); {
		case r < 3: // between a sending write and the send it precedes
			cfg.PauseState, cfg.PauseAt = "sending", 1+rng.IntN(4)
		case r < 5:
			cfg.PauseAt, cfg.PauseBefore = 1+rng.IntN(12), true
		case r < 7:
			cfg.PauseAt = 1 + rng.IntN(12)
		default:
			timed = time.Duration(rng.IntN(120)) * time.Millisecond
		}
		res := runRound(t, cfg, timed)
		switch {
		case !res.killed:
			k.notKilled++
		case timed > 0:
			k.timed++
		case cfg.PauseState == "sending":
			k.afterSending++
		case cfg.PauseBefore:
			k.beforeWrite++
		default:
			k.afterWrite++
		}
	}
	res := runRound(t, config{Backend: backend, DSN: dsn, URL: srv.URL(), Drain: true, DrainFor: 2 * time.Minute, Round: -1, Broken: broken}, 0)
	require.False(t, res.killed)
	require.Zero(t, res.exit, "the draining child failed: %s", res.stderr)
	return check(t, backend, dsn, srv, k, time.Since(start))
}

// verdict is what check found.
type verdict struct {
	kills, duplicates, lost, unresolved int
	ledgerSucceeded, journalSucceeded   int
}

// pendingSome answers one new top-up in ten pending (code 10), settling
// after a lookup or two, so that the reconciler meets pending rows too.
func pendingSome(rng *rand.Rand) fake.Script {
	return func(r fake.Request) fake.Outcome {
		if r.Op != fake.OpTopUp || r.Duplicate || rng.IntN(10) != 0 {
			return fake.Outcome{}
		}
		return fake.Outcome{Entry: ca.TopupPending, PendingLookups: 1 + rng.IntN(2)}
	}
}

// roundResult is how a child ended.
type roundResult struct {
	killed bool
	exit   int
	stderr string
}

// runRound starts a child with cfg and kills it where it pauses, or after
// timed when that is set.
func runRound(t *testing.T, cfg config, timed time.Duration) roundResult {
	t.Helper()
	raw, err := json.Marshal(cfg)
	require.NoError(t, err)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(raw))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	if timed > 0 {
		timer := time.AfterFunc(timed, func() { _ = cmd.Process.Kill() })
		defer timer.Stop()
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() { // to EOF: the child's end
		if strings.HasPrefix(sc.Text(), pauseLine) {
			require.NoError(t, cmd.Process.Kill()) // SIGKILL
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ee.ExitCode() == -1 { // ended by a signal: our SIGKILL
			return roundResult{killed: true}
		}
		return roundResult{exit: ee.ExitCode(), stderr: stderr.String()}
	}
	require.NoError(t, err)
	return roundResult{}
}

// check compares the fake's ledger with the journal.
func check(t *testing.T, backend, dsn string, srv *fake.Server, k tally, took time.Duration) verdict {
	st, err := openStore(backend, dsn)
	require.NoError(t, err)
	defer st.Close()
	ctx := context.Background()
	duplicates, lost, charged, byRecipient := 0, 0, 0, map[string]int{}
	ledgerSucceeded := 0
	for _, lt := range srv.Transactions() {
		byRecipient[lt.MSISDN]++
		if lt.Charged {
			charged++
		}
		if srv.Charges(lt.ExtRefID) > 1 {
			duplicates++
		}
		rec, err := st.Get(ctx, lt.ExtRefID)
		want := map[fake.State]journal.State{fake.StateSuccess: journal.StateSucceeded, fake.StateFailed: journal.StateFailed}[lt.State]
		if lt.State == fake.StateSuccess {
			ledgerSucceeded++
		}
		if err != nil || rec.Step.State != want {
			lost++
			t.Logf("%s: the ledger says %s, the journal %s (%v)", lt.ExtRefID, lt.State, rec.Step.State, err)
		}
	}
	for who, n := range byRecipient {
		if n > 1 {
			duplicates++
			t.Logf("recipient %s topped up %d times", who, n)
		}
	}
	stats, err := st.Stats(ctx)
	require.NoError(t, err)
	unresolved := 0
	for s, n := range stats.Counts {
		if !s.Final() && s != journal.StateFlagged {
			unresolved += n
		}
	}
	t.Logf("%s: %d kills (%d between a sending write and its send, %d before a write, %d after a write, %d at a random time; %d rounds ended before their kill) in %s",
		backend, k.total(), k.afterSending, k.beforeWrite, k.afterWrite, k.timed, k.notKilled, took.Round(time.Millisecond))
	t.Logf("%s: ledger %d transactions (%d charged) for %d recipients; journal %v; duplicates=%d lost=%d unresolved=%d",
		backend, len(srv.Transactions()), charged, len(byRecipient), countsOf(stats), duplicates, lost, unresolved)
	return verdict{kills: k.total(), duplicates: duplicates, lost: lost, unresolved: unresolved,
		ledgerSucceeded: ledgerSucceeded, journalSucceeded: stats.Counts[journal.StateSucceeded]}
}

func countsOf(st journal.Stats) string {
	var b strings.Builder
	for s := journal.StateCreated; s <= journal.StateFlagged; s++ {
		if n := st.Counts[s]; n > 0 {
			fmt.Fprintf(&b, "%s=%d ", s, n)
		}
	}
	return strings.TrimSpace(b.String())
}
