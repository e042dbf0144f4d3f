package oapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
)

// hostileCalls is how many hostile answers TestCodebookGzipBombMemory
// takes at once.
const hostileCalls = 200

// bodyBudget is what one answer of these providers may cost: their
// documented bodies are JSON objects under 4 KiB; the generated clients'
// default limit must not exceed it.
const bodyBudget = 64 << 10

// gzipBomb returns a gzip stream of mib MiB of zeros, about 1 KiB per MiB:
// deflate's output for one more MiB of zeros after a flush is the same
// every time, so the stream is built by repeating it (1 GiB in a quarter
// of a second) rather than by compressing 1 GiB.
func gzipBomb(t testing.TB, mib int) []byte {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	chunk := func() []byte {
		_, _ = w.Write(zeros)
		_ = w.Flush()
		out := bytes.Clone(b.Bytes())
		b.Reset()
		return out
	}
	first, mid := chunk(), chunk()
	if again := chunk(); !bytes.Equal(mid, again) {
		t.Fatal("deflate's output for the same MiB differs: cannot build the bomb by repetition")
	}
	_ = w.Close()
	final := b.Bytes()[:b.Len()-8] // the last, empty block; the trailer is computed below
	out := append(first, bytes.Repeat(mid, mib-1)...)
	out = append(out, final...)
	var crc uint32
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(mib<<20))
}

// heapPeak samples the heap every millisecond until stop is closed and
// returns the largest HeapAlloc seen.
func heapPeak(stop <-chan struct{}) <-chan uint64 {
	out := make(chan uint64, 1)
	go func() {
		var peak uint64
		var ms runtime.MemStats
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
			select {
			case <-stop:
				out <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return out
}

// TestCodebookGzipBombMemory (issue 9, item 8): 200 top-ups at once, each
// answered with a 1 MB gzip body that inflates to 1 GiB. Each fails as too
// large and uncertain, having read no more than the client's limit: the
// heap grows by a few times 200 x 64 KiB at most (it grew by about 40 to
// 70 MiB per call before, when the limit was 32 MiB and the body was read
// with io.ReadAll). The peak is logged: go test -v -run
// TestCodebookGzipBombMemory ./internal/oapi/
func TestCodebookGzipBombMemory(t *testing.T) {
	bomb := gzipBomb(t, 1024)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()
	c := airClient(t, srv.URL)

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop := make(chan struct{})
	peak := heapPeak(stop)
	start := time.Now()
	errs := make([]error, hostileCalls)
	outcomes := make([]codebook.Outcome, hostileCalls)
	var wg sync.WaitGroup
	for i := range hostileCalls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, rr, err := c.TopUp(context.Background(), clickairtime.TopUpRequest{MSISDN: "263719545499"})
			errs[i], outcomes[i] = err, rr.Class.Outcome
		}()
	}
	wg.Wait()
	close(stop)
	grown := int64(<-peak) - int64(base.HeapAlloc)
	limit := int64(clickairtime.DefaultMaxResponseBytes)
	t.Logf("%d concurrent gzip bombs (%d bytes inflating to 1 GiB) against a %d KiB limit: peak heap %.1f MiB above the %.1f MiB before (%.0f KiB a call), in %v",
		hostileCalls, len(bomb), limit>>10, float64(grown)/(1<<20), float64(base.HeapAlloc)/(1<<20), float64(grown)/hostileCalls/1024, time.Since(start).Round(time.Millisecond))
	for i, err := range errs {
		if !errors.Is(err, codebook.ErrBodyTooLarge) || outcomes[i] != codebook.OutcomeUncertain {
			t.Fatalf("call %d: %v, outcome %v; want codebook.ErrBodyTooLarge, uncertain", i, err, outcomes[i])
		}
	}
	if limit > bodyBudget {
		t.Errorf("DefaultMaxResponseBytes is %d, more than the %d bytes an answer of these providers may cost", limit, bodyBudget)
	}
	if bound := int64(6 * hostileCalls * bodyBudget); grown > bound {
		t.Errorf("peak heap grew by %d bytes, more than %d (6 x %d calls x %d bytes)", grown, bound, hostileCalls, bodyBudget)
	}
}
