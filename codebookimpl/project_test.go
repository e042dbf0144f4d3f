package codebookimpl_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
)

func TestProjectJSON(t *testing.T) {
	type purchase struct {
		Source  *string `json:"sourceIdentifier,omitempty"`
		Product *int32  `json:"productId,omitempty"`
		Amount  int64   `json:"purchaseAmount"`
		Channel string  `json:"channelName"`
	}
	type check struct {
		Source  string `json:"sourceIdentifier"`
		Product int64  `json:"productId"`
		Amount  int64  `json:"purchaseAmount"`
	}
	src, product := "27821234567", int32(12)
	var q check
	require.NoError(t, codebookimpl.ProjectJSON(purchase{Source: &src, Product: &product, Amount: 25000, Channel: "web"}, &q))
	assert.Equal(t, check{Source: src, Product: 12, Amount: 25000}, q)

	err := codebookimpl.ProjectJSON(purchase{Source: &src, Amount: 25000}, &check{})
	assert.ErrorIs(t, err, codebook.ErrInFlightInconclusive, "a check made with a productId of 0 would prove nothing")
	assert.ErrorContains(t, err, `"productId"`)
}
