package testkit

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestDoSendsBodiesAndHeaders(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Got", r.Header.Get("X-Key")+"|"+r.Header.Get("Content-Type"))
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write(b)
	}))
	defer ts.Close()
	for _, tc := range []struct {
		body   any
		header map[string]string
		want   string
		got    string
	}{
		{`{"raw":1}`, map[string]string{"X-Key": "k"}, `{"raw":1}`, "k|application/json"},
		{map[string]int{"a": 1}, nil, `{"a":1}`, "|application/json"},
		{nil, map[string]string{"Content-Type": ""}, ``, "|"},
	} {
		r, err := Do(t, Plain(), "POST", ts.URL, tc.body, tc.header)
		if err != nil || r.Status != http.StatusTeapot || string(r.Body) != tc.want || r.Header.Get("X-Got") != tc.got || r.Req == nil {
			t.Errorf("%v: %v %d %q %q", tc.body, err, r.Status, r.Body, r.Header.Get("X-Got"))
		}
	}
}

func TestClockMovesOnlyWhenTold(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(t0)
	c.Add(time.Second)
	if err := c.Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got := c.Now(); !got.Equal(t0.Add(time.Minute + time.Second)) {
		t.Errorf("Now = %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := c.Sleep(ctx, time.Second); err == nil {
		t.Error("Sleep on a done context returned nil")
	}
}
