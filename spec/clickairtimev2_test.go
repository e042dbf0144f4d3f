package spec_test

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/generated/clickairtime"
	"github.com/codebookgen/codebook/generated/clickairtimev2"
	"github.com/codebookgen/codebook/generated/clickatell"
	"github.com/codebookgen/codebook/internal/needs"
)

// The Click Airtime V2 reference (../shared/reference, outside the
// repository) and the copy of it that codes.yaml names as its source.
const (
	v2SharedReference = "../../shared/reference/clickairtime-v2.md"
	v2SourceCopy      = "sources/clickairtime-v2-reference.md"
	v1ToV2Table       = "clickairtime-v1-to-v2.md"
)

// referenceCode is one row of the reference's error tables: a code and the
// HTTP status that table gives it.
type referenceCode struct {
	section string
	code    string
	http    int
}

// referenceCodeRow is a table row whose first cell is a code in backticks
// and whose second is a status, maybe in bold (**402**).
var referenceCodeRow = regexp.MustCompile("^\\| `([A-Z][A-Z0-9_]*)` \\| \\**([0-9]{3})\\** \\|")

// readReferenceCodes returns the codes of the tables of sections 4.2 (the
// V2 error reference) and 4.3 (the error-handling guide) of the reference
// file at path.
func readReferenceCodes(t *testing.T, path string) []referenceCode {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []referenceCode
	section := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			section = ""
			for _, s := range []string{"4.2", "4.3"} {
				if strings.HasPrefix(line, "### "+s+" ") {
					section = s
				}
			}
			continue
		}
		if m := referenceCodeRow.FindStringSubmatch(line); m != nil && section != "" {
			status, _ := strconv.Atoi(m[2])
			out = append(out, referenceCode{section, m[1], status})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkReferenceCodes: every code of the reference's tables is a row of
// clickairtime_v2/topup with that status, or, where the pages disagree on
// the status, with a note naming the other one and a status-only row for it
// in http_status; and reads answers the same codes.
func checkReferenceCodes(t *testing.T, path string) {
	t.Helper()
	codes := readReferenceCodes(t, path)
	sections := map[string]int{}
	for _, c := range codes {
		sections[c.section]++
	}
	// 18 named codes in 4.2, 10 in 4.3: fewer means the tables were not read.
	if sections["4.2"] < 18 || sections["4.3"] < 10 {
		t.Fatalf("%s: read %d codes in §4.2 and %d in §4.3, want at least 18 and 10", path, sections["4.2"], sections["4.3"])
	}
	p := loadCodes(t).provider(t, "clickairtime_v2")
	for _, c := range codes {
		r, ok := v2Row(t, p, "topup", c.code)
		if !ok {
			t.Errorf("%s §%s: code %s (HTTP %d) is not a row of clickairtime_v2/topup", path, c.section, c.code, c.http)
			continue
		}
		if r.HTTP != c.http {
			st := strconv.Itoa(c.http)
			if !strings.Contains(r.Note, st) || !strings.Contains(r.Note, strconv.Itoa(r.HTTP)) {
				t.Errorf("%s §%s: %s is HTTP %d there, %d in codes.yaml, and the row's note does not name both", path, c.section, c.code, c.http, r.HTTP)
			}
			if !slices.ContainsFunc(p.table("http_status").Rows, func(h row) bool { return h.HTTP == c.http }) {
				t.Errorf("%s §%s: %s's other status %d has no http_status row", path, c.section, c.code, c.http)
			}
		}
		if _, ok := v2Row(t, p, "reads", c.code); !ok {
			t.Errorf("clickairtime_v2/reads does not answer %s", c.code)
		}
	}
}

// v2Row returns the row of table tableID with code, resolving `use` rows.
func v2Row(t *testing.T, p *provider, tableID, code string) (row, bool) {
	t.Helper()
	for _, r := range p.table(tableID).Rows {
		if r = p.resolve(t, r); r.Code == code {
			return r, true
		}
	}
	return row{}, false
}

// TestClickAirtimeV2ReferenceCodes checks the error codes against the shared
// reference itself (a visible skip when ../shared is missing, a failure
// under CI).
func TestClickAirtimeV2ReferenceCodes(t *testing.T) {
	if _, err := os.Stat(filepath.FromSlash(v2SharedReference)); err != nil {
		needs.Component(t, "the Click Airtime V2 reference", "check out ../shared/reference beside the repository")
	}
	checkReferenceCodes(t, filepath.FromSlash(v2SharedReference))
}

// TestClickAirtimeV2SourceCodes checks them against the copy codes.yaml
// names as its source, and that every doc_row is a line of that copy.
func TestClickAirtimeV2SourceCodes(t *testing.T) {
	p := loadCodes(t).provider(t, "clickairtime_v2")
	if p.Source != v2SourceCopy {
		t.Fatalf("clickairtime_v2 source %q, want %q", p.Source, v2SourceCopy)
	}
	checkReferenceCodes(t, filepath.FromSlash(v2SourceCopy))
	data, err := os.ReadFile(filepath.FromSlash(v2SourceCopy))
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		lines[l] = true
	}
	n := 0
	for _, tb := range p.Tables {
		for _, r := range tb.Rows {
			if r.DocRow == "" {
				continue
			}
			n++
			if !lines[r.DocRow] {
				t.Errorf("clickairtime_v2/%s: doc_row %q is not a line of %s", tb.ID, r.DocRow, v2SourceCopy)
			}
		}
	}
	if n == 0 {
		t.Error("clickairtime_v2 has no doc_row")
	}
}

