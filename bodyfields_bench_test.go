package codebook_test

import (
	"testing"

	"github.com/codebookgen/codebook"
)

// BenchmarkBodyFields reads the code and message of a typical error body,
// flat ("code") and nested ("error.code", "errors.0.code"), so that the
// allocations of the two forms can be compared in one run.
func BenchmarkBodyFields(b *testing.B) {
	cases := []struct {
		name, code, message string
		body                []byte
	}{
		{"flat", "code", "message",
			[]byte(`{"code": 20, "message": "Request declined due to low balance", "data": {"id": 7, "tags": ["a", "b"]}}`)},
		{"nested", "error.code", "error.message",
			[]byte(`{"data": {"id": 7, "tags": ["a", "b"]}, "error": {"code": 20, "message": "Request declined due to low balance"}}`)},
		{"array", "errors.0.code", "errors.0.message",
			[]byte(`{"data": {"id": 7, "tags": ["a", "b"]}, "errors": [{"code": 20, "message": "Request declined due to low balance"}]}`)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				code, msg, _ := codebook.BodyFields(c.body, c.code, c.message)
				n += len(code) + len(msg)
			}
			if n == 0 {
				b.Fatalf("%s: no code or message read", c.name)
			}
		})
	}
}
