package engine

import (
	crand "crypto/rand"
	"fmt"

	"github.com/codebookgen/codebook"
)

// Lengths of the references NewReference makes.
const (
	// DefaultReferenceLen is the length of a reference when the provider's
	// limit is unknown or longer: 32 characters, about 190 random bits.
	DefaultReferenceLen = 32
	// MinReferenceLen is the shortest reference NewReference makes: 22
	// characters, about 131 random bits, more than a UUIDv4's 122.
	MinReferenceLen = 22
)

// referenceAlphabet is the letters and digits: URL-safe, and accepted by
// any provider that accepts an identifier at all.
const referenceAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewReference returns a new idempotency reference of crypto/rand letters
// and digits, as long as maxLen allows up to DefaultReferenceLen; maxLen 0
// means the provider documents no limit. A limit below MinReferenceLen is
// refused: so short a reference could collide.
func NewReference(maxLen int) (string, error) {
	n := DefaultReferenceLen
	if maxLen > 0 && maxLen < n {
		n = maxLen
	}
	if n < MinReferenceLen {
		return "", fmt.Errorf("codebook: a reference limit of %d characters is below the %d a unique reference needs", maxLen, MinReferenceLen)
	}
	// 62 letters: a byte below 248 (4 × 62) maps to one uniformly; others
	// are drawn again.
	const limit = 4 * len(referenceAlphabet)
	out := make([]byte, 0, n)
	buf := make([]byte, n+n/4+8)
	for len(out) < n {
		_, _ = crand.Read(buf) // never fails (Go 1.24+)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, referenceAlphabet[int(b)%len(referenceAlphabet)])
			}
		}
	}
	return string(out), nil
}

// checkReference refuses a reference a provider could not take back
// unchanged: empty, over maxLen (when positive), or holding bytes other
// than printable ASCII.
func checkReference(ref string, maxLen int) error {
	if ref == "" {
		return fmt.Errorf("codebook: empty reference: %w", codebook.ErrNotSent)
	}
	if maxLen > 0 && len(ref) > maxLen {
		return fmt.Errorf("codebook: reference of %d characters exceeds the provider's %d: %w", len(ref), maxLen, codebook.ErrNotSent)
	}
	for i := 0; i < len(ref); i++ {
		if ref[i] <= ' ' || ref[i] > '~' {
			return fmt.Errorf("codebook: reference holds a byte outside printable ASCII at %d: %w", i, codebook.ErrNotSent)
		}
	}
	return nil
}
