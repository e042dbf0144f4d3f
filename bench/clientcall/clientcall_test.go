package clientcall_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickatell"
)

// topUpBody is a Click Airtime top-up success as the docs show it.
const topUpBody = `{"message":"Success","statusCode":200,"code":1,"data":{"transactionId":"TX-20261128-000123","amount":10.5,"currency":"ZAR","msisdn":"27831234567","extRefId":"order-42","state":"SUCCESS","operator":"Vodacom"}}`

// transactBody is a Clickatell transact success.
const transactBody = `{"responseCode":"0000","responseMessage":"Success","raasTxnRef":"7c3e1b1c-5f0a-4c8e-9d2b-0a1b2c3d4e5f"}`

// server answers every request with body, after reading the request.
func server(b *testing.B, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// memory is a transport answering every request with a 200 and body, without a network.
type memory string

// RoundTrip reads the request's body and answers.
func (m memory) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(string(m))), ContentLength: int64(len(m)), Request: req}, nil
}

// BenchmarkTopUp is Click Airtime's TopUp, generated and by hand, alternately under -count: over
// loopback (the figure) and over an in-memory transport (the client's own cost, without the
// network's noise).
func BenchmarkTopUp(b *testing.B) {
	srv := server(b, topUpBody)
	b.Run("loopback", func(b *testing.B) { benchTopUp(b, srv.Client(), srv.URL) })
	b.Run("memory", func(b *testing.B) { benchTopUp(b, &http.Client{Transport: memory(topUpBody)}, "http://air.test") })
}

// benchTopUp runs TopUp's three sides through hc to base.
func benchTopUp(b *testing.B, hc *http.Client, base string) { runCalls(b, topUpCalls(b, hc, base)) }

