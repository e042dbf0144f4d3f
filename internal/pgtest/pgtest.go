// Package pgtest starts a real PostgreSQL server for a test binary and
// hands each test a fresh database on it. No mock of the database: the
// server is Debian's (or any) initdb/pg_ctl/postgres, initialised into a
// temporary directory, listening only on a unix socket there (no TCP),
// and stopped when the tests end.
//
// Use one Server per test binary, started on first use and stopped from
// TestMain:
//
//	var server pgtest.Server
//
//	func TestMain(m *testing.M) { os.Exit(server.Run(m)) }
//
//	func TestX(t *testing.T) { dsn := server.DSN(t); ... }
//
// Where the binaries are missing, DSN stops the test through
// internal/needs: a visible SKIP line in plain `go test` output, a failure
// under CI=true. PostgreSQL refuses to run as root; as root, the server
// runs as the postgres user (or nobody) through runuser or setpriv, with
// its directory handed to that user.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/codebookgen/codebook/internal/needs"
)

// Server is one PostgreSQL server, started by the first DSN call. The
// zero Server is ready to use; it is safe for concurrent use.
type Server struct {
	// Durable keeps PostgreSQL's fsync on, for benchmarks whose figures
	// must include it. Off (the default), the server skips fsync: tests
	// run faster, and a test that kills a client process loses nothing by
	// it (the operating system keeps what was written).
	Durable bool

	once    sync.Once
	mu      sync.Mutex
	run     *running
	err     error
	missing bool
	dbs     atomic.Int64
}

// running is a started server.
type running struct {
	bin, root, data string
	as              []string  // the command prefix that drops root, if any
	watch           *exec.Cmd // stops the server if the test binary dies first
}

// errMissing: the PostgreSQL binaries are not on this machine.
var errMissing = errors.New("pgtest: initdb, pg_ctl and postgres not found on PATH or in /usr/lib/postgresql/*/bin")

// hint says how to get the binaries.
const hint = "install Debian's postgresql package (apt-get install -y postgresql), or put the directory of initdb, pg_ctl and postgres on PATH"

