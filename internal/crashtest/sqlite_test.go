package crashtest

import (
	"path/filepath"
	"testing"
)

func TestCrashSQLite(t *testing.T) {
	crash(t, "sqlite", filepath.Join(t.TempDir(), "journal.db"), kills(t))
}
