package naming

import (
	"go/token"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExportedSpecWords(t *testing.T) {
	cases := map[string]string{
		"http_status":         "HTTPStatus",
		"user-id":             "UserID",
		"userId":              "UserID",
		"PET_STORE":           "PetStore",
		"HTTPServer":          "HTTPServer",
		"io.k8s.api.core.v1":  "IoK8sAPICoreV1",
		"2fa":                 "N2fa",
		"":                    "",
		"\u202eevil\u202c":    "Evil",
		"имя":                 "",
		"type":                "Type",
		"ids":                 "IDs",
		"api_urls":            "APIURLs",
		"foo bar":             "FooBar",
		"x-codebook":          "XCodebook",
		"*/ /* //go:build ok": "GoBuildOK",
	}
	for in, want := range cases {
		assert.Equal(t, want, Exported(in), "Exported(%q)", in)
	}
}

func TestUnexported(t *testing.T) {
	cases := map[string]string{
		"type":    "type_",
		"string":  "string_",
		"Pet ID":  "petID",
		"1st":     "n1st",
		"":        "",
		"default": "default_",
		"nil":     "nil_",
	}
	for in, want := range cases {
		got := Unexported(in)
		assert.Equal(t, want, got, "Unexported(%q)", in)
		if got != "" {
			assert.True(t, token.IsIdentifier(got), got)
		}
	}
}

func TestScopeClaimSuffixes(t *testing.T) {
	s := NewScope("Client")
	assert.Equal(t, "Client2", s.Claim("Client"))
	assert.Equal(t, "Pet", s.Claim("Pet"))
	assert.Equal(t, "Pet2", s.Claim("Pet"))
	assert.Equal(t, "Pet3", s.Claim("Pet"))
	assert.Equal(t, "X", s.Claim(""))
}

func TestAssignCollisionsAfterSanitising(t *testing.T) {
	reqs := []Request{
		{Key: "foo_bar", Candidate: Type("foo_bar", "T")},
		{Key: "foo-bar", Candidate: Type("foo-bar", "T")},
		{Key: "FooBar2", Candidate: Type("FooBar2", "T")},
	}
	got := NewScope().Assign(reqs)
	// "foo-bar" sorts before "foo_bar"; the literal FooBar2 keeps its name.
	assert.Equal(t, []string{"FooBar3", "FooBar", "FooBar2"}, got)
	// Same input in another order gives the same names.
	rev := []Request{reqs[2], reqs[1], reqs[0]}
	assert.Equal(t, []string{"FooBar2", "FooBar", "FooBar3"}, NewScope().Assign(rev))
}

func TestAssignOperationEqualToTypeName(t *testing.T) {
	s := NewScope()
	types := s.Assign([]Request{{Key: "Pet", Candidate: "Pet"}, {Key: "PetParams", Candidate: "PetParams"}})
	assert.Equal(t, []string{"Pet", "PetParams"}, types)
	// operationId "pet" derives a params type that a schema already holds.
	assert.Equal(t, "PetParams2", s.Claim(Params(Operation("pet", "GET", "/pet"))))
}

func TestFieldNames(t *testing.T) {
	assert.Equal(t, "Type", Field("type"))
	assert.Equal(t, "Plus1", Field("+1"))
	assert.Equal(t, "Minus1", Field("-1"))
	assert.Equal(t, "Field", Field("日本"))
	assert.Equal(t, "AtType", Field("@type"))
	fields := NewScope("AdditionalProperties").Assign([]Request{
		{Key: "additionalProperties", Candidate: Field("additionalProperties")},
		{Key: "日本", Candidate: Field("日本")},
		{Key: "中国", Candidate: Field("中国")},
	})
	assert.Equal(t, []string{"AdditionalProperties2", "Field2", "Field"}, fields)
}

func TestConst(t *testing.T) {
	assert.Equal(t, "StatusSoldOut", Const("Status", "sold out", 0))
	assert.Equal(t, "StatusEmpty", Const("Status", "", 0))
	assert.Equal(t, "Status1", Const("Status", "1", 0))
	assert.Equal(t, "StatusName", Const("Status", "Name", 0))
	assert.Equal(t, "CodeMinus1", Const("Code", int64(-1), 0))
	assert.Equal(t, "Code404", Const("Code", int64(404), 0))
	assert.Equal(t, "Rate1_5", Const("Rate", 1.5, 0))
	assert.Equal(t, "StatusValue3", Const("Status", "¿¡", 2))
	assert.Equal(t, "ReactionPlus1", Const("Reaction", "+1", 0))
	assert.Equal(t, "ReactionMinus1", Const("Reaction", "-1", 1))
	assert.Equal(t, "OpNotEq", Const("Op", "!=", 0))
	assert.Equal(t, "OpLtEq", Const("Op", "<=", 0))
	assert.Equal(t, "PathSlash", Const("Path", "/", 0))
	assert.Equal(t, "NMinus9223372036854775808", Const("N", int64(math.MinInt64), 0))
}

func TestOperationAndTable(t *testing.T) {
	assert.Equal(t, "GetPetsID", Operation("", "GET", "/pets/{id}"))
	assert.Equal(t, "ListPets", Operation("listPets", "GET", "/pets"))
	assert.Equal(t, "TableTransact", Table("transact"))
	assert.Equal(t, "TableTopUp", Table("top_up"))
	assert.Equal(t, "PetSlice", Variant("[]Pet"))
	assert.Equal(t, "StringMap", Variant("map[string]string"))
	assert.Equal(t, "RawMap", Variant("map[string]json.RawMessage"))
	assert.Equal(t, "TimeSlice", Variant("[]time.Time"))
}
