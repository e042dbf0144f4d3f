package conformance

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// The side-by-side benchmarks run the generated code and the hand-written
// code of handwritten_test.go in one `go test -bench` run, each pair one
// after the other, so that bench/classify.sh can print their ratios. Each
// body is the spec's own example of an error answer.
var (
	airtimeErrorBody    = []byte(`{"message":"Request declined due to low balance","statusCode":403,"code":20,"data":null}`)
	v2ErrorBody         = []byte(`{"success":false,"error":{"code":"INSUFFICIENT_BALANCE","message":"Wallet balance is too low","statusCode":402}}`)
	clickatellErrorBody = []byte(`{"responseCode":"2010","responseMessage":"Insufficient funds"}`)
)

// sink keeps what a caller branches on, so that nothing is optimised away.
type sink struct{ failed, chars int }

func (s *sink) add(c codebook.Class, message string) {
	if c.Outcome == codebook.OutcomeFailed {
		s.failed++
	}
	s.chars += len(message)
}

// BenchmarkSideBySideClassifyHTTP is ClassifyHTTP on a small JSON error
// body against json.Unmarshal into a two-field struct plus a switch.
func BenchmarkSideBySideClassifyHTTP(b *testing.B) {
	var s sink
	b.Run("clickairtime/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, 403, nil, airtimeErrorBody, "code", "message")
			s.add(r.Class, r.Message)
		}
	})
	b.Run("clickairtime/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.add(handAirtimeHTTP(403, airtimeErrorBody))
		}
	})
	b.Run("clickairtimev2/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 402, nil, v2ErrorBody, "error.code", "error.message")
			s.add(r.Class, r.Message)
		}
	})
	b.Run("clickairtimev2/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.add(handV2HTTP(402, v2ErrorBody))
		}
	})
	b.Run("clickatell/generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, 200, nil, clickatellErrorBody, "responseCode", "responseMessage")
			s.add(r.Class, r.Message)
		}
	})
	b.Run("clickatell/hand", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.add(handClickatellHTTP(200, clickatellErrorBody))
		}
	})
	if s.failed == 0 {
		b.Fatal("no failure classified")
	}
}

// BenchmarkSideBySideClassify is Classify by code against a hand-written
// switch over the same codes, read from a slice so that the compiler cannot
// fold either switch away: "one-code" is the same failure code every time,
// "every-code" each documented code of the table in turn.
func BenchmarkSideBySideClassify(b *testing.B) {
	var s sink
	airtime := airtimeResponses(clickairtime.TableTopup)
	v2 := v2Responses()
	clickatellRs := clickatellResponses()
	benchAirtimeClassify(b, "clickairtime/one-code", oneCode(airtime, func(r clickairtime.Response) bool { return r.Code == 20 }), &s)
	benchAirtimeClassify(b, "clickairtime/every-code", airtime, &s)
	benchV2Classify(b, "clickairtimev2/one-code", oneCode(v2, func(r clickairtimev2.Response) bool { return r.Code == "INSUFFICIENT_BALANCE" }), &s)
	benchV2Classify(b, "clickairtimev2/every-code", v2, &s)
	benchClickatellClassify(b, "clickatell/one-code", oneCode(clickatellRs, func(r clickatell.Response) bool { return r.Code == "2010" }), &s)
	benchClickatellClassify(b, "clickatell/every-code", clickatellRs, &s)
	if s.failed == 0 {
		b.Fatal("no failure classified")
	}
}

// oneCode is the one response of rs that is wanted.
func oneCode[R any](rs []R, want func(R) bool) []R {
	for _, r := range rs {
		if want(r) {
			return []R{r}
		}
	}
	panic("no such code")
}

