package importer

import (
	"strings"
	"testing"

	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/validate"
)

// want is a row's fields as a test expects them.
type want struct{ code, http, message, description, resolution, docRow string }

func checkTables(t *testing.T, tables []Table, name string, rows []want) {
	t.Helper()
	if len(tables) != 1 {
		t.Fatalf("got %d tables, want 1: %+v", len(tables), tables)
	}
	if tables[0].Name != name {
		t.Errorf("table name %q, want %q", tables[0].Name, name)
	}
	if len(tables[0].Rows) != len(rows) {
		t.Fatalf("got %d rows, want %d: %+v", len(tables[0].Rows), len(rows), tables[0].Rows)
	}
	for i, r := range tables[0].Rows {
		got := want{r.Code, r.HTTP, r.Message, r.Description, r.Resolution, r.DocRow}
		if got != rows[i] {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got, rows[i])
		}
	}
}

func TestMarkdown(t *testing.T) {
	doc := "# Errors\n\nSome prose.\n\n## Payment API\n\n| Code | HTTP Status | Message | Resolution |\n|---|:---:|---|---|\n" +
		"| E001 | 402 | Card declined \\| try another | Ask for another card |\n| E002 | 409 | Duplicate request | |\n\nAfter.\n"
	tables, err := Parse([]byte(doc), ParseOptions{Name: "errors.md"})
	if err != nil {
		t.Fatal(err)
	}
	checkTables(t, tables, "Payment API", []want{
		{"E001", "402", "Card declined | try another", "", "Ask for another card", "| E001 | 402 | Card declined \\| try another | Ask for another card |"},
		{"E002", "409", "Duplicate request", "", "", "| E002 | 409 | Duplicate request | |"},
	})
}

func TestHTML(t *testing.T) {
	doc := `<html><body><h2>Old</h2><h2>Refund <em>API</em></h2>
<table><tr><th>Response Code</th><th>Message</th><th>Description</th></tr>
<tr><td>0000</td><td>Refund &amp; reversal accepted</td><td>Final state
 comes later</td></tr>
<tr><td>2010</td><td><b>Insufficient</b> funds</td><td></td></tr></table></body></html>`
	tables, err := Parse([]byte(doc), ParseOptions{Name: "page"})
	if err != nil {
		t.Fatal(err)
	}
	checkTables(t, tables, "Refund API", []want{
		{"0000", "", "Refund & reversal accepted", "Final state comes later", "",
			"<tr><td>0000</td><td>Refund &amp; reversal accepted</td><td>Final state\n comes later</td></tr>"},
		{"2010", "", "Insufficient funds", "", "", "<tr><td>2010</td><td><b>Insufficient</b> funds</td><td></td></tr>"},
	})
}

func TestCSVAndTSV(t *testing.T) {
	csv := "Code,Message,Description\n1,\"Success, all done\",\n5,\"Failed\",\"Quoted \"\"word\"\"\"\n"
	tables, err := Parse([]byte(csv), ParseOptions{Name: "dir/topup codes.csv"})
	if err != nil {
		t.Fatal(err)
	}
	checkTables(t, tables, "topup codes", []want{
		{"1", "", "Success, all done", "", "", `1,"Success, all done",`},
		{"5", "", "Failed", `Quoted "word"`, "", `5,"Failed","Quoted ""word"""`},
	})
	tsv := "HTTP Status\tMessage\n404\tNot found\n"
	tables, err = Parse([]byte(tsv), ParseOptions{Name: "x.tsv", Table: "Lookup"})
	if err != nil {
		t.Fatal(err)
	}
	checkTables(t, tables, "Lookup", []want{{"", "404", "Not found", "", "", "404\tNot found"}})
}

func TestNoTableSaysWhatToDo(t *testing.T) {
	_, err := Parse([]byte("Just prose.\nNo table here.\n"), ParseOptions{Name: "notes.txt"})
	if err == nil || !strings.Contains(err.Error(), "notes.txt") || !strings.Contains(err.Error(), "-format") {
		t.Errorf("error %v, want one naming the file and -format", err)
	}
	_, err = Parse([]byte("Foo,Bar\n1,2\n"), ParseOptions{Name: "a.csv"})
	if err == nil || !strings.Contains(err.Error(), "name the columns") {
		t.Errorf("error %v, want one asking for column names", err)
	}
}

// TestRunTogetherSplit checks the places where columns that lost their
// separators are split: not inside identifiers (extRefId, productId,
// processingMode:), not at an opening quote, at ")" and at "MSISDNUse".
func TestRunTogetherSplit(t *testing.T) {
	doc := "Top-up Codes\n\nCodeMessageDescriptionResolution\n" +
		"218Wrong packageThe productId is for another network than the MSISDNUse a productId from it\n" +
		"232Being processedReturned when processingMode: \"ASYNC\" is usedPoll GET /x?extRefId=... for the state\n" +
		"30Number invalidNot active (not KYC-verified)Verify the number\n\n"
	tables, err := Parse([]byte(doc), ParseOptions{Name: "t.txt"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(doc, "\n")
	checkTables(t, tables, "Top-up Codes", []want{
		{"218", "", "Wrong package", "The productId is for another network than the MSISDN", "Use a productId from it", lines[3]},
		{"232", "", "Being processed", `Returned when processingMode: "ASYNC" is used`, "Poll GET /x?extRefId=... for the state", lines[4]},
		{"30", "", "Number invalid", "Not active (not KYC-verified)", "Verify the number", lines[5]},
	})
}

func TestShiftedBarColumns(t *testing.T) {
	doc := "HTTP Status Code |\nResponse Code |\nResponse Message |\nLookup API | ||\n" +
		"9010 | 9010 | Wrong country |\n2010 | Insufficient funds | |\n400 | Product ID 12345 does not exist | |\n"
	tables, err := Parse([]byte(doc), ParseOptions{Name: "t.txt"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(doc, "\n")
	checkTables(t, tables, "Lookup API", []want{
		{"9010", "", "Wrong country", "", "", lines[4]},
		{"2010", "", "Insufficient funds", "", "", lines[5]},
		{"", "400", "Product ID 12345 does not exist", "", "", lines[6]},
	})
	if n := tables[0].Rows[0].Notes; len(n) != 1 || !strings.Contains(n[0], "not an HTTP status") {
		t.Errorf("the 9010 row's notes are %q, want one saying 9010 is not an HTTP status", n)
	}
	if n := tables[0].Rows[1].Notes; len(n) != 0 {
		t.Errorf("a row shifted left has notes %q, want none", n)
	}
}

// TestDraftKeepsInvalidRowsAsComments: a document with a code twice in one
// table, or a row without a key, still gives a valid draft; the rows that
// cannot be held are commented out with what to decide.
func TestDraftKeepsInvalidRowsAsComments(t *testing.T) {
	doc := "## Pay\n\n| Code | Message | Description |\n|---|---|---|\n| 7 | First | |\n| 7 | Second | |\n| | | Only words |\n"
	tables, err := Parse([]byte(doc), ParseOptions{Name: "pay.md"})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Write(&b, tables, DraftOptions{ProviderID: "acme"}); err != nil {
		t.Fatal(err)
	}
	f, err := load.Parse("draft.yaml", []byte(b.String()))
	if err == nil {
		_, err = validate.Spec(f)
	}
	if err != nil {
		t.Fatalf("draft not valid: %v\n%s", err, b.String())
	}
	for _, want := range []string{"# decide: the same code 7 as the row of line 5", "#   message: \"Second\"", "# decide: the row has no code"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("the draft lacks %q:\n%s", want, b.String())
		}
	}
}