// TestClickAirtimeV2Statuses: the top-up statuses are a table, and the
// lookup's map in the OpenAPI file gives each the same outcome.
func TestClickAirtimeV2Statuses(t *testing.T) {
	p := loadCodes(t).provider(t, "clickairtime_v2")
	want := map[string]string{"pending": "pending", "processing": "pending", "completed": "success", "failed": "failed"}
	for status, outcome := range want {
		r, ok := v2Row(t, p, "topup_status", status)
		if !ok {
			t.Errorf("topup_status has no row %q", status)
			continue
		}
		if r.Outcome != outcome {
			t.Errorf("topup_status %q: outcome %s, want %s", status, r.Outcome, outcome)
		}
	}
	data, err := os.ReadFile("openapi/clickairtime-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const statuses = "statuses: {pending: pending, processing: pending, completed: success, failed: failed}"
	if !strings.Contains(string(data), statuses) {
		t.Errorf("openapi/clickairtime-v2.yaml: no lookup %q", statuses)
	}
}

// TestClickAirtimeV2Readings: both readings of each disagreement classify
// alike, in both envelopes, and the insufficient-funds check is the same
// for all three providers.
func TestClickAirtimeV2Readings(t *testing.T) {
	const code, msg = "error.code", "error.message"
	reference := func(c string) []byte {
		return []byte(`{"success":false,"error":{"code":"` + c + `","message":"m","details":{}},"meta":{"request_id":"req_1","timestamp":"2024-01-15T10:30:00.000Z"}}`)
	}
	guide := func(c string, status int) []byte {
		return []byte(`{"success":false,"error":{"code":"` + c + `","message":"m","statusCode":` + strconv.Itoa(status) + `}}`)
	}
	for _, c := range []struct {
		name   string
		status int
		body   []byte
		want   clickairtimev2.Entry
	}{
		{"balance 400, error reference", 400, reference("INSUFFICIENT_BALANCE"), clickairtimev2.TopupInsufficientBalance},
		{"balance 402, guide", 402, guide("INSUFFICIENT_BALANCE", 402), clickairtimev2.TopupInsufficientBalance},
		{"RATE_LIMIT_EXCEEDED", 429, reference("RATE_LIMIT_EXCEEDED"), clickairtimev2.TopupRateLimitExceeded},
		{"RATE_LIMITED", 429, guide("RATE_LIMITED", 429), clickairtimev2.TopupRateLimited},
		{"duplicate", 409, reference("DUPLICATE_TRANSACTION"), clickairtimev2.TopupDuplicateTransaction},
		{"delivery failed", 500, guide("DELIVERY_FAILED", 500), clickairtimev2.TopupDeliveryFailed},
	} {
		res := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, c.status, nil, c.body, code, msg)
		if res.Entry != c.want {
			t.Errorf("%s: entry %v, want %v", c.name, res.Entry, c.want)
		}
	}
	limited := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 429, nil, guide("RATE_LIMITED", 429), code, msg)
	exceeded := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 429, nil, reference("RATE_LIMIT_EXCEEDED"), code, msg)
	if limited.Class != exceeded.Class || !errors.Is(limited.Err(), codebook.ErrRateLimited) {
		t.Errorf("RATE_LIMITED %+v and RATE_LIMIT_EXCEEDED %+v classify differently", limited.Class, exceeded.Class)
	}
	for _, c := range []struct {
		name string
		err  error
	}{
		{"V2 400", clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 400, nil, reference("INSUFFICIENT_BALANCE"), code, msg).Err()},
		{"V2 402", clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 402, nil, guide("INSUFFICIENT_BALANCE", 402), code, msg).Err()},
		{"V2 bare 402", clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 402, nil, nil, code, msg).Err()},
		{"V1 20", clickairtime.ClassifyHTTP(clickairtime.TableTopup, 403, nil, []byte(`{"code":20}`), "code", "message").Err()},
		{"Clickatell 2010", clickatell.ClassifyHTTP(clickatell.TableReserveFunds, 200, nil, []byte(`{"code":"2010"}`), "code", "message").Err()},
	} {
		if !errors.Is(c.err, codebook.ErrInsufficientFunds) {
			t.Errorf("%s: %v is not codebook.ErrInsufficientFunds", c.name, c.err)
		}
	}
	// Never failed: a duplicate and a delivery failure wait for the lookup.
	for _, c := range []string{"DUPLICATE_TRANSACTION", "DELIVERY_FAILED", "INTERNAL_ERROR", "BAD_GATEWAY"} {
		res := clickairtimev2.ClassifyHTTP(clickairtimev2.TableTopup, 500, nil, reference(c), code, msg)
		if res.Class.Outcome != codebook.OutcomeUncertain {
			t.Errorf("%s: outcome %v, want uncertain", c, res.Class.Outcome)
		}
	}
}