// topUpCalls are the generated TopUp (decoding once; "general": WithExtraFields, the path every
// call took before the body was decoded once) and handTopUp, through hc to base.
func topUpCalls(b *testing.B, hc *http.Client, base string) calls {
	client := func(extra ...clickairtime.Option) *clickairtime.Client {
		c, err := clickairtime.NewClient(append([]clickairtime.Option{clickairtime.WithBaseURL(base), clickairtime.WithHTTPClient(hc),
			clickairtime.WithClickAirtimeEmail(codebook.NewSecret("ops@example.com")),
			clickairtime.WithClickAirtimeToken(codebook.NewSecret("t0ken"))}, extra...)...)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	c, general := client(), client(clickairtime.WithExtraFields())
	ctx := context.Background()
	amount, ref := 10.5, "order-42"
	req := clickairtime.TopUpRequest{MSISDN: "27831234567", Amount: &amount, ExtRefID: &ref}
	return calls{
		generated: func() error {
			out, rr, err := c.TopUp(ctx, req)
			return wantOutcome(out != nil, rr.Class.Outcome, codebook.OutcomeSuccess, err)
		},
		general: func() error {
			_, _, err := general.TopUp(ctx, req)
			return err
		},
		handwritten: func() error { return handTopUp(ctx, hc, base, req) },
	}
}

// calls are the three sides of a client-call benchmark, each making one call.
type calls struct{ generated, general, handwritten func() error }

// runCalls runs each side of cs as a sub-benchmark of its name, in the same order every time, so
// that -count alternates them; a call that fails stops the benchmark.
func runCalls(b *testing.B, cs calls) {
	for _, side := range []struct {
		name string
		call func() error
	}{{"generated", cs.generated}, {"general", cs.general}, {"handwritten", cs.handwritten}} {
		b.Run(side.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b, cpuTime())
			for b.Loop() {
				if err := side.call(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// wantOutcome is err, or an error when the call returned no model (decoded is false) or an
// outcome other than want.
func wantOutcome(decoded bool, got, want codebook.Outcome, err error) error {
	if err == nil && (!decoded || got != want) {
		err = fmt.Errorf("decoded %t, outcome %v, want %v", decoded, got, want)
	}
	return err
}

// handTopUp is TopUp as a careful integrator writes it: encode, send, read at most 64 KiB, decode
// into a struct and check the status, the body's statusCode and its code.
func handTopUp(ctx context.Context, hc *http.Client, base string, body clickairtime.TopUpRequest) error {
	var out struct {
		Message    string          `json:"message"`
		StatusCode int             `json:"statusCode"`
		Code       json.RawMessage `json:"code"`
		Data       map[string]json.RawMessage
	}
	data, err := send(ctx, hc, base+"/adp", body, func(h http.Header) {
		h.Set("X-Click-Airtime-Email", "ops@example.com")
		h.Set("X-Click-Airtime-Token", "t0ken")
	})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	if out.StatusCode != http.StatusOK || (string(out.Code) != "1" && string(out.Code) != `"1"`) {
		return fmt.Errorf("top-up failed: %s %s", out.Code, out.Message)
	}
	return nil
}

// BenchmarkTransact is Clickatell's Transact, generated and by hand, alternately under -count, over
// loopback and in memory.
func BenchmarkTransact(b *testing.B) {
	srv := server(b, transactBody)
	b.Run("loopback", func(b *testing.B) { benchTransact(b, srv.Client(), srv.URL) })
	b.Run("memory", func(b *testing.B) { benchTransact(b, &http.Client{Transport: memory(transactBody)}, "http://cat.test") })
}

// benchTransact runs Transact's three sides through hc to base.
func benchTransact(b *testing.B, hc *http.Client, base string) {
	runCalls(b, transactCalls(b, hc, base))
}

// transactCalls are the generated Transact (decoding once, and "general") and handTransact,
// through hc to base.
func transactCalls(b *testing.B, hc *http.Client, base string) calls {
	client := func(extra ...clickatell.Option) *clickatell.Client {
		c, err := clickatell.NewClient(append([]clickatell.Option{clickatell.WithBaseURL(base), clickatell.WithHTTPClient(hc),
			clickatell.WithAPIKey(codebook.NewSecret("k3y")), clickatell.WithBearerAuth(codebook.NewSecret("t0ken"))}, extra...)...)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	c, general := client(), client(clickatell.WithExtraFields())
	ctx := context.Background()
	params := clickatell.TransactParams{Version: clickatell.ReserveAndTransactVersionV1}
	req := clickatell.TransactRequest{PurchaseAmount: 1000, ChannelID: 7, ChannelName: "USSD", ChannelSessionID: "s-1",
		ClientID: 42, ClientTxnRef: "order-42", ReserveFundsTxnRef: "order-42-r"}
	return calls{
		generated: func() error {
			out, rr, err := c.Transact(ctx, params, req)
			return wantOutcome(out != nil, rr.Class.Outcome, codebook.OutcomePending, err)
		},
		general: func() error {
			_, _, err := general.Transact(ctx, params, req)
			return err
		},
		handwritten: func() error { return handTransact(ctx, hc, base, req) },
	}
}

// handTransact is Transact by hand: the response code "0000" (processing) is accepted.
func handTransact(ctx context.Context, hc *http.Client, base string, body clickatell.TransactRequest) error {
	var out struct {
		ResponseCode    string `json:"responseCode"`
		ResponseMessage string `json:"responseMessage"`
		RaasTxnRef      string `json:"raasTxnRef"`
	}
	data, err := send(ctx, hc, base+"/raas/v1/transact", body, func(h http.Header) {
		h.Set("X-API-Key", "k3y")
		h.Set("Authorization", "Bearer t0ken")
	})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, &out); err != nil {
		return err
	}
	if out.ResponseCode != "0000" {
		return fmt.Errorf("transact failed: %s %s", out.ResponseCode, out.ResponseMessage)
	}
	return nil
}

// send posts the JSON encoding of body to url with the headers auth sets, and returns the 2xx
// response body, read to at most 64 KiB.
func send(ctx context.Context, hc *http.Client, url string, body any, auth func(http.Header)) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	auth(req.Header)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return data, nil
}

// cpuTime is the CPU time the process has used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the process CPU time per operation since start, cpu-ns/op: unlike ns/op, it
// does not count the time spent waiting for a CPU on a loaded machine.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkInterleaved makes the generated call and the hand-written one in turn within each
// iteration, timing each, over loopback and in memory: a load that comes and goes weighs on both
// alike, where separate runs a few hundred milliseconds apart may catch it on one side only. It
// reports each side's ns per call and their ratio (generated/handwritten) as x-hand.
func BenchmarkInterleaved(b *testing.B) {
	for _, p := range []struct {
		name, body string
		pair       func(b *testing.B, hc *http.Client, base string) (gen, hand func())
	}{{"TopUp", topUpBody, topUpPair}, {"Transact", transactBody, transactPair}} {
		srv := server(b, p.body)
		b.Run(p.name+"/loopback", func(b *testing.B) { interleave(b)(p.pair(b, srv.Client(), srv.URL)) })
		b.Run(p.name+"/memory", func(b *testing.B) {
			interleave(b)(p.pair(b, &http.Client{Transport: memory(p.body)}, "http://api.test"))
		})
	}
}

// interleave returns the function running gen and hand in turn under b, timing each.
func interleave(b *testing.B) func(gen, hand func()) {
	return func(gen, hand func()) { timeInTurn(b, gen, hand) }
}

// timeInTurn runs gen and hand in turn, timing each; which goes first alternates too.
func timeInTurn(b *testing.B, gen, hand func()) {
	var tg, th time.Duration
	n := 0
	for b.Loop() {
		first, second := gen, hand
		if n%2 == 1 {
			first, second = hand, gen
		}
		start := time.Now()
		first()
		mid := time.Now()
		second()
		d1, d2 := mid.Sub(start), time.Since(mid)
		if n%2 == 1 {
			d1, d2 = d2, d1
		}
		tg, th, n = tg+d1, th+d2, n+1
	}
	b.ReportMetric(float64(tg)/float64(n), "gen-ns/op")
	b.ReportMetric(float64(th)/float64(n), "hand-ns/op")
	b.ReportMetric(float64(tg)/float64(th), "x-hand")
}

// topUpPair returns the generated TopUp call and the hand-written one, through hc to base.
func topUpPair(b *testing.B, hc *http.Client, base string) (gen, hand func()) {
	return pair(b, topUpCalls(b, hc, base))
}

// transactPair returns the generated Transact call and the hand-written one, through hc to base.
func transactPair(b *testing.B, hc *http.Client, base string) (gen, hand func()) {
	return pair(b, transactCalls(b, hc, base))
}

// pair returns the generated and the hand-written side of cs, each stopping the benchmark when
// its call fails.
func pair(b *testing.B, cs calls) (gen, hand func()) {
	must := func(call func() error) func() {
		return func() {
			if err := call(); err != nil {
				b.Fatal(err)
			}
		}
	}
	return must(cs.generated), must(cs.handwritten)
}
