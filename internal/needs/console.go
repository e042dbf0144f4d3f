package needs

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// oAppend is Linux's O_APPEND, as /proc/PID/fdinfo prints flags (octal).
const oAppend = 0o2000

// Console returns where a line reaches the person running the tests: the
// standard error of the test binary's parent (the go command) when it can be
// written safely and differs from the binary's own, else os.Stderr. The
// returned func closes what Console opened.
func Console() (io.Writer, func()) {
	f := parentStderr(os.Getppid())
	if f == nil {
		return os.Stderr, func() {}
	}
	return f, func() { _ = f.Close() }
}

// parentStderr opens the standard error of process ppid through /proc, or
// returns nil: not Linux, not allowed, the same file as ours, or a regular
// file not opened for appending (a write there would be overwritten by the
// parent's next write at its own offset).
func parentStderr(ppid int) *os.File {
	path := fmt.Sprintf("/proc/%d/fd/2", ppid)
	target, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if own, err := os.Stderr.Stat(); err == nil && os.SameFile(own, target) {
		return nil
	}
	if target.Mode().IsRegular() && !appending(fmt.Sprintf("/proc/%d/fdinfo/2", ppid)) {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil
	}
	return f
}

// appending reports whether the fdinfo file at path shows O_APPEND in its
// "flags:" line.
func appending(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		v, ok := strings.CutPrefix(line, "flags:")
		if !ok {
			continue
		}
		flags, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
		return err == nil && flags&oAppend != 0
	}
	return false
}
