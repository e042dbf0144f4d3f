package codebookimpl_test

import (
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/codebookimpl"
	"github.com/codebookgen/codebook/generated/clickairtime"
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
				code, msg, _ := codebookimpl.BodyFields(c.body, c.code, c.message)
				n += len(code) + len(msg)
			}
			if n == 0 {
				b.Fatalf("%s: no code or message read", c.name)
			}
		})
	}
}

// BenchmarkClassifyHTTPPaths is the whole response path of a generated
// package (body fields, code parsing, classification) with the code at the
// top of the body and nested in it.
func BenchmarkClassifyHTTPPaths(b *testing.B) {
	cases := []struct {
		name, code, message string
		body                []byte
	}{
		{"flat", "code", "message", []byte(`{"message":"Request declined due to low balance","statusCode":403,"code":20,"data":null}`)},
		{"nested", "error.code", "error.message", []byte(`{"statusCode":403,"data":null,"error":{"message":"Request declined due to low balance","code":20}}`)},
		{"array", "errors.0.code", "errors.0.message", []byte(`{"statusCode":403,"data":null,"errors":[{"message":"Request declined due to low balance","code":20}]}`)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 403, nil, c.body, c.code, c.message)
				if r.Class.Outcome != codebook.OutcomeFailed {
					b.Fatal(r.Class)
				}
			}
		})
	}
}