// TestClickAirtimeV1ToV2 checks the migration table of
// clickairtime-v1-to-v2.md against codes.yaml: each V1 code and V2 code or
// status exists with the category the table gives, and every V1 top-up code
// is listed once.
func TestClickAirtimeV1ToV2(t *testing.T) {
	data, err := os.ReadFile(v1ToV2Table)
	if err != nil {
		t.Fatal(err)
	}
	f := loadCodes(t)
	v1, v2 := f.provider(t, "clickairtime"), f.provider(t, "clickairtime_v2")
	listed := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) != 7 || !regexp.MustCompile(`^ [0-9]+ $`).MatchString(cells[1]) {
			continue
		}
		where := v1ToV2Table + ":" + strconv.Itoa(i+1)
		v1Code, v1Cat := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[2])
		v2Code, v2Cat := strings.TrimSpace(cells[3]), strings.TrimSpace(cells[4])
		listed[v1Code]++
		if r := v1.find(t, "topup", v1Code); r.Category != v1Cat {
			t.Errorf("%s: V1 %s is %s in codes.yaml, the table says %s", where, v1Code, r.Category, v1Cat)
		}
		if v2Code == "—" {
			if v2Cat != "" || strings.TrimSpace(cells[5]) == "" {
				t.Errorf("%s: no V2 counterpart needs an empty category and a note", where)
			}
			continue
		}
		r, ok := v2Row(t, v2, "topup", v2Code)
		if !ok {
			r, ok = v2Row(t, v2, "topup_status", v2Code)
		}
		switch {
		case !ok:
			t.Errorf("%s: %s is neither a V2 error code nor a top-up status", where, v2Code)
		case r.Category != v2Cat:
			t.Errorf("%s: V2 %s is %s in codes.yaml, the table says %s", where, v2Code, r.Category, v2Cat)
		case v1Cat != v2Cat && strings.TrimSpace(cells[5]) == "":
			t.Errorf("%s: the categories differ and the note does not say why", where)
		}
	}
	for _, r := range v1.table("topup").Rows {
		if r = v1.resolve(t, r); r.Code != "" && listed[r.Code] != 1 {
			t.Errorf("%s: V1 top-up code %s is listed %d times, want once", v1ToV2Table, r.Code, listed[r.Code])
		}
	}
}

// endpointRow is a row of the reference's endpoint list (§2.1).
var endpointRow = regexp.MustCompile("^\\| (GET|POST|PUT|PATCH|DELETE) \\| `(/v2/[^`]*)` \\|")

// TestClickAirtimeV2Endpoints: every endpoint of the reference's list is an
// operation of openapi/clickairtime-v2.yaml linked to a table of
// clickairtime_v2, and the top-up's webhook is specified with its signature
// headers.
func TestClickAirtimeV2Endpoints(t *testing.T) {
	data, err := os.ReadFile(filepath.FromSlash(v2SourceCopy))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Codebook *struct {
				Provider string `yaml:"provider"`
				Table    string `yaml:"table"`
				Code     string `yaml:"code"`
			} `yaml:"x-codebook"`
		} `yaml:"paths"`
	}
	spec, err := os.ReadFile("openapi/clickairtime-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	p := loadCodes(t).provider(t, "clickairtime_v2")
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		m := endpointRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		n++
		path := regexp.MustCompile(`:([a-z_]+)`).ReplaceAllString(m[2], "{$1}")
		op, ok := doc.Paths[path][strings.ToLower(m[1])]
		switch {
		case !ok:
			t.Errorf("%s %s is not in openapi/clickairtime-v2.yaml", m[1], path)
		case op.Codebook == nil || op.Codebook.Provider != "clickairtime_v2" || p.table(op.Codebook.Table) == nil:
			t.Errorf("%s %s: x-codebook does not name a table of clickairtime_v2", m[1], path)
		case op.Codebook.Code != "error.code":
			t.Errorf("%s %s: x-codebook code %q, want error.code", m[1], path, op.Codebook.Code)
		}
	}
	if n != 9 {
		t.Errorf("read %d endpoints in %s, want the 9 of §2.1", n, v2SourceCopy)
	}
	for _, want := range []string{"X-Webhook-Signature", "X-Webhook-Timestamp", "X-Webhook-Event",
		"header: Idempotency-Key", `"{$request.body#/callback_url}"`, "X-RateLimit-Reset", "Retry-After"} {
		if !strings.Contains(string(spec), want) {
			t.Errorf("openapi/clickairtime-v2.yaml does not hold %s", want)
		}
	}
}
