package webhook

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
)

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestReadLimited(t *testing.T) {
	b, err := readLimited(strings.NewReader("12345"), 5)
	require.NoError(t, err)
	assert.Equal(t, "12345", string(b), "exactly the limit")
	_, err = readLimited(strings.NewReader("123456"), 5)
	assert.ErrorIs(t, err, codebook.ErrBodyTooLarge, "one byte over")
	_, err = readLimited(endless{}, 1<<20)
	assert.ErrorIs(t, err, codebook.ErrBodyTooLarge, "an endless stream stops at the limit")
	b, err = readLimited(strings.NewReader(""), 0)
	require.NoError(t, err)
	assert.Empty(t, b)
	boom := errors.New("boom")
	_, err = readLimited(io.MultiReader(strings.NewReader("ab"), iotest.ErrReader(boom)), 10)
	assert.ErrorIs(t, err, boom)
}
