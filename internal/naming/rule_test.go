package naming

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codeTables and runtime are names a package declares before any OpenAPI
// name: the code tables' and the client runtime's.
var (
	codeTables = []string{"Code", "ParseCode", "Table", "Entry", "Result", "Error", "ClassifyHTTP",
		"TableCharge", "ChargeApproved", "TopupStatusCompleted"}
	runtime = []string{"Client", "NewClient", "Option", "Secret", "Date"}
)

// TestCollisionRule is the rule of the package doc, case by case: spec
// words become names; a declared name takes its kind's suffix; spec words
// that sanitise alike are told apart by number, in key order.
func TestCollisionRule(t *testing.T) {
	cases := []struct {
		name string
		reqs []Request
		want []string
	}{
		{"code tables' type", []Request{{Key: "Code", Candidate: Type("Code", "T"), Kind: KindType}}, []string{"CodeSchema"}},
		{"code tables' row type", []Request{{Key: "Entry", Candidate: Type("Entry", "T"), Kind: KindType}}, []string{"EntrySchema"}},
		{"runtime's Client", []Request{{Key: "client", Candidate: Type("client", "T"), Kind: KindType}}, []string{"ClientSchema"}},
		{"table constant", []Request{{Key: "charge_approved", Candidate: Type("charge_approved", "T"), Kind: KindType}}, []string{"ChargeApprovedSchema"}},
		{"enum constant", []Request{{Key: "s", Candidate: Const("TopupStatus", "completed", 0), Kind: KindConst}}, []string{"TopupStatusCompletedValue"}},
		{"Go keyword", []Request{{Key: "type", Candidate: Type("type", "T"), Kind: KindType}}, []string{"Type"}},
		{"predeclared", []Request{{Key: "string", Candidate: Type("string", "T"), Kind: KindType}}, []string{"String"}},
		{"initialism", []Request{{Key: "msisdn_lookup", Candidate: Type("msisdn_lookup", "T"), Kind: KindType}}, []string{"MSISDNLookup"}},
		{"case and punctuation", []Request{
			{Key: "foo_bar", Candidate: Type("foo_bar", "T"), Kind: KindType},
			{Key: "FOO-BAR", Candidate: Type("FOO-BAR", "T"), Kind: KindType},
			{Key: "fooBar", Candidate: Type("fooBar", "T"), Kind: KindType},
		}, []string{"FooBar3", "FooBar", "FooBar2"}},
		{"declared and duplicated", []Request{
			{Key: "code", Candidate: Type("code", "T"), Kind: KindType},
			{Key: "Code", Candidate: Type("Code", "T"), Kind: KindType},
		}, []string{"CodeSchema2", "CodeSchema"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewScope(append(codeTables, runtime...)...)
			got := s.Assign(c.reqs)
			assert.Equal(t, c.want, got)
			assert.Empty(t, s.Conflicts())
			for _, n := range got {
				assert.True(t, token.IsIdentifier(n) && token.IsExported(n), n)
			}
		})
	}
}

// TestCollisionRuleConflict: when the suffixed name is a spec name too,
// the rule cannot settle it, and the scope says which claim failed.
func TestCollisionRuleConflict(t *testing.T) {
	s := NewScope(codeTables...)
	got := s.Assign([]Request{
		{Key: "#/components/schemas/Code", Candidate: "Code", Kind: KindType},
		{Key: "#/components/schemas/CodeSchema", Candidate: "CodeSchema", Kind: KindType},
	})
	assert.Equal(t, "CodeSchema", got[1], "the name the spec wrote keeps it")
	require.Len(t, s.Conflicts(), 1)
	assert.Equal(t, Conflict{Key: "#/components/schemas/Code", Wanted: "Code", Kinded: "CodeSchema"}, s.Conflicts()[0])
}

// TestKindNoneKeepsNumbers: scopes without kinds (struct fields, locals)
// number repeats as before.
func TestKindNoneKeepsNumbers(t *testing.T) {
	s := NewScope("Client")
	assert.Equal(t, "Client2", s.Claim("Client"))
	assert.Empty(t, s.Conflicts())
}

// TestDeclaredOwners: a name declared by two owners is an error naming
// both; the same owner may repeat itself.
func TestDeclaredOwners(t *testing.T) {
	d := NewDeclared()
	require.NoError(t, d.Add("the code tables", "Code", "Entry"))
	require.NoError(t, d.Add("the code tables", "Code"))
	require.NoError(t, d.Add("the client runtime", "Client"))
	err := d.Add("the client runtime", "Entry")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the client runtime declares Entry, which the code tables declares already")
	assert.Equal(t, []string{"Client", "Code", "Entry"}, d.Names())
	assert.Equal(t, "the code tables", d.Owner("Code"))
	assert.Empty(t, d.Owner("Pet"))
}

// TestOneInitialismList: the code tables' words and the OpenAPI words are
// spelled by the same list.
func TestOneInitialismList(t *testing.T) {
	for in, want := range map[string]string{
		"msisdn": "MSISDN", "Msisdn": "MSISDN", "mno lookup": "MNOLookup", "sku": "SKU", "ussd": "USSD",
		"jwt": "JWT", "HLR_LOOKUP_FAILED": "HLRLookupFailed", "user_ids": "UserIDs", "url": "URL",
	} {
		assert.Equal(t, want, Exported(in), in)
	}
}
