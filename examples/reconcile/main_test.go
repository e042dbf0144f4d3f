package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoResolvesWhatTheRulesAllow runs the demo and reads what became of
// each transaction a crashed service left.
func TestDemoResolvesWhatTheRulesAllow(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, runDemo(&out))
	s := out.String()
	for ref, want := range map[string]string{
		"demo-created":         `→ failed\s+\(provider: 0 top-up\(s\), charged 0\)`,
		"demo-sending-absent":  `→ succeeded \(provider: 1 top-up\(s\), charged 1\)`,
		"demo-sending-charged": `→ succeeded \(provider: 1 top-up\(s\), charged 1\)`,
		"demo-uncertain":       `→ succeeded \(provider: 1 top-up\(s\), charged 1\)`,
		"demo-pending":         `→ succeeded \(provider: 1 top-up\(s\), charged 1\)`,
		"demo-refund":          `→ sending\s+\(provider: 0 top-up\(s\), charged 0\)`,
	} {
		assert.Regexp(t, regexp.MustCompile(`(?m)^`+ref+` .*`+want), s, ref)
	}
	assert.Contains(t, s, "unresolved 1")
	assert.NotContains(t, s, "263719545499", "no request bytes in the log")
}
