package faultsuite

import (
	"bytes"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	soak   = flag.Bool("soak", false, "run the mixed-fault tests at 100,000 transactions per provider (CODEBOOK_SOAK_N overrides)")
	update = flag.Bool("update", false, "rewrite testdata/actions.md from what the engine does")
)

// Sizes of the mixed-fault runs.
const (
	ciOrders   = 10_000
	soakOrders = 100_000
	workers    = 64
)

// orders returns how many transactions each mixed-fault test runs:
// CODEBOOK_SOAK_N when set, else 100,000 with -soak, else 10,000 (1,000 with
// -short).
func orders(t *testing.T) int {
	t.Helper()
	if v := os.Getenv("CODEBOOK_SOAK_N"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("CODEBOOK_SOAK_N=%q: want a positive number", v)
		}
		return n
	}
	switch {
	case *soak:
		return soakOrders
	case testing.Short():
		return ciOrders / 10
	}
	return ciOrders
}

// soaking reports whether this is a soak run (-soak or CODEBOOK_SOAK_N).
func soaking() bool { return *soak || os.Getenv("CODEBOOK_SOAK_N") != "" }

// figures prints one line of figures: to the test log and, so that a
// plain `go test` run shows it too, to stdout.
func figures(t *testing.T, format string, args ...any) {
	t.Helper()
	line := "FIGURES " + fmt.Sprintf(format, args...)
	t.Log(line)
	fmt.Println(line)
}

// transport is a keep-alive transport sized for the workers: connections
// are reused, as a real client's are, so the faults that kill a connection
// in the middle of a POST also test that net/http never resends it by
// itself.
func transport() *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 2 * time.Second}).DialContext,
		MaxIdleConns:        2 * workers,
		MaxIdleConnsPerHost: 2 * workers,
		IdleConnTimeout:     30 * time.Second,
	}
}

// httpClient is the client of the mixed-fault runs.
func httpClient() *http.Client {
	return &http.Client{Transport: transport(), Timeout: 5 * time.Second}
}

// kinds formats counts by name, sorted.
func kinds[K interface {
	comparable
	fmt.Stringer
}](m map[K]int) string {
	parts := make([]string, 0, len(m))
	for k, n := range m {
		parts = append(parts, fmt.Sprintf("%s:%d", k, n))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, " ") + "}"
}

// sink is a concurrency-safe buffer for log output.
type sink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *sink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *sink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func ptr[T any](v T) *T { return &v }
