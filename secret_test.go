package codebook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook"
)

const canary = "sk_live_CANARY_9f8e7d"

func TestSecretRedacted(t *testing.T) {
	s := codebook.NewSecret(canary)
	type config struct {
		Email string
		Token codebook.Secret
		Ptr   *codebook.Secret
		token codebook.Secret // fmt cannot call the methods of an unexported field
	}
	cfg := config{Email: "ops@example.com", Token: s, Ptr: &s, token: s}

	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%T"} {
		out = append(out, fmt.Sprintf(verb, s), fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, &cfg), fmt.Sprintf(verb, []codebook.Secret{s}))
	}
	out = append(out, fmt.Sprint(s), fmt.Sprintln(s, cfg), s.String(), s.GoString(), fmt.Sprintf("%v", map[string]codebook.Secret{"k": s}))

	for _, h := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		l := slog.New(h(&buf))
		l.Info("call", "token", s, "cfg", cfg, slog.Any("ptr", &s), slog.Group("g", "t", s))
		out = append(out, buf.String())
	}

	j, err := json.Marshal(cfg)
	require.NoError(t, err)
	out = append(out, string(j))
	j, err = json.Marshal(map[codebook.Secret]codebook.Secret{s: s})
	require.NoError(t, err)
	out = append(out, string(j))

	for _, o := range out {
		assert.NotContains(t, o, canary)
		assert.NotContains(t, o, "CANARY")
	}
	assert.Contains(t, string(j), codebook.Redacted)
	assert.Equal(t, canary, s.Reveal(), "the value is still there for the header")
	assert.False(t, s.IsZero())
	assert.True(t, codebook.Secret{}.IsZero())
	assert.True(t, s.Equal(codebook.NewSecret(canary)))
	assert.False(t, s.Equal(codebook.NewSecret(canary+"x")))

	var decoded struct{ Token codebook.Secret }
	require.NoError(t, json.Unmarshal([]byte(`{"Token":"`+canary+`"}`), &decoded))
	assert.Equal(t, canary, decoded.Token.Reveal(), "configuration decodes into a Secret")
}

func TestRedactURL(t *testing.T) {
	u, err := url.Parse("https://user:" + canary + "@api.example.com/v1/x?api_key=" + canary + "&clientId=7#frag")
	require.NoError(t, err)
	got := codebook.RedactURL(u)
	assert.NotContains(t, got, canary)
	assert.NotContains(t, got, "user")
	assert.Equal(t, "https://api.example.com/v1/x?api_key=REDACTED&clientId=REDACTED", got)
	assert.Empty(t, codebook.RedactURL(nil))
}