// benchAirtimeClassify runs the pair over rs, generated then hand-written.
func benchAirtimeClassify(b *testing.B, name string, rs []clickairtime.Response, s *sink) {
	b.Run(name+"/generated", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			_, c := clickairtime.Classify(clickairtime.TableTopup, r)
			s.add(c, "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
	b.Run(name+"/hand", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			s.add(handSettle(handAirtimeCode(int(r.Code)), r.Status), "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
}

// benchV2Classify runs the pair over rs, generated then hand-written.
func benchV2Classify(b *testing.B, name string, rs []clickairtimev2.Response, s *sink) {
	b.Run(name+"/generated", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			_, c := clickairtimev2.Classify(clickairtimev2.TableTopup, r)
			s.add(c, "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
	b.Run(name+"/hand", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			s.add(handSettle(handV2Code(string(r.Code)), r.Status), "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
}

// benchClickatellClassify runs the pair over rs, generated then hand-written.
func benchClickatellClassify(b *testing.B, name string, rs []clickatell.Response, s *sink) {
	b.Run(name+"/generated", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			_, c := clickatell.Classify(clickatell.TableReserveFunds, r)
			s.add(c, "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
	b.Run(name+"/hand", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			r := rs[i]
			s.add(handSettle(handClickatellCode(string(r.Code)), r.Status), "")
			if i++; i == len(rs) {
				i = 0
			}
		}
	})
}

// v2Responses is one response per documented V2 top-up code.
func v2Responses() []clickairtimev2.Response {
	var rs []clickairtimev2.Response
	for _, e := range clickairtimev2.TableTopup.Entries() {
		if e.HasCode() {
			rs = append(rs, clickairtimev2.Response{Status: 200, Code: e.Code(), HasCode: true})
		}
	}
	return rs
}

// clickatellResponses is one response per documented Reserve Funds code.
func clickatellResponses() []clickatell.Response {
	var rs []clickatell.Response
	for _, e := range clickatell.TableReserveFunds.Entries() {
		if e.HasCode() {
			rs = append(rs, clickatell.Response{Status: 200, Code: e.Code(), HasCode: true})
		}
	}
	return rs
}

// handCase is one documented code answered with one status.
type handCase struct {
	name   string
	status int
	body   []byte
	class  codebook.Class // what the generated ClassifyHTTP says
	msg    string
}

// statuses are the statuses each documented code is tried with: the row's
// own (or 200), a 2xx and a non-2xx, so that the settle rule is compared.
func statuses(documented int) []int {
	if documented == 0 {
		documented = 200
	}
	return []int{documented, 200, 503}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHandWrittenAgrees proves the two sides of the side-by-side benchmarks
// compute the same answer: on every documented code of the three tables,
// with several statuses, the hand-written code gives ClassifyHTTP's class
// and message, and the hand-written switch gives Classify's class.
func TestHandWrittenAgrees(t *testing.T) {
	n := 0
	for _, e := range clickairtime.TableTopup.Entries() {
		if !e.HasCode() {
			continue
		}
		for _, st := range statuses(e.HTTPStatus()) {
			body := mustJSON(t, map[string]any{"code": int(e.Code()), "message": e.Message(), "statusCode": st})
			r := clickairtime.ClassifyHTTP(clickairtime.TableTopup, st, nil, body, "code", "message")
			_, c := clickairtime.Classify(clickairtime.TableTopup, clickairtime.Response{Status: st, Code: e.Code(), HasCode: true})
			agree(t, handCase{fmt.Sprint(e, st), st, body, r.Class, r.Message}, handAirtimeHTTP, c, handSettle(handAirtimeCode(int(e.Code())), st))
			n++
		}
	}
	for _, e := range clickairtimev2.TableTopup.Entries() {
		if !e.HasCode() {
			continue
		}
		for _, st := range statuses(e.HTTPStatus()) {
			body := mustJSON(t, map[string]any{"success": false, "error": map[string]any{"code": string(e.Code()), "message": e.Message(), "statusCode": st}})
			r := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, st, nil, body, "error.code", "error.message")
			_, c := clickairtimev2.Classify(clickairtimev2.TableTopup, clickairtimev2.Response{Status: st, Code: e.Code(), HasCode: true})
			agree(t, handCase{fmt.Sprint(e, st), st, body, r.Class, r.Message}, handV2HTTP, c, handSettle(handV2Code(string(e.Code())), st))
			n++
		}
	}
	for _, e := range clickatell.TableReserveFunds.Entries() {
		if !e.HasCode() {
			continue
		}
		for _, st := range statuses(e.HTTPStatus()) {
			body := mustJSON(t, map[string]any{"responseCode": string(e.Code()), "responseMessage": e.Message()})
			r := clickatell.ClassifyHTTP(clickatell.TableReserveFunds, st, nil, body, "responseCode", "responseMessage")
			_, c := clickatell.Classify(clickatell.TableReserveFunds, clickatell.Response{Status: st, Code: e.Code(), HasCode: true})
			agree(t, handCase{fmt.Sprint(e, st), st, body, r.Class, r.Message}, handClickatellHTTP, c, handSettle(handClickatellCode(string(e.Code())), st))
			n++
		}
	}
	if n < 3*3*10 {
		t.Fatalf("only %d cases compared", n)
	}
}

// agree fails t when the hand-written side disagrees with the generated
// side on one case.
func agree(t *testing.T, c handCase, hand func(int, []byte) (codebook.Class, string), generated, handSwitch codebook.Class) {
	t.Helper()
	class, msg := hand(c.status, c.body)
	if class != c.class || msg != c.msg {
		t.Errorf("%s: hand-written ClassifyHTTP %v %q, generated %v %q", c.name, class, msg, c.class, c.msg)
	}
	if handSwitch != generated {
		t.Errorf("%s: hand-written switch %v, generated Classify %v", c.name, handSwitch, generated)
	}
}
