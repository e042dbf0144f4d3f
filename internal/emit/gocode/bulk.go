package gocode

import (
	"bytes"
	"fmt"
	"iter"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/model"
)

// marker starts the comment that holds the place of a chunk of bulk text
// in the jennifer skeleton of a file. U+2060 is a format character: scrub
// drops it from every comment and strconv.Quote escapes it in every
// literal, so no text of a spec can spell the marker.
const marker = "// \u2060bulk "

// bulk holds the big, regular parts of one file (constants, row tables,
// switches of rows), written directly as the text gofmt would print, so
// that only the small skeleton around them goes through jennifer and
// go/format. Each part is written once, straight into the file's bytes,
// when fill puts the file together: the text of a file is held once.
type bulk struct {
	chunks []chunk
}

// chunk is one part of bulk text: write appends it, and size is about how
// many bytes that is (the file's buffer is sized once from the sizes).
type chunk struct {
	size  int
	write func(*lines)
}

// slot returns the placeholder of the text write appends in the skeleton:
// a comment alone on its line, which fill replaces, indentation and all,
// by the text. size is an estimate of its length, better a little over
// than under. The text must be whole lines, indented as gofmt indents them
// where the placeholder stands; write must depend only on what it was
// given, as it runs after the skeleton is rendered.
func (b *bulk) slot(size int, write func(*lines)) jen.Code {
	b.chunks = append(b.chunks, chunk{size: size, write: write})
	return jen.Comment(marker + strconv.Itoa(len(b.chunks)-1))
}

// fill returns src, the formatted skeleton, with each placeholder line
// replaced by its chunk's text. Every chunk must be found once, in order.
func (b *bulk) fill(src []byte) ([]byte, error) {
	if len(b.chunks) == 0 {
		return src, nil
	}
	size := len(src)
	for _, c := range b.chunks {
		size += c.size
	}
	var out lines
	out.Grow(size)
	rest := src
	for i, c := range b.chunks {
		want := marker + strconv.Itoa(i) + "\n"
		at := bytes.Index(rest, []byte(want))
		if at < 0 {
			return nil, fmt.Errorf("bulk text %d has no place in the skeleton (a generator bug)", i)
		}
		start := bytes.LastIndexByte(rest[:at], '\n') + 1
		out.Write(rest[:start])
		c.write(&out)
		rest = rest[at+len(want):]
	}
	if bytes.Contains(rest, []byte(marker)) {
		return nil, fmt.Errorf("a bulk placeholder is left over (a generator bug)")
	}
	out.Write(rest)
	return out.Bytes(), nil
}

// lines builds bulk text.
type lines struct {
	bytes.Buffer
}

// str appends s as a Go string literal, as jennifer writes it.
func (l *lines) str(s string) {
	l.Write(strconv.AppendQuote(l.AvailableBuffer(), s))
}

// int appends n in decimal.
func (l *lines) int(n int64) {
	l.Write(strconv.AppendInt(l.AvailableBuffer(), n, 10))
}

// doc appends the comment lines of text, indented by indent, as comments
// gives them to jennifer.
func (l *lines) doc(indent, text string) {
	forDocLines(text, func(line string) {
		l.WriteString(indent)
		if line == "" {
			l.WriteString("//\n")
			return
		}
		l.WriteString("// ")
		l.WriteString(line)
		l.WriteByte('\n')
	})
}

// docBytes is doc for text held in a byte slice, with the same output:
// the common paragraph, printable ASCII that fits on one line, is written
// as it is, without a string made of it.
func (l *lines) docBytes(indent string, text []byte) {
	if bytes.IndexByte(text, '\r') >= 0 || bytes.Contains(text, []byte("\u2028")) ||
		bytes.Contains(text, []byte("\u2029")) || bytes.Contains(text, []byte("\u0085")) {
		l.doc(indent, string(text))
		return
	}
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if i > 0 {
			l.docParagraph(indent, text[:i])
		}
		j := i
		for j < len(text) && text[j] == '\n' {
			j++
		}
		for range (j - i) / 2 {
			l.WriteString(indent)
			l.WriteString("//\n")
		}
		text = text[j:]
	}
}

// docParagraph appends the comment lines of one paragraph (no line
// breaks), as forDocLines and doc make them.
func (l *lines) docParagraph(indent string, par []byte) {
	if plainASCII(par) {
		t := bytes.TrimSpace(par)
		if len(t) == 0 {
			l.WriteString(indent)
			l.WriteString("//\n")
			return
		}
		if len(t) <= docWidth && !bytes.Contains(t, []byte("  ")) {
			l.WriteString(indent)
			l.WriteString("// ")
			l.Write(t)
			l.WriteByte('\n')
			return
		}
	}
	for _, line := range wrap(scrub(string(par))) {
		l.WriteString(indent)
		if line == "" {
			l.WriteString("//\n")
			continue
		}
		l.WriteString("// ")
		l.WriteString(line)
		l.WriteByte('\n')
	}
}

// rowCount returns the number of rows of p, without building the list
// that p.Entries returns.
func rowCount(p *model.Provider) int {
	n := 0
	for _, t := range p.Tables {
		n += len(t.Entries)
	}
	return n
}

// allEntries yields the rows of p in the order of p.Entries, without
// building the list.
func allEntries(p *model.Provider) iter.Seq[*model.Entry] {
	return func(yield func(*model.Entry) bool) {
		for _, t := range p.Tables {
			for _, e := range t.Entries {
				if !yield(e) {
					return
				}
			}
		}
	}
}
