package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/codebookgen/codebook"
)

// DefaultWindow is how far a delivery's timestamp may be from the
// receiver's clock, in either direction, when Config.Window is zero.
const DefaultWindow = 5 * time.Minute

// Error is an error of the receiver, usable as an errors.Is target.
type Error string

// Error returns the text of the error.
func (e Error) Error() string { return string(e) }

// The receiver's refusals.
const (
	// ErrForged: the signature is missing, not hex, or not the HMAC of the
	// timestamp and body under the secret. Check that the receiver holds
	// the API key the provider signs with.
	ErrForged Error = "webhook: signature does not verify"
	// ErrStale: the timestamp is missing, not Unix seconds, or outside the
	// window. Check the receiver's clock (NTP) or widen Config.Window.
	ErrStale Error = "webhook: timestamp outside the window"
	// ErrReplayed: this body was handled already.
	ErrReplayed Error = "webhook: delivery already handled"
)

// Sign returns the hex HMAC-SHA256 of timestamp + "." + body under secret:
// the value of the signature header. Providers' fakes and tests use it.
func Sign(secret codebook.Secret, timestamp string, body []byte) string {
	return hex.EncodeToString(mac(secret, timestamp, body))
}

func mac(secret codebook.Secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a delivery: signature, the hex HMAC-SHA256 of timestamp
// + "." + body under secret, compared in constant time; timestamp, Unix
// seconds within window of now, in either direction. It returns the
// timestamp, or an error matching ErrForged or ErrStale.
func Verify(secret codebook.Secret, timestamp, signature string, body []byte, now time.Time, window time.Duration) (time.Time, error) {
	got, err := hex.DecodeString(signature)
	if err != nil || !hmac.Equal(got, mac(secret, timestamp, body)) {
		return time.Time{}, ErrForged
	}
	secs, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return time.Time{}, ErrStale
	}
	at := time.Unix(secs, 0)
	if d := now.Sub(at); d > window || d < -window {
		return at, ErrStale
	}
	return at, nil
}
