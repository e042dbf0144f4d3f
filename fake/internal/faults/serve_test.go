package faults

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/codebookgen/codebook/fake/fault"
	"github.com/codebookgen/codebook/fake/internal/ledger"
)

// serveOne starts a Base whose every request is served under f; processed
// counts the calls of process, and notFound, when set, is the lookup's
// not-found answer.
func serveOne(t *testing.T, f fault.Fault, processed *atomic.Int32, notFound func() Response) *Base {
	t.Helper()
	b := NewBase()
	b.Start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b.Serve(w, r, f, func() Response {
			processed.Add(1)
			return JSON(http.StatusOK, []byte(`{"ok":true}`))
		}, Answers{Unavailable: func() Response { return JSON(http.StatusServiceUnavailable, []byte(`{}`)) }, NotFound: notFound})
	}))
	t.Cleanup(b.Close)
	return b
}

func TestSlowCommitProcessesAfterTheClientGaveUp(t *testing.T) {
	var processed atomic.Int32
	const delay = 300 * time.Millisecond
	b := serveOne(t, fault.Fault{Kind: fault.KindSlowCommit, Delay: delay}, &processed, nil)
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 50 * time.Millisecond}
	start := time.Now()
	if _, err := hc.Get(b.URL()); err == nil {
		t.Fatal("slow commit: the client got an answer")
	}
	if processed.Load() != 0 {
		t.Fatal("processed before the client gave up")
	}
	for processed.Load() == 0 && time.Since(start) < 5*time.Second {
		time.Sleep(5 * time.Millisecond)
	}
	if processed.Load() != 1 || time.Since(start) < delay {
		t.Fatalf("processed %d times after %v, want once after %v", processed.Load(), time.Since(start), delay)
	}
	// A patient client gets no answer either.
	hc.Timeout = 5 * time.Second
	if _, err := hc.Get(b.URL()); err == nil || processed.Load() != 2 {
		t.Fatalf("patient client: %v, processed %d", err, processed.Load())
	}
}

func TestNotFoundErrorOnlyWhereThereIsANotFound(t *testing.T) {
	var processed atomic.Int32
	nf := func() Response { return JSON(http.StatusNotFound, []byte(`{"message":"No transactions found"}`)) }
	b := serveOne(t, fault.Fault{Kind: fault.KindNotFoundError}, &processed, nf)
	resp, err := http.Get(b.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError || string(body) != `{"message":"No transactions found"}` || processed.Load() != 0 {
		t.Fatalf("%d %s, processed %d", resp.StatusCode, body, processed.Load())
	}
	if b.Struck.Map()[fault.KindNotFoundError] != 1 {
		t.Errorf("struck %v", b.Struck.Map())
	}
	// Without a not-found answer (not a lookup) the request is served as usual.
	other := serveOne(t, fault.Fault{Kind: fault.KindNotFoundError, Status: 503}, &processed, nil)
	resp, err = http.Get(other.URL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || processed.Load() != 1 {
		t.Fatalf("%d, processed %d", resp.StatusCode, processed.Load())
	}
}

func TestLookupFreedomsAnswer(t *testing.T) {
	for _, k := range []fault.Kind{fault.KindOthersFirst, fault.KindOthersInstead, fault.KindOursTwice} {
		if !(fault.Fault{Kind: k}).Answers() {
			t.Errorf("%v does not let the provider answer", k)
		}
	}
	for _, k := range []fault.Kind{fault.KindSlowCommit, fault.KindNotFoundError} {
		if (fault.Fault{Kind: k}).Answers() {
			t.Errorf("%v answers", k)
		}
	}
	if (fault.Fault{Kind: fault.KindOthersFirst}).OtherState() != ledger.Succeeded || (fault.Fault{Kind: fault.KindOthersFirst, Other: ledger.Failed}).OtherState() != ledger.Failed {
		t.Error("OtherState")
	}
	if got := (fault.Fault{Kind: fault.KindNotFoundError, Status: 503}).String(); got != "not_found_error status=503" {
		t.Errorf("%q", got)
	}
	if got := (fault.Fault{Kind: fault.KindOthersFirst, Other: ledger.Failed}).String(); got != "others_first other=FAILED" {
		t.Errorf("%q", got)
	}
}

func TestRedirectAnswersBeforeProcessing(t *testing.T) {
	var processed atomic.Int32
	b := serveOne(t, fault.Fault{Kind: fault.KindRedirect, Location: "http://elsewhere.invalid/adp"}, &processed, nil)
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Post(b.URL(), "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "http://elsewhere.invalid/adp" || processed.Load() != 0 {
		t.Fatalf("%d to %q, processed %d: want 307 to the Location, unprocessed", resp.StatusCode, resp.Header.Get("Location"), processed.Load())
	}
	if (fault.Fault{Kind: fault.KindRedirect}).Answers() {
		t.Error("a redirect lets the answer through")
	}
	if got := (fault.Fault{Kind: fault.KindRedirect, Location: "/x"}).String(); got != "redirect location=/x" {
		t.Errorf("%q", got)
	}
}