// Run runs the tests of m and stops the server if one was started; its
// result is the exit code for os.Exit.
func (s *Server) Run(m *testing.M) int {
	code := m.Run()
	if err := s.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// DSN returns the connection string of a new, empty database for t,
// starting the server on first use. Where the binaries are missing it
// stops t with needs.Component; a server that cannot start fails t.
func (s *Server) DSN(t testing.TB) string {
	t.Helper()
	s.once.Do(s.start)
	s.mu.Lock()
	r, err, missing := s.run, s.err, s.missing
	s.mu.Unlock()
	switch {
	case missing:
		needs.Component(t, "PostgreSQL (initdb, pg_ctl, postgres)", hint)
	case err != nil:
		t.Fatal(err)
	}
	name := fmt.Sprintf("test_%d", s.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, r.dsn("postgres"))
	if err != nil {
		t.Fatalf("pgtest: connecting to the server in %s: %v", r.root, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: CREATE DATABASE %s: %v", name, err)
	}
	return r.dsn(name)
}

// Stop stops the server and removes its directory; it does nothing when
// none was started.
func (s *Server) Stop() error {
	s.mu.Lock()
	r := s.run
	s.run = nil
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	if r.watch != nil {
		_ = r.watch.Process.Kill()
		_ = r.watch.Wait()
	}
	err := r.cmd("pg_ctl", "-D", r.data, "-m", "fast", "-w", "-t", "60", "stop").Run()
	if err != nil {
		err = fmt.Errorf("pgtest: stopping the server in %s: %w", r.root, err)
	}
	return errors.Join(err, os.RemoveAll(r.root))
}

// start finds the binaries, initialises a cluster and starts it.
func (s *Server) start() {
	r, err := launch(s.Durable)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.run, s.err, s.missing = r, err, errors.Is(err, errMissing)
}

// launch initialises a cluster in a new temporary directory and starts
// it on a unix socket there.
func launch(durable bool) (*running, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp(tempBase(), "pgtest")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	if strings.ContainsAny(root, " '\"\\$`") {
		_ = os.RemoveAll(root)
		return nil, fmt.Errorf("pgtest: the temporary directory %q has characters pg_ctl's shell would read: set TMPDIR to a plain path", root)
	}
	r := &running{bin: bin, root: root, data: filepath.Join(root, "data")}
	if err := r.dropRoot(); err != nil {
		_ = os.RemoveAll(root)
		return nil, err
	}
	opts := fmt.Sprintf("-k %s -h '' -c max_connections=200", root)
	if !durable {
		opts += " -c fsync=off -c full_page_writes=off"
	}
	steps := [][]string{
		{"initdb", "-D", r.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
		{"pg_ctl", "-D", r.data, "-l", filepath.Join(root, "server.log"), "-w", "-t", "60",
			"-o", opts, "start"},
	}
	for _, st := range steps {
		if out, err := r.cmd(st[0], st[1:]...).CombinedOutput(); err != nil {
			log, _ := os.ReadFile(filepath.Join(root, "server.log"))
			_ = os.RemoveAll(root)
			return nil, fmt.Errorf("pgtest: %s failed: %v\n%s\n%s", st[0], err, out, log)
		}
	}
	r.watch = r.watchdog()
	return r, nil
}

// watchdogScript waits for the process $1 to end, then runs the rest of
// its arguments after $2 (pg_ctl stop) and removes the directory $2. It
// ignores the signals a ^C sends the test's process group.
const watchdogScript = `trap '' INT TERM HUP; p=$1; root=$2; shift 2
while kill -0 "$p" 2>/dev/null; do sleep 1; done
"$@" >/dev/null 2>&1; rm -rf "$root"`

// watchdog starts a shell that stops the server and removes its
// directory when this process dies without calling Stop (a panic, a
// SIGKILL): a test binary must not leave a server running on a shared
// machine. Stop kills it first. It returns nil where no sh is found.
func (r *running) watchdog() *exec.Cmd {
	stop := r.cmd("pg_ctl", "-D", r.data, "-m", "immediate", "-w", "stop")
	args := append([]string{"-c", watchdogScript, "pgtest-watchdog", strconv.Itoa(os.Getpid()), r.root}, stop.Args...)
	w := exec.Command("/bin/sh", args...)
	w.Dir = r.root
	w.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.Start(); err != nil {
		return nil
	}
	return w
}

// tempBase is /tmp when it exists: a unix socket's path must stay under
// about 100 bytes, which a long TMPDIR can break.
func tempBase() string {
	if fi, err := os.Stat("/tmp"); err == nil && fi.IsDir() {
		return "/tmp"
	}
	return os.TempDir()
}

// findBin returns the directory holding initdb, pg_ctl and postgres:
// initdb's on PATH, else the newest /usr/lib/postgresql/*/bin.
func findBin() (string, error) { return findBinIn(exec.LookPath, "/usr/lib/postgresql/*/bin") }

// findBinIn is findBin with the PATH lookup and the glob passed in.
func findBinIn(lookPath func(string) (string, error), glob string) (string, error) {
	var dirs []string
	if p, err := lookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dirs = append(dirs, filepath.Dir(real))
		}
		dirs = append(dirs, filepath.Dir(p))
	}
	found, _ := filepath.Glob(glob)
	slices.SortFunc(found, func(a, b string) int { return versionOf(b) - versionOf(a) })
	dirs = append(dirs, found...)
	for _, d := range dirs {
		if hasAll(d, "initdb", "pg_ctl", "postgres") {
			return d, nil
		}
	}
	return "", errMissing
}

// versionOf reads the major version of /usr/lib/postgresql/<v>/bin.
func versionOf(dir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return v
}

func hasAll(dir string, names ...string) bool {
	for _, n := range names {
		if fi, err := os.Stat(filepath.Join(dir, n)); err != nil || fi.IsDir() {
			return false
		}
	}
	return true
}

// dropRoot, when the tests run as root, hands the directory to the
// postgres user (or nobody) and runs the server's commands as that user.
func (r *running) dropRoot() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		if u, err = user.Lookup("nobody"); err != nil {
			return fmt.Errorf("pgtest: running as root, and neither a postgres nor a nobody user exists to run the server as")
		}
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(r.root, uid, gid); err != nil {
		return fmt.Errorf("pgtest: handing %s to %s: %w", r.root, u.Username, err)
	}
	if p, err := exec.LookPath("runuser"); err == nil {
		r.as = []string{p, "-u", u.Username, "--"}
		return nil
	}
	if p, err := exec.LookPath("setpriv"); err == nil {
		r.as = []string{p, "--reuid=" + u.Uid, "--regid=" + u.Gid, "--clear-groups"}
		return nil
	}
	return fmt.Errorf("pgtest: running as root, PostgreSQL refuses root, and neither runuser nor setpriv is on PATH to run it as %s", u.Username)
}

// cmd is the server's command name, run as the server's user.
func (r *running) cmd(name string, args ...string) *exec.Cmd {
	argv := append(slices.Clone(r.as), filepath.Join(r.bin, name))
	argv = append(argv, args...)
	c := exec.Command(argv[0], argv[1:]...)
	c.Dir = r.root // the server's user may not read the test's directory
	c.Env = append(os.Environ(), "LC_ALL=C")
	return c
}

// dsn is the connection string of database name on the socket.
func (r *running) dsn(name string) string {
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=%s sslmode=disable", r.root, name)
}
