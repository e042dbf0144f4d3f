package docs

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A new_reference row carries its documented wait into every format (the
// catalogue's retry_after, the Markdown table), and one without a wait
// has none.
func TestNewReferenceRetryAfter(t *testing.T) {
	_, files := emitFixture(t, okBasic)
	rows := map[string]*row{}
	for _, p := range decodeCatalogue(t, files).Providers {
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				rows[r.Anchor] = r
			}
		}
	}
	withWait, noWait := rows["topit-topup-60"], rows["topit-topup-61"]
	require.NotNil(t, withWait)
	require.NotNil(t, noWait)
	assert.Equal(t, "new_reference", withWait.Retry)
	require.NotNil(t, withWait.RetryAfter, "the documented wait of a new_reference row is in the catalogue")
	assert.Equal(t, 120.0, *withWait.RetryAfter)
	assert.Equal(t, "new_reference", noWait.Retry)
	assert.Nil(t, noWait.RetryAfter)
	md := string(files["topit.md"])
	assert.Contains(t, md, "`new_reference` 2m")
	assert.Contains(t, strings.ToLower(string(files[IndexFile])), "`new_reference`", "the index explains every retry value")
}
