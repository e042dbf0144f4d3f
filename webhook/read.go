package webhook

import (
	"fmt"
	"io"

	"github.com/codebookgen/codebook"
)

// readLimited reads r to its end, at most limit bytes: a longer body gives
// an error matching codebook.ErrBodyTooLarge, after reading only limit+1
// bytes.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit < 0 {
		limit = 0
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", codebook.ErrBodyTooLarge, limit)
	}
	return b, nil
}
