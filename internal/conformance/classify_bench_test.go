package conformance

import (
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// clickatellTable returns the generated table with the given id.
func clickatellTable(b testing.TB, id string) clickatell.Table {
	for _, t := range clickatell.Tables() {
		if t.String() == id {
			return t
		}
	}
	b.Fatalf("clickatell has no table %q", id)
	return 0
}

func clickairtimeTable(b testing.TB, id string) clickairtime.Table {
	for _, t := range clickairtime.Tables() {
		if t.String() == id {
			return t
		}
	}
	b.Fatalf("clickairtime has no table %q", id)
	return 0
}

// tally is what a caller does with a classification: branch on it. The
// benchmarks add it up so that nothing is optimised away.
type tally struct{ failed, entries int }

func (t *tally) add(e int, c codebook.Class) {
	if c.Outcome == codebook.OutcomeFailed {
		t.failed++
	}
	t.entries += e
}

// BenchmarkClassify measures Classify on the generated packages: the HTTP
// status and the body's code (or message) together, as a caller uses the
// result. Target: < 5 ns/op and 0 allocs/op for code lookups.
func BenchmarkClassify(b *testing.B) {
	topup := clickairtimeTable(b, "topup")
	reserve := clickatellTable(b, "reserve_funds")
	result := clickatellTable(b, "transact_result")
	financial := clickatellTable(b, "financial_lookup")
	var sum tally
	b.Run("clickairtime/code", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickairtime.Classify(topup, clickairtime.Response{Status: 403, Code: 20, HasCode: true})
			sum.add(int(e), c)
		}
	})
	b.Run("clickairtime/unknown-code", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickairtime.Classify(topup, clickairtime.Response{Status: 200, Code: 4242, HasCode: true})
			sum.add(int(e), c)
		}
	})
	b.Run("clickairtime/status-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickairtime.Classify(topup, clickairtime.Response{Status: 503})
			sum.add(int(e), c)
		}
	})
	b.Run("clickairtime/every-code-in-turn", func(b *testing.B) {
		rs := airtimeResponses(topup)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			e, c := clickairtime.Classify(topup, rs[i%len(rs)])
			sum.add(int(e), c)
			i++
		}
	})
	b.Run("clickatell/code", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickatell.Classify(reserve, clickatell.Response{Status: 200, Code: "2010", HasCode: true})
			sum.add(int(e), c)
		}
	})
	b.Run("clickatell/last-code-of-table", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickatell.Classify(result, clickatell.Response{Status: 200, Code: "9999", HasCode: true})
			sum.add(int(e), c)
		}
	})
	b.Run("clickatell/message-template", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e, c := clickatell.Classify(financial, clickatell.Response{Status: 400, Message: "Product ID 987 does not exist"})
			sum.add(int(e), c)
		}
	})
	if sum.entries == 0 {
		b.Fatal("nothing classified")
	}
}

// airtimeResponses is one response per documented top-up code.
func airtimeResponses(t clickairtime.Table) []clickairtime.Response {
	var rs []clickairtime.Response
	for _, e := range t.Entries() {
		if e.HasCode() {
			rs = append(rs, clickairtime.Response{Status: 200, Code: e.Code(), HasCode: true})
		}
	}
	return rs
}

// BenchmarkClassifyHTTP measures the whole response path: JSON body
// decoding, code parsing and classification.
func BenchmarkClassifyHTTP(b *testing.B) {
	topup := clickairtimeTable(b, "topup")
	body := []byte(`{"message":"Request declined due to low balance","statusCode":403,"code":20,"data":null}`)
	b.ReportAllocs()
	for b.Loop() {
		r := clickairtime.ClassifyHTTP(topup, 403, nil, body, "code", "message")
		if r.Class.Outcome != codebook.OutcomeFailed {
			b.Fatal(r.Class)
		}
	}
}
