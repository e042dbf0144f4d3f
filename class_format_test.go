package codebook_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/codebookgen/codebook"
)

// TestOutcomePrintsItsName: fmt prints an Outcome as its name, not as its
// Error text (fmt prefers Error over String), while Error and errors.Is
// keep working.
func TestOutcomePrintsItsName(t *testing.T) {
	assert.Equal(t, "success", fmt.Sprint(codebook.OutcomeSuccess))
	assert.Equal(t, "uncertain pending \"failed\" 3", fmt.Sprintf("%v %s %q %d",
		codebook.OutcomeUncertain, codebook.OutcomePending, codebook.OutcomeFailed, codebook.OutcomeFailed))
	assert.Equal(t, "Outcome(9)", fmt.Sprint(codebook.Outcome(9)))
	assert.Equal(t, "{success never none none}", fmt.Sprint(struct{ O, R, F, C any }{
		codebook.OutcomeSuccess, codebook.RetryNever, codebook.FaultNone, codebook.CategoryNone}))
	assert.Equal(t, "outcome uncertain", codebook.OutcomeUncertain.Error())
	err := fmt.Errorf("lookup: %w", codebook.OutcomeUncertain)
	assert.True(t, errors.Is(err, codebook.OutcomeUncertain))
}
