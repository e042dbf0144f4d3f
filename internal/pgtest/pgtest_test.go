package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var server Server

func TestMain(m *testing.M) { os.Exit(server.Run(m)) }

// TestServer: two tests' databases are distinct, empty, on a server that
// listens on no TCP address and does not run as root.
func TestServer(t *testing.T) {
	ctx := context.Background()
	a, b := server.DSN(t), server.DSN(t)
	if a == b {
		t.Fatalf("two DSNs are the same: %s", a)
	}
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var listen, fsync, super string
	var tables int
	if err := conn.QueryRow(ctx, `SELECT current_setting('listen_addresses'), current_setting('fsync'),
		(SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public')`).Scan(&listen, &fsync, &tables); err != nil {
		t.Fatal(err)
	}
	if listen != "" || tables != 0 || fsync != "off" {
		t.Errorf("listen_addresses = %q, fsync = %s, %d tables; want no TCP, fsync off (not Durable) and an empty database", listen, fsync, tables)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE t (x int)`); err != nil {
		t.Fatal(err)
	}
	conn2, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	if err := conn2.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("the second database sees %d tables (%v): databases are not fresh per test", tables, err)
	}
	// The server process's user: pg_stat_activity names no OS user, so read
	// the data directory's owner through the server itself.
	if err := conn.QueryRow(ctx, `SELECT current_setting('data_directory')`).Scan(&super); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(super); err != nil || (os.Geteuid() == 0 && ownerUID(fi) == 0) {
		t.Errorf("data directory %s: %v, owned by root", super, err)
	}
}

// TestFindBin: the newest /usr/lib/postgresql/<v>/bin holding all three
// binaries is chosen when PATH has none, and nothing found is errMissing
// (which DSN turns into needs.Component's visible skip or CI failure).
func TestFindBin(t *testing.T) {
	noPath := func(string) (string, error) { return "", exec.ErrNotFound }
	root := t.TempDir()
	for _, v := range []string{"9", "15", "16"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		names := []string{"initdb", "pg_ctl", "postgres"}
		if v == "16" {
			names = names[:2] // incomplete: no postgres
		}
		for _, n := range names {
			if err := os.WriteFile(filepath.Join(dir, n), nil, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := findBinIn(noPath, filepath.Join(root, "*", "bin"))
	if want := filepath.Join(root, "15", "bin"); err != nil || got != want {
		t.Errorf("findBinIn = %q, %v; want %q", got, err, want)
	}
	if _, err := findBinIn(noPath, filepath.Join(root, "none", "*")); !errors.Is(err, errMissing) {
		t.Errorf("findBinIn with nothing installed = %v, want errMissing", err)
	}
}

// TestNoServerLeftWhenTheBinaryDies: a test binary that exits without
// Stop (a panic, a SIGKILL) leaves no server and no directory: the
// watchdog stops and removes them. The child is this binary, run again.
func TestNoServerLeftWhenTheBinaryDies(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") == "1" {
		var s Server
		s.DSN(t) // starts the server
		s.mu.Lock()
		root := s.run.root
		s.mu.Unlock()
		fmt.Println("root=" + root)
		os.Exit(3) // no Stop
	}
	server.DSN(t) // skips (or fails under CI) where PostgreSQL is missing
	cmd := exec.Command(os.Args[0], "-test.run=^TestNoServerLeftWhenTheBinaryDies$")
	cmd.Env = append(os.Environ(), "PGTEST_CHILD=1")
	out, _ := cmd.Output()
	_, root, ok := strings.Cut(strings.TrimSpace(string(out)), "root=")
	if !ok || cmd.ProcessState.ExitCode() != 3 {
		t.Fatalf("child: exit %d, output %q", cmd.ProcessState.ExitCode(), out)
	}
	// Wait for the watchdog (it polls every second); the limit only
	// bounds a failure, it asserts no speed.
	for i := 0; i < 600; i++ {
		if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s is still there a minute after its test binary died: the server leaked", root)
}
