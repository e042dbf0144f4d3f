package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
)

// rows runs the row rules over every table of f.
func rows(f *load.File) []Finding {
	var out []Finding
	for _, p := range f.Providers {
		named := namedRows(p)
		for _, t := range p.Tables {
			out = append(out, httpColumn(t, named)...)
			for i := range t.Rows {
				out = append(out, row(&t.Rows[i])...)
			}
		}
	}
	return out
}

// row runs the rules that look at one row alone.
func row(r *load.Row) []Finding {
	if r.Use.Set {
		return nil
	}
	var out []Finding
	if f, ok := unclassified(r); ok {
		out = append(out, f)
	}
	draft := isDraft(r.Note.Value)
	if draft {
		out = append(out, at(pos(r.Note, r.Pos), Warning, RuleDraft, fmt.Sprintf(
			"row %s is a draft, classified %s/%s until a person decides from the docs: %s",
			label(r), orNone(r.Outcome.Value), orNone(r.Retry.Value), summary(r.Note.Value))))
	}
	if len(r.Inferred) > 0 {
		out = append(out, at(r.Inferred[0].Pos, Warning, RuleInferred, fmt.Sprintf(
			"row %s: the docs do not state its %s; confirm the value with the provider, then drop it from inferred",
			label(r), strings.Join(values(r.Inferred), ", "))))
	}
	if r.DocRow.Set && r.Note.Set && !draft {
		out = append(out, at(pos(r.Note, r.Pos), Warning, RuleDocMistake, fmt.Sprintf(
			"row %s: the docs' row is kept as written, with a note of a mistake or ambiguity: %s", label(r), summary(r.Note.Value))))
	}
	return out
}

// unclassified reports a row that lacks part of its classification.
func unclassified(r *load.Row) (Finding, bool) {
	var missing []string
	for _, f := range []struct {
		s    load.Str
		name string
	}{{r.Outcome, "outcome"}, {r.Retry, "retry"}, {r.Fault, "fault"}, {r.Category, "category"}} {
		if !f.s.Set {
			missing = append(missing, f.name)
		}
	}
	if len(missing) == 0 {
		return Finding{}, false
	}
	return at(r.Pos, Error, RuleUnclassified, fmt.Sprintf(
		"row %s is not classified: add %s (when the docs do not say, outcome: uncertain, retry: reconcile)",
		label(r), strings.Join(missing, ", "))), true
}

// isMissingClass reports whether a validator message is about a missing
// classification field, which the unclassified rule reports instead.
func isMissingClass(msg string) bool { return strings.HasPrefix(msg, "row needs ") }

// isDraft reports whether a note marks the row as a draft.
func isDraft(note string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(note)), "draft")
}

// httpColumn reports doc rows whose HTTP column holds a number that is no
// HTTP status. A table has an HTTP column when one of its doc rows holds the
// row's http value and, in a later cell, its code (as "400 | 9020 | ...");
// a table whose doc rows start with a status or a code has none. A `use`
// row counts with the http and code of the row it reuses.
func httpColumn(t load.Table, named map[string]*load.Row) []Finding {
	col := -1
	for i := range t.Rows {
		r := resolve(&t.Rows[i], named)
		cs := cells(t.Rows[i].DocRow.Value)
		j := cellIndex(cs, r.HTTP.Value)
		if r.HTTP.Set && r.Code.Set && j >= 0 && cellIndex(cs[j+1:], r.Code.Value) >= 0 && (col < 0 || j < col) {
			col = j
		}
	}
	if col < 0 {
		return nil
	}
	var out []Finding
	for i := range t.Rows {
		r := &t.Rows[i]
		cs := cells(r.DocRow.Value)
		if col >= len(cs) || !isNumber(cs[col]) || isHTTPStatus(cs[col]) {
			continue
		}
		out = append(out, at(pos(r.DocRow, r.Pos), Warning, RuleHTTPColumn, fmt.Sprintf(
			"row %s: the docs' HTTP column holds %s, which is not an HTTP status; say in note what was made of it",
			label(r), cs[col])))
	}
	return out
}

// namedRows maps "table/Name" to the provider's rows that have a name, as
// a `use` refers to them.
func namedRows(p load.Provider) map[string]*load.Row {
	out := map[string]*load.Row{}
	for _, t := range p.Tables {
		for i := range t.Rows {
			if r := &t.Rows[i]; r.Name.Value != "" {
				out[t.ID.Value+"/"+r.Name.Value] = r
			}
		}
	}
	return out
}

// resolve returns the row a `use` row reuses, or r itself.
func resolve(r *load.Row, named map[string]*load.Row) *load.Row {
	if target, ok := named[r.Use.Value]; r.Use.Set && ok {
		return target
	}
	return r
}

// cells splits a doc row written as "a | b | c"; nil when it has no "|".
func cells(docRow string) []string {
	if !strings.Contains(docRow, "|") {
		return nil
	}
	cs := strings.Split(docRow, "|")
	for i := range cs {
		cs[i] = strings.TrimSpace(cs[i])
	}
	return cs
}

// cellIndex is the index of the first cell equal to v, or -1.
func cellIndex(cs []string, v string) int {
	for i, c := range cs {
		if c == v && v != "" {
			return i
		}
	}
	return -1
}

// isNumber reports whether s is a non-empty run of ASCII digits.
func isNumber(s string) bool {
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

// isHTTPStatus reports whether s is a number from 100 to 599 written as
// a status is (no leading zero: "0200" is a code).
func isHTTPStatus(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 100 && n <= 599 && s[0] != '0'
}

// label names a row in a message: its name, else its code, else its
// message, else its HTTP status.
func label(r *load.Row) string {
	for _, s := range []load.Str{r.Name, r.Use, r.Code, r.Message, r.HTTP} {
		if s.Value != "" {
			return strconv.Quote(s.Value)
		}
	}
	return "without a name"
}

// summary is the first sentence of a note, at most 160 bytes.
func summary(note string) string {
	s := strings.Join(strings.Fields(note), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:157], "") + "..."
	}
	return s
}

// values returns the values of ss.
func values(ss []load.Str) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Value
	}
	return out
}

// pos is s's position, or fallback when s was absent.
func pos(s load.Str, fallback diag.Pos) diag.Pos {
	if s.Pos.Line == 0 {
		return fallback
	}
	return s.Pos
}

// orNone is s, or "none" when empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
