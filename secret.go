package codebook

import (
	"crypto/subtle"
	"fmt"
	"io"
	"log/slog"
	"net/url"
)

// Redacted is what a Secret prints as.
const Redacted = "REDACTED"

// Secret holds a credential: an API key, a token, a password. Every way Go
// has of printing, logging or encoding it gives REDACTED: fmt with any verb
// (%v %+v %#v %s %q %x …), log/slog, encoding/json (as a value and as a
// map key) and encoding text. The value sits behind a pointer, so that
// even fmt printing a struct that holds a Secret in an unexported field,
// where it cannot call Format, shows an address and not the credential.
// Reveal returns the value, for the one place it must go: the request
// header. The zero Secret is empty.
type Secret struct{ v *string }

// NewSecret returns a Secret holding v.
func NewSecret(v string) Secret {
	if v == "" {
		return Secret{}
	}
	return Secret{v: &v}
}

// Reveal returns the credential itself.
func (s Secret) Reveal() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.v == nil || *s.v == "" }

// Equal reports whether s and o hold the same value, in time that does not
// depend on where they differ.
func (s Secret) Equal(o Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(o.Reveal())) == 1
}

// String returns REDACTED.
func (Secret) String() string { return Redacted }

// GoString returns REDACTED, for %#v.
func (Secret) GoString() string { return Redacted }

// Format writes REDACTED for every verb and flag.
func (Secret) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, Redacted) }

// LogValue returns REDACTED, for log/slog.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON returns "REDACTED".
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText returns REDACTED.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// UnmarshalText sets the secret to text, so that configuration files
// decode into a Secret (encoding/json, YAML and flag packages use it).
func (s *Secret) UnmarshalText(text []byte) error {
	*s = NewSecret(string(text))
	return nil
}

// RedactURL returns u as text fit for a log or an error: the user
// information dropped and every query value replaced by REDACTED, since
// some APIs take keys in the query and Go's url.Error prints it.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q, err := url.ParseQuery(c.RawQuery)
		if err != nil {
			c.RawQuery = Redacted
		} else {
			for k := range q {
				q[k] = []string{Redacted}
			}
			c.RawQuery = q.Encode()
		}
	}
	c.Fragment, c.RawFragment = "", ""
	return c.String()
}
