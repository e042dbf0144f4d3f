package gocode

import (
	"github.com/codebookgen/codebook"
	"github.com/codebookgen/codebook/internal/model"
)

// The sizes of the bulk text, estimated from the lengths of the names and
// texts it holds so that fill sizes a file's buffer once: a little over
// the text, never far over (the spare room is allocated for nothing), and
// under only for texts full of characters that quoting escapes.

// quotedSize is about the length of s as a Go string literal.
func quotedSize(s string) int { return len(s) + len(s)/8 + 2 }

// entryConstsSize is about the length of entryConsts' text: per row, the
// first doc line, each paragraph after a blank line, the class line, some
// room for wrapping, and the constant.
func entryConstsSize(p *model.Provider) int {
	n := 0
	for e := range allEntries(p) {
		doc := 28 + len(e.ConstName) + len(e.Table.Name) + len(p.Name) + 16
		if e.HasCode {
			doc += len(e.Code)
		}
		if e.Message != "" {
			doc += 2 + quotedSize(e.Message)
		}
		for _, part := range [...]struct{ label, text string }{
			{"", e.Description}, {"Resolution: ", e.Resolution}, {"Note: ", e.Note},
		} {
			if part.text != "" {
				doc += 9 + len(part.label) + len(part.text)
			}
		}
		c := e.Class
		doc += 20 + len(c.Outcome.String()) + len(c.Retry.String()) + len(c.Fault.String()) + len(c.Category.String())
		if e.RetryAfter != 0 {
			doc += 64
		}
		wrap := (len(e.Message) + len(e.Description) + len(e.Resolution) + len(e.Note)) / 16
		n += doc + wrap + len(e.ConstName) + 20
	}
	return n
}

// rowSwitchSize is about the length of rowSwitch's text.
func rowSwitchSize(p *model.Provider) int {
	n := 64
	for e := range allEntries(p) {
		n += 76 + 2*len(e.ConstName) + len(e.Table.ConstName) + quotedSize(e.Code)
		if e.RetryAfter != 0 {
			n += 40
		}
		for _, text := range [...]string{e.Message, e.Description, e.Resolution, e.Note} {
			if text != "" {
				n += 16 + quotedSize(text)
			}
		}
	}
	return n
}

// guardRowsSize is about the length of guardRows' text.
func guardRowsSize(p *model.Provider) int {
	n := 0
	for e := range allEntries(p) {
		n += 24 + len(e.ConstName) + len(e.Table.ConstName) + quotedSize(e.Code)
	}
	return n
}

// codeSwitchSize is about the length of codeSwitch's text: each case
// returns its row and its class literal, about 120 bytes and the names of
// its four values, 31 more when Settle wraps it.
func codeSwitchSize(coded []*model.Entry) int {
	n := 64
	for _, e := range coded {
		n += 24 + len(e.ConstName) + quotedSize(e.Code) + 165
	}
	return n
}

// entryListSize is about the length of the literal entryList writes of
// entries, plus extra.
func entryListSize(entries []*model.Entry, extra int) int {
	n := extra + 16
	for _, e := range entries {
		n += len(e.ConstName) + 2
	}
	return n
}

// allEntriesSize is about the length of the body of Entries.
func allEntriesSize(p *model.Provider) int {
	n := 32
	for e := range allEntries(p) {
		n += len(e.ConstName) + 2
	}
	return n
}

// tableEntriesSize is about the length of tableEntries' text.
func tableEntriesSize(p *model.Provider) int {
	n := 64
	for _, t := range p.Tables {
		n += entryListSize(t.Entries, 32+len(t.ConstName))
	}
	return n
}

// classSwitchSize is about the length of classSwitch's text: the names of
// the rows, and a literal per distinct class.
func classSwitchSize(p *model.Provider) int {
	classes := map[codebook.Class]struct{}{}
	n := 64
	for e := range allEntries(p) {
		classes[e.Class] = struct{}{}
		n += len(e.ConstName) + 2
	}
	return n + 256*len(classes)
}
