package importer

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var leadingNumber = regexp.MustCompile(`^[0-9]+`)

// splitRow splits a run-together row into the columns of the table's
// header: a leading number for a code or status column, then the text
// columns at the places where one sentence ends and the next begins.
func (p *textParser) splitRow(r *Row, line string) {
	fields, names := p.run.fields, p.run.names
	rest := line
	if len(fields) > 0 && (fields[0] == fieldCode || fields[0] == fieldHTTP) {
		num := leadingNumber.FindString(rest)
		if num == "" {
			r.Notes = append(r.Notes, "the row does not start with a number for its "+names[0]+" column: check its columns")
		} else {
			place(r, fields[0], names[0], num)
			rest = rest[len(num):]
		}
		fields, names = fields[1:], names[1:]
	}
	if len(fields) == 0 {
		return
	}
	cuts, sure := boundaries(rest, len(fields)-1, p.idents)
	parts := cutAt(rest, cuts)
	for i, part := range parts {
		place(r, fields[i], names[i], part)
	}
	switch {
	case len(parts) < len(fields):
		r.Notes = append(r.Notes, "the source runs the columns together and only "+strconv.Itoa(len(parts))+
			" of the "+strconv.Itoa(len(fields))+" text columns ("+strings.Join(names, ", ")+") could be told apart: "+
			"check where each one ends")
	case !sure:
		r.Notes = append(r.Notes, "the source runs the columns together and the split between "+
			strings.Join(names, ", ")+" was chosen among more places than columns: check it")
	}
}

// candidate is a place where one column may end and the next begin.
type candidate struct {
	at    int // byte offset of the first character of the next column
	score int // higher is likelier
}

// boundaries returns up to n offsets at which text splits into columns,
// in order, and whether the choice was forced (no more places than needed).
func boundaries(text string, n int, idents map[string]bool) ([]int, bool) {
	if n <= 0 {
		return nil, true
	}
	cands := candidates(text, idents)
	sure := true
	if len(cands) > n {
		sure = cands[n].score < cands[n-1].score
		sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
		cands = cands[:n]
	}
	var out []int
	for _, c := range cands {
		out = append(out, c.at)
	}
	sort.Ints(out)
	return out, sure
}

// candidates finds the places where a capital letter follows the end of a
// word with no space between: "failedGeneral", ")Check", "MSISDNUse". A
// place inside an identifier ("extRefId", "productId", "processingMode:")
// is not one.
func candidates(text string, idents map[string]bool) []candidate {
	var out []candidate
	var prev, prev2 rune
	for i, r := range text {
		if unicode.IsUpper(r) && !identifierAt(text, i, idents) {
			next, _ := utf8.DecodeRuneInString(text[i+utf8.RuneLen(r):])
			switch {
			case strings.ContainsRune(").!?", prev) && prev != 0,
				strings.ContainsRune("\"'”’", prev) && prev2 != 0 && !unicode.IsSpace(prev2):
				out = append(out, candidate{i, 3})
			case unicode.IsLower(prev) && (unicode.IsLower(next) || unicode.IsUpper(next)):
				out = append(out, candidate{i, 2})
			case unicode.IsUpper(prev) && unicode.IsUpper(prev2) && unicode.IsLower(next):
				out = append(out, candidate{i, 2})
			}
		}
		prev2, prev = prev, r
	}
	// Order by score, keeping the leftmost first among equals.
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// identSuffixes are the parts of field names that never begin a sentence.
var identSuffixes = map[string]bool{"Id": true, "Ids": true, "ID": true, "IDs": true, "Ref": true,
	"Mode": true, "Url": true, "URL": true, "Uri": true, "Key": true}

// identifierAt reports whether the capital at i is inside an identifier:
// a word the document uses on its own outside its tables, a word with
// several humps or with _ = / ? in it, a hump such as Id, or one followed
// by ':' or '='.
func identifierAt(text string, i int, idents map[string]bool) bool {
	start := strings.LastIndexAny(text[:i], " \t(") + 1
	end := strings.IndexAny(text[i:], " \t,;)")
	if end < 0 {
		end = len(text) - i
	}
	word := text[start : i+end]
	if strings.ContainsAny(word, "_=/?") || humps(word) > 1 || idents[strings.Trim(word, ".:!\"'")] {
		return true
	}
	hump := text[i : i+end]
	hump = strings.TrimRight(hump, ".:!\"'")
	if identSuffixes[hump] {
		return true
	}
	return strings.HasSuffix(text[i:i+end], ":") || strings.HasSuffix(text[i:i+end], "=")
}

// humps counts lower-to-upper changes in a word.
func humps(word string) int {
	n := 0
	var prev rune
	for _, r := range word {
		if unicode.IsUpper(r) && unicode.IsLower(prev) {
			n++
		}
		prev = r
	}
	return n
}

// identifiers collects the camelCase words a document uses in its prose
// (lines with a space-separated sentence, not run-together rows): the
// field names it talks about, such as extRefId.
func identifiers(lines []string) map[string]bool {
	out := map[string]bool{}
	for _, line := range lines {
		for _, w := range strings.Fields(line) {
			w = strings.Trim(w, ".,;:!?()\"'`")
			if humps(w) == 1 && unicode.IsLower([]rune(w + " ")[0]) && proseWord(line, w) {
				out[w] = true
			}
		}
	}
	return out
}

// proseWord reports whether w appears in line in a way that cannot be a
// column boundary: between code punctuation such as "?w=" or in quotes.
func proseWord(line, w string) bool {
	for _, ctx := range []string{"?" + w + "=", "&" + w + "=", "\"" + w + "\"", "`" + w + "`"} {
		if strings.Contains(strings.ToLower(line), strings.ToLower(ctx)) {
			return true
		}
	}
	return false
}

// cutAt cuts text at the offsets, trimming each part.
func cutAt(text string, cuts []int) []string {
	var out []string
	from := 0
	for _, c := range cuts {
		out = append(out, strings.TrimSpace(text[from:c]))
		from = c
	}
	return append(out, strings.TrimSpace(text[from:]))
}
