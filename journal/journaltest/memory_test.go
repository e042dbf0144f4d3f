package journaltest_test

import (
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/journal/journaltest"
)

// TestSuiteOnMemoryJournal runs the suite against codebook.MemoryJournal
// here too, so that the suite is checked without building the root
// package's tests.
func TestSuiteOnMemoryJournal(t *testing.T) {
	journaltest.Run(t, func(t *testing.T, now func() time.Time) journaltest.Store {
		return &codebook.MemoryJournal{Now: now}
	})
}
