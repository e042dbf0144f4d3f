package importer

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/codebookgen/codebook/internal/naming"
)

// DraftNote starts the note of every imported row, the marker that says a
// person has yet to classify it; `codebook lint` reports rows carrying it.
const DraftNote = "draft:"

// DraftOptions describes the provider a draft is written for.
type DraftOptions struct {
	ProviderID   string // lower_snake_case; derived from ProviderName when empty
	ProviderName string // as the provider writes it
	Source       string // the document's path relative to the codes.yaml written
	Format       Format // the format the document was read as, for the header comment
}

// Write writes tables as a draft codes.yaml (format codebook/v1). Every row
// is classified uncertain, reconcile, fault unknown, category unknown (the
// safe class: look the transaction up before anything else) with a note
// starting with DraftNote; comments say what a person has to decide. The
// output depends only on the tables and options.
func Write(w io.Writer, tables []Table, opts DraftOptions) error {
	id := opts.ProviderID
	if id == "" {
		id = snake(opts.ProviderName)
	}
	if id == "" {
		return fmt.Errorf("the provider needs an id: pass -provider with a lower_snake_case id such as acme_pay")
	}
	name := opts.ProviderName
	if name == "" {
		name = id
	}
	b := &strings.Builder{}
	writeHeader(b, opts)
	fmt.Fprintf(b, "format: codebook/v1\nproviders:\n  - id: %s\n    name: %s\n", id, quote(name))
	if pkg := strings.ReplaceAll(id, "_", ""); pkg != id && naming.IsPackageName(pkg) {
		fmt.Fprintf(b, "    go_package: %s\n", pkg)
	}
	if opts.Source != "" {
		fmt.Fprintf(b, "    source: %s\n", quote(opts.Source))
	}
	kind, width := codeKind(tables)
	fmt.Fprintf(b, "    # decide: kind integer when the API sends the code as a JSON number, string when its zeros matter.\n")
	fmt.Fprintf(b, "    code:\n      kind: %s\n", kind)
	if width > 0 {
		fmt.Fprintf(b, "      width: %d\n", width)
	}
	b.WriteString("    tables:\n")
	ids := map[string]int{}
	for i, t := range tables {
		if i > 0 {
			b.WriteString("\n")
		}
		writeTable(b, t, uniqueName(ids, tableID(t.Name, i)), kind)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHeader(b *strings.Builder, opts DraftOptions) {
	b.WriteString("# A DRAFT imported by `codebook import`")
	if opts.Source != "" {
		fmt.Fprintf(b, " from %s", opts.Source)
	}
	if opts.Format != "" {
		fmt.Fprintf(b, " (read as %s)", opts.Format)
	}
	b.WriteString(`.
#
# Each row keeps the document's words: doc_row is the row exactly as in the source; code, http,
# message, description and resolution are copied from it. Check them against the document, above
# all where a note says the import had to guess (columns run together, a value in the wrong column).
#
# Every row is classified outcome uncertain, retry reconcile, fault unknown, category unknown: the
# safe class (look the transaction up before anything else) until a person decides. For each row:
#   1. set outcome (success, pending, failed, uncertain), retry (never, backoff, reconcile,
#      after_delay with retry_after, after_fix, new_reference), fault and category, and write the
#      reason in a "# why:" comment when the docs leave it open;
#   2. replace the "draft:" note with a note about any mistake of the docs, or delete it;
#   3. give the row a better name if you like (its Go constant is <Table><name>).
# "codebook lint" lists the rows still marked draft. A "failed" that may have moved money
# invites a second charge: when in doubt, leave the row uncertain.
`)
}

func writeTable(b *strings.Builder, t Table, id string, kind string) {
	fmt.Fprintf(b, "      - id: %s\n        name: %s\n", id, quote(t.Name))
	b.WriteString("        # decide: fallback: a table of HTTP statuses to consult when no row matches.\n        rows:\n")
	names := map[string]int{}
	keys := map[string]int{}
	for _, r := range t.Rows {
		key := rowKey(r)
		first, dup := keys[key]
		switch {
		case key == "":
			writeCommented(b, r, kind, "the row has no code, status or message, so it cannot be matched: "+
				"fill one in and uncomment it, or delete it")
		case dup:
			writeCommented(b, r, kind, "the same "+key+" as the row of line "+strconv.Itoa(first)+
				" of the document: a table keeps one row per key; merge them")
		default:
			keys[key] = r.Line
			writeRow(b, r, uniqueName(names, rowName(r)), kind)
		}
	}
}

// rowKey is what tells a row apart within its table, as the validator
// sees it: its code, else its status and message.
func rowKey(r Row) string {
	switch {
	case r.Code != "":
		return "code " + r.Code
	case r.HTTP != "" || r.Message != "":
		return "status " + r.HTTP + " and message " + strconv.Quote(strings.ToLower(strings.TrimSpace(r.Message)))
	}
	return ""
}

// writeCommented writes a row the draft cannot hold as it is, commented
// out, with what to decide.
func writeCommented(b *strings.Builder, r Row, kind, why string) {
	var row strings.Builder
	writeRow(&row, r, rowName(r), kind)
	fmt.Fprintf(b, "          # decide: %s.\n", why)
	for _, l := range strings.Split(strings.TrimRight(row.String(), "\n"), "\n") {
		fmt.Fprintf(b, "          # %s\n", strings.TrimPrefix(l, "          "))
	}
}

func writeRow(b *strings.Builder, r Row, name, kind string) {
	const in = "            "
	fmt.Fprintf(b, "          - name: %s\n", name)
	if r.Code != "" {
		code := quote(r.Code)
		if kind == "integer" {
			code = r.Code
		}
		fmt.Fprintf(b, "%scode: %s\n", in, code)
	}
	if r.HTTP != "" {
		fmt.Fprintf(b, "%shttp: %s\n", in, r.HTTP)
	}
	for _, kv := range [][2]string{{"message", r.Message}, {"description", r.Description}, {"resolution", r.Resolution}} {
		if kv[1] != "" {
			fmt.Fprintf(b, "%s%s: %s\n", in, kv[0], quote(kv[1]))
		}
	}
	if r.Code == "" && r.HTTP == "" && r.Message == "" {
		fmt.Fprintf(b, "%s# decide: the row has no code, status or message; a row needs one of them.\n", in)
	}
	if ex := exampleValue.FindString(r.Message); ex != "" && r.Code == "" {
		fmt.Fprintf(b, "%s# decide: is %s an example value? Then add match: [%s] with {id} in its place.\n",
			in, ex, quote(strings.Replace(r.Message, ex, "{id}", 1)))
	}
	fmt.Fprintf(b, "%sdoc_row: %s\n", in, quote(r.DocRow))
	fmt.Fprintf(b, "%snote: %s\n", in, quote(strings.Join(append([]string{DraftNote + " not classified yet"}, r.Notes...), "; ")))
	fmt.Fprintf(b, "%s# decide: outcome, retry, fault and category (the draft's are the safe ones).\n", in)
	fmt.Fprintf(b, "%soutcome: uncertain\n%sretry: reconcile\n%sfault: unknown\n%scategory: unknown\n", in, in, in, in)
}

// exampleValue finds a number or quoted value inside a message, which is
// often an example ("Product ID 12345 does not exist").
var exampleValue = regexp.MustCompile(`‘[^’]+’|'[^']+'|\b[0-9]{3,}\b`)

// codeKind is integer when every code is a number without leading zeros,
// else string, with a width when every code is digits of one length.
func codeKind(tables []Table) (string, int) {
	integer, width, n := true, -1, 0
	for _, t := range tables {
		for _, r := range t.Rows {
			if r.Code == "" {
				continue
			}
			n++
			digits := numeric.MatchString(r.Code)
			if !digits || len(r.Code) > 1 && r.Code[0] == '0' || len(r.Code) > 18 {
				integer = false
			}
			switch {
			case !digits:
				width = 0
			case width == -1:
				width = len(r.Code)
			case width != len(r.Code):
				width = 0
			}
		}
	}
	if integer || n == 0 {
		return "integer", 0
	}
	return "string", max(width, 0)
}

// rowName is a Go name from the first words of the message (or the
// description), else from the code or status.
func rowName(r Row) string {
	for _, s := range []string{r.Message, r.Description} {
		words := naming.Words(s)
		if len(words) > 5 {
			words = words[:5]
		}
		if n := naming.Exported(strings.Join(words, " ")); n != "" {
			return n
		}
	}
	switch {
	case r.Code != "":
		return naming.Exported("Code " + r.Code)
	case r.HTTP != "":
		return naming.Exported("Status " + r.HTTP)
	}
	return "Row"
}

// tableID is a lower_snake_case id from a table's heading, without a
// trailing "API".
func tableID(heading string, i int) string {
	words := naming.Words(heading)
	if len(words) > 1 && strings.EqualFold(words[len(words)-1], "api") {
		words = words[:len(words)-1]
	}
	id := snake(strings.Join(words, " "))
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = "table_" + strconv.Itoa(i+1) + strings.TrimPrefix("_"+id, "_")
	}
	return id
}

func snake(s string) string {
	return strings.ToLower(strings.Join(naming.Words(s), "_"))
}

// uniqueName returns name, or name with a number when it was taken.
func uniqueName(seen map[string]int, name string) string {
	seen[name]++
	if seen[name] == 1 {
		return name
	}
	for n := seen[name]; ; n++ {
		alt := name + strconv.Itoa(n)
		if seen[alt] == 0 {
			seen[alt] = 1
			return alt
		}
	}
}

// quote writes s as a YAML double-quoted scalar.
func quote(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0xfeff || r >= 0x2028 && r <= 0x2029 || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
