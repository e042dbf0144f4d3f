package gocode

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/codebookgen/codebook/internal/naming"
)

// TestNamesAreTheNamingList: the constants the emitters spell are exactly
// the one list the validator and the package model reserve, so a name added
// to the emitter and not to naming.CodeTableNames (or the reverse) fails.
func TestNamesAreTheNamingList(t *testing.T) {
	spelled := []string{NameCode, NameParseCode, NameTable, NameTables, NameEntry, NameEntries,
		NameResponse, NameResult, NameError, NameClassify, NameClassifyHTTP, NameDecodeResponse}
	require.ElementsMatch(t, naming.CodeTableNames(), spelled)
}
