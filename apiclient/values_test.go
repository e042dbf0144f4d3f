package apiclient_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/codebookgen/codebook/apiclient"
)

// TestDate: dates that do not exist are refused on the way in and out.
func TestDate(t *testing.T) {
	for _, s := range []string{"2026-02-30", "2026-13-01", "2026-2-3", "26-02-03", "2026-02-03T00:00:00Z", "", "2026-02-03 "} {
		if d, err := apiclient.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", s, d)
		}
		var d apiclient.Date
		if err := json.Unmarshal([]byte(`"`+s+`"`), &d); err == nil {
			t.Errorf("json %q decoded as %v", s, d)
		}
	}
	if d, err := apiclient.ParseDate("2024-02-29"); err != nil || d != (apiclient.Date{Year: 2024, Month: time.February, Day: 29}) || d.String() != "2024-02-29" {
		t.Errorf("leap day: %v %v", d, err)
	}
	for _, d := range []apiclient.Date{{}, {Year: 2026, Month: time.February, Day: 29}, {Year: 10000, Month: 1, Day: 1}, {Year: 2026, Month: 0, Day: 1}} {
		if out, err := json.Marshal(d); err == nil {
			t.Errorf("%v encoded as %s", d, out)
		}
	}
	tokyo := time.FixedZone("JST", 9*3600)
	at := time.Date(2026, time.November, 28, 23, 30, 0, 0, time.UTC)
	if apiclient.DateOf(at).String() != "2026-11-28" || apiclient.DateOf(at.In(tokyo)).String() != "2026-11-29" {
		t.Errorf("DateOf: %v %v", apiclient.DateOf(at), apiclient.DateOf(at.In(tokyo)))
	}
	if d := apiclient.DateOf(at); !d.In(time.UTC).Equal(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("In: %v", d.In(time.UTC))
	}
}

// patch holds the three states of an optional nullable property.
type patch struct {
	Nick apiclient.Nullable[string] `json:"nick,omitzero"`
}

// TestNullable: absent, null and a value are three states, each encoding
// back as it came; Set, SetNull and Unset move between them.
func TestNullable(t *testing.T) {
	for _, in := range []string{`{}`, `{"nick":null}`, `{"nick":"Bo"}`} {
		var p patch
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Fatal(err)
		}
		if out, err := json.Marshal(p); err != nil || string(out) != in {
			t.Errorf("%s encodes back as %s (%v)", in, out, err)
		}
	}
	n := apiclient.NullableNull[string]()
	if !n.IsSet() || !n.IsNull() || n.IsZero() || n.Ptr() != nil {
		t.Errorf("NullableNull: %+v", n)
	}
	n = apiclient.NullableOf("x")
	if v, ok := n.Get(); !ok || v != "x" || *n.Ptr() != "x" || n.IsNull() {
		t.Errorf("NullableOf: %v %v", v, ok)
	}
	n.Unset()
	if n.IsSet() || !n.IsZero() {
		t.Errorf("Unset: %+v", n)
	}
	if _, ok := n.Get(); ok {
		t.Errorf("an absent property has a value")
	}
}

// TestTextForms: the text forms of parameters, and path segments that
// cannot change the path.
func TestTextForms(t *testing.T) {
	type status string
	got := []string{
		apiclient.Str(status("a b")), apiclient.Int(int32(-7)), apiclient.Float(1.5), apiclient.Bool(true),
		apiclient.Time(time.Date(2026, 11, 28, 1, 2, 3, 4, time.UTC)), apiclient.Join([]int64{1, 2}, apiclient.Int[int64]),
		apiclient.PathSegment("."), apiclient.PathSegment(".."), apiclient.PathSegment("a/b"),
	}
	want := []string{"a b", "-7", "1.5", "true", "2026-11-28T01:02:03.000000004Z", "1,2", "%2E", "%2E%2E", "a%2Fb"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("text forms %q, want %q", got, want)
	}
	q := url.Values{}
	apiclient.AddEach(q, "t", []string{"x", "y"}, apiclient.Str[string])
	if q.Encode() != "t=x&t=y" {
		t.Errorf("AddEach: %s", q.Encode())
	}
	call := apiclient.NewCall("Op", "GET", "/x/{id}")
	if call.ParamText("s") != "s" || call.ParamText(map[string]int{"a": 1}) != `{"a":1}` {
		t.Errorf("ParamText: a string variant goes as it is, an object as JSON")
	}
}
