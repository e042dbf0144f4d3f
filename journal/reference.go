package journal

import (
	"crypto/sha256"
	"encoding/hex"
)

// Fingerprint identifies the bytes of a request body: their SHA-256.
type Fingerprint [sha256.Size]byte

// FingerprintOf returns the fingerprint of body.
func FingerprintOf(body []byte) Fingerprint { return sha256.Sum256(body) }

// String returns the fingerprint in hex.
func (f Fingerprint) String() string { return hex.EncodeToString(f[:]) }
