package naming

import (
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExported(t *testing.T) {
	cases := map[string]string{
		"http_status":                 "HTTPStatus",
		"topup":                       "Topup",
		"Top-up successful!":          "TopUpSuccessful",
		"customer_account_validation": "CustomerAccountValidation",
		"mno lookup":                  "MNOLookup",
		"productId":                   "ProductID",
		"404":                         "N404",
		"type":                        "Type",
		"\u202eevil\u202c":            "Evil",
		"раураl":                      "L", // Cyrillic look-alikes are dropped, never kept
		"":                            "",
		"*/ \n":                       "",
	}
	for in, want := range cases {
		got := Exported(in)
		assert.Equal(t, want, got, "Exported(%q)", in)
		if got != "" {
			assert.True(t, token.IsIdentifier(got) && token.IsExported(got), "%q is not an exported identifier", got)
		}
	}
}

func TestIsPackageName(t *testing.T) {
	for _, ok := range []string{"clickatell", "clickairtime", "p2"} {
		assert.True(t, IsPackageName(ok), ok)
	}
	for _, bad := range []string{"", "type", "string", "Click", "2p", "click_airtime", "go", "nil"} {
		assert.False(t, IsPackageName(bad), bad)
	}
}
