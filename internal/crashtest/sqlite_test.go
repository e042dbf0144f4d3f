package crashtest

import (
	"path/filepath"
	"testing"
)

func TestCrashSQLite(t *testing.T) {
	crash(t, "sqlite", filepath.Join(t.TempDir(), "journal.db"), kills(t))
}

// TestCrashControls shows that the checks catch a reconciler that takes
// what it cannot prove as failed (lost), one that retries under a new
// reference (duplicates), and one that sends a created transaction whose
// caller was told it was not sent and tried again (duplicates).
func TestCrashControls(t *testing.T) {
	for _, c := range []struct {
		broken string
		caught func(verdict) bool
	}{
		{"fail", func(v verdict) bool { return v.lost > 0 }},
		{"new-reference", func(v verdict) bool { return v.duplicates > 0 }},
		{"created-as-sending", func(v verdict) bool { return v.duplicates > 0 }},
	} {
		t.Run(c.broken, func(t *testing.T) {
			v := crashRun(t, "sqlite", filepath.Join(t.TempDir(), "journal.db"), 20, c.broken)
			if !c.caught(v) {
				t.Errorf("the control %q was not caught: %+v", c.broken, v)
			}
		})
	}
}
