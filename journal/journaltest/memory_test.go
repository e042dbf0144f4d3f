package journaltest_test

import (
	"testing"
	"time"

	"github.com/codebookgen/codebook/journal"
	"github.com/codebookgen/codebook/journal/journaltest"
)

// TestSuiteOnMemoryJournal runs the suite against journal.Memory
// here too, so that the suite is checked without building the root
// package's tests.
func TestSuiteOnMemoryJournal(t *testing.T) {
	journaltest.Run(t, func(t *testing.T, now func() time.Time) journaltest.Store {
		return &journal.Memory{Now: now}
	})
}
