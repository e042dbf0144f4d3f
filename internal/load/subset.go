package load

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/codebookgen/codebook/internal/diag"
)

// The subset reader reads the YAML that codes files are written in straight
// into the syntax tree, without building yaml.v3's node tree (which costs
// several times the size of the file in memory): block mappings and
// sequences, single-line flow mappings and sequences, plain and quoted
// single-line scalars, and comments. Anything else, and any file with a
// problem of shape (an unknown or repeated key, a list where a value
// belongs, an empty value), it gives up on, and Parse reads the file with
// yaml.v3 instead: that path alone reports problems, so the subset reader
// only ever has to agree with it on files that read well. When in doubt it
// gives up: a file it accepts gives the same tree, values and positions,
// as the yaml.v3 path (FuzzSubsetMatchesYAML checks it).

// giveUp is the panic value by which the subset reader leaves a file it
// does not read; parseSubset recovers it.
type giveUp struct{}

// subset is the state of the subset reader: the text, and a cursor with
// the line it is on.
type subset struct {
	path      string
	src       string
	i         int  // offset of the cursor
	line      int  // 1-based line of the cursor
	lineStart int  // offset of the start of the cursor's line
	ascii     bool // the cursor's line is plain ASCII, so columns are offsets
	ind       int  // indentation of the content line the cursor is on, -1 at the end
	rows      []Row
}

// slot is where the value of one key of a mapping goes: a scalar (str), a
// list of scalars (strs), a nested mapping (mapping) or a list of mappings
// (list).
type slot struct {
	str     *Str
	strs    *[]Str
	mapping func(key string) (slot, int)
	list    listSink
}

// listSink receives the items of a list of mappings.
type listSink interface {
	// start is called once, when the list is found.
	start()
	// item starts the mapping of an item at pos and returns its fields.
	item(pos diag.Pos) func(key string) (slot, int)
	// done ends the item started last.
	done()
	// end is called once after the last item.
	end()
}

// parseSubset reads data with the subset reader; ok is false when it gave
// up, and the file must be read by the yaml.v3 path.
func parseSubset(path, src string) (f *File, ok bool) {
	if !subsetChars(src) {
		return nil, false
	}
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(giveUp); !is {
				panic(r)
			}
			f, ok = nil, false
		}
	}()
	s := &subset{path: path, src: src, line: 1}
	f = &File{Path: path, Pos: diag.Pos{File: path, Line: 1, Col: 1}}
	s.nextContent()
	if s.ind != 0 {
		return nil, false
	}
	s.blockMap(0, s.fileFields(f))
	if s.ind >= 0 {
		return nil, false
	}
	return f, true
}

// subsetChars reports whether data is valid UTF-8 made only of characters
// the subset reader takes as they are: printable ones and \n, no tab, no
// carriage return, no byte order mark, no line or paragraph separator.
func subsetChars(data string) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(data[i:])
		if r == utf8.RuneError || !printableRune(r) {
			return false
		}
		i += size
	}
	return true
}

// printableRune reports a non-ASCII rune YAML takes as plain text.
func printableRune(r rune) bool {
	switch {
	case r == 0x2028 || r == 0x2029 || r == 0xfeff:
		return false
	case r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd, r >= 0x10000 && r <= 0x10ffff:
		return true
	}
	return false
}

// fail gives up on the file.
func fail() { panic(giveUp{}) }

// at returns the byte at the cursor, or 0 at the end.
func (s *subset) at() byte {
	if s.i < len(s.src) {
		return s.src[s.i]
	}
	return 0
}

// peek returns the byte after the cursor, or 0 at the end.
func (s *subset) peek() byte {
	if s.i+1 < len(s.src) {
		return s.src[s.i+1]
	}
	return 0
}

// pos returns the position of offset at on the cursor's line.
func (s *subset) pos(at int) diag.Pos {
	col := at - s.lineStart + 1
	if !s.ascii {
		col = utf8.RuneCountInString(s.src[s.lineStart:at]) + 1
	}
	return diag.Pos{File: s.path, Line: s.line, Col: col}
}

// spaces moves the cursor past spaces.
func (s *subset) spaces() {
	for s.i < len(s.src) && s.src[s.i] == ' ' {
		s.i++
	}
}

// nextContent moves the cursor from the start of a line past blank and
// comment lines to the first character of the next content line, and
// sets ind to its indentation (-1 at the end of the text).
func (s *subset) nextContent() {
	for s.i < len(s.src) {
		start := s.i
		s.spaces()
		if c := s.at(); c != '\n' && c != '#' && c != 0 {
			s.ind = s.i - start
			s.lineStart = start
			s.ascii = isASCII(s.src[start:lineEnd(s.src, start)])
			return
		}
		s.i = lineEnd(s.src, s.i)
		if s.i < len(s.src) {
			s.i++
			s.line++
		}
	}
	s.ind = -1
}

// lineEnd returns the offset of the line break ending the line that holds
// offset i, or the end of the text.
func lineEnd(src string, i int) int {
	if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(src)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// endLine checks that nothing but spaces and a comment follows the cursor
// on its line, then moves to the next content line.
func (s *subset) endLine() {
	before := s.i
	s.spaces()
	switch s.at() {
	case '#':
		if s.i == before {
			fail()
		}
		s.i = lineEnd(s.src, s.i)
	case '\n', 0:
	default:
		fail()
	}
	if s.i < len(s.src) {
		s.i++
		s.line++
	}
	s.nextContent()
}

// key reads `key:` at the cursor, a key made of letters, digits and
// underscores followed by a colon and a space or the end of the line.
func (s *subset) key() string {
	start := s.i
	for s.i < len(s.src) && isKeyByte(s.src[s.i]) {
		s.i++
	}
	if s.i == start || s.at() != ':' {
		fail()
	}
	s.i++
	if c := s.at(); c != ' ' && c != '\n' && c != 0 {
		fail()
	}
	return s.src[start : s.i-1]
}

func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// blockMap reads a block mapping whose first key is at the cursor, at
// indentation indent, handing each value to the slot fields gives it.
func (s *subset) blockMap(indent int, fields func(key string) (slot, int)) {
	var seen uint64
	for {
		sl, n := fields(s.key())
		if n < 0 || seen&(1<<n) != 0 {
			fail()
		}
		seen |= 1 << n
		s.blockValue(indent, sl)
		switch {
		case s.ind == indent:
		case s.ind < indent:
			return
		default:
			fail()
		}
	}
}

// blockValue reads the value of a key of a block mapping at indentation
// indent, the cursor just after the colon.
func (s *subset) blockValue(indent int, sl slot) {
	s.spaces()
	if c := s.at(); c == '\n' || c == 0 || c == '#' {
		s.endLine()
		s.nestedBlock(indent, sl)
		return
	}
	switch {
	case sl.str != nil:
		*sl.str = s.scalar(false)
	case sl.strs != nil && s.at() == '[':
		s.flowScalars(sl.strs)
	case sl.mapping != nil && s.at() == '{':
		s.flowMap(sl.mapping)
	case sl.list != nil && strings.HasPrefix(s.src[s.i:], "[]"):
		s.i += 2
		sl.list.start()
		sl.list.end()
	default:
		fail()
	}
	s.endLine()
}

// nestedBlock reads a value that starts on the line after its key: a
// block sequence or a block mapping.
func (s *subset) nestedBlock(indent int, sl slot) {
	m := s.ind
	switch {
	case m >= indent && s.at() == '-' && s.peek() == ' ':
		switch {
		case sl.strs != nil:
			s.blockSeq(m, func() {
				*sl.strs = append(*sl.strs, s.scalar(false))
				s.endLine()
			})
		case sl.list != nil:
			sl.list.start()
			s.blockSeq(m, func() { s.listItem(sl.list) })
			sl.list.end()
		default:
			fail()
		}
	case m > indent && sl.mapping != nil:
		s.blockMap(m, sl.mapping)
	default:
		fail()
	}
}

// blockSeq reads a block sequence whose first `- ` is at the cursor, at
// indentation indent, calling item with the cursor on each item's value.
func (s *subset) blockSeq(indent int, item func()) {
	for {
		if s.at() != '-' || s.peek() != ' ' {
			fail()
		}
		s.i += 2
		s.spaces()
		if c := s.at(); c == '\n' || c == 0 || c == '#' {
			fail()
		}
		item()
		switch {
		case s.ind == indent && s.at() == '-':
		case s.ind <= indent:
			return
		default:
			fail()
		}
	}
}

// listItem reads one item of a list of mappings: a flow mapping, or a
// block mapping whose first key follows the `- `.
func (s *subset) listItem(l listSink) {
	if s.at() == '{' {
		s.flowMap(l.item(s.pos(s.i)))
		l.done()
		s.endLine()
		return
	}
	s.blockMap(s.i-s.lineStart, l.item(s.pos(s.i)))
	l.done()
}

// flowMap reads a flow mapping held on one line, the cursor on its `{`.
func (s *subset) flowMap(fields func(key string) (slot, int)) {
	s.i++
	s.spaces()
	if s.at() == '}' {
		s.i++
		return
	}
	var seen uint64
	for {
		sl, n := fields(s.key())
		if n < 0 || seen&(1<<n) != 0 || s.at() != ' ' {
			fail()
		}
		seen |= 1 << n
		s.spaces()
		switch {
		case sl.str != nil:
			*sl.str = s.scalar(true)
		case sl.strs != nil && s.at() == '[':
			s.flowScalars(sl.strs)
		default:
			fail()
		}
		if !s.flowNext('}') {
			return
		}
	}
}

// flowScalars reads a flow sequence of scalars held on one line, the
// cursor on its `[`, appending them to dst.
func (s *subset) flowScalars(dst *[]Str) {
	s.i++
	s.spaces()
	if s.at() == ']' {
		s.i++
		return
	}
	for {
		*dst = append(*dst, s.scalar(true))
		if !s.flowNext(']') {
			return
		}
	}
}

// flowNext moves past the `,` after an entry of a flow collection and
// reports true, or past its closing bracket and reports false.
func (s *subset) flowNext(closer byte) bool {
	s.spaces()
	switch s.at() {
	case ',':
		s.i++
		s.spaces()
		if c := s.at(); c == closer || c == ',' {
			fail()
		}
		return true
	case closer:
		s.i++
		return false
	}
	fail()
	return false
}

// scalar reads a scalar on the cursor's line: quoted, or plain; flow tells
// whether it stands inside a flow collection.
func (s *subset) scalar(flow bool) Str {
	p := s.pos(s.i)
	var v string
	switch s.at() {
	case '"':
		v = s.doubleQuoted()
	case '\'':
		v = s.singleQuoted()
	default:
		v = s.plain(flow)
	}
	return Str{Value: v, Pos: p, Set: true}
}

// plain reads a plain scalar: it must not start with an indicator, and it
// ends at the end of the line, at a comment or, in a flow collection, at a
// flow indicator. A `: ` inside it gives up. The cursor is left after its
// last character that is not a space.
func (s *subset) plain(flow bool) string {
	start := s.i
	switch c := s.at(); {
	case c == '-':
		if n := s.peek(); n < '0' || n > '9' {
			fail()
		}
	case strings.IndexByte("?:,[]{}#&*!|>'\"%@`", c) >= 0, c == ' ', c == '\n', c == 0:
		fail()
	}
	end := s.i
	for ; s.i < len(s.src); s.i++ {
		c := s.src[s.i]
		if c == '\n' || c == '#' && s.src[s.i-1] == ' ' {
			break
		}
		if flow && strings.IndexByte(",?[]{}", c) >= 0 {
			break
		}
		if c == ':' && (s.i+1 == len(s.src) || strings.IndexByte(" \n,[]{}", s.src[s.i+1]) >= 0) {
			fail()
		}
		if c != ' ' {
			end = s.i + 1
		}
	}
	s.i = end
	return s.src[start:end]
}

// doubleQuoted reads a double-quoted scalar closed on its line; the only
// escapes it knows are \\, \", \n and \t.
func (s *subset) doubleQuoted() string {
	s.i++
	start := s.i
	var b []byte
	for {
		if s.i >= len(s.src) || s.src[s.i] == '\n' {
			fail()
		}
		c := s.src[s.i]
		if c == '"' {
			break
		}
		if c != '\\' {
			s.i++
			continue
		}
		if b == nil {
			b = make([]byte, 0, lineEnd(s.src, s.i)-start)
		}
		b = append(b, s.src[start:s.i]...)
		b = append(b, unescape(s.peek()))
		s.i += 2
		start = s.i
	}
	v := s.src[start:s.i]
	s.i++
	if b != nil {
		return string(append(b, v...))
	}
	return v
}

// unescape returns the character an escape of the subset stands for.
func unescape(c byte) byte {
	switch c {
	case '\\', '"':
		return c
	case 'n':
		return '\n'
	case 't':
		return '\t'
	}
	fail()
	return 0
}

// singleQuoted reads a single-quoted scalar closed on its line.
func (s *subset) singleQuoted() string {
	s.i++
	start := s.i
	var b []byte
	for {
		if s.i >= len(s.src) || s.src[s.i] == '\n' {
			fail()
		}
		if s.src[s.i] != '\'' {
			s.i++
			continue
		}
		if s.peek() != '\'' {
			break
		}
		b = append(b, s.src[start:s.i+1]...)
		s.i += 2
		start = s.i
	}
	v := s.src[start:s.i]
	s.i++
	if b != nil {
		return string(append(b, v...))
	}
	return v
}

// fileFields returns the fields of the file's mapping.
func (s *subset) fileFields(f *File) func(string) (slot, int) {
	providers := &appendSink[Provider]{dst: &f.Providers, fields: s.providerFields,
		newItem: func(pos diag.Pos) Provider { return Provider{Pos: pos} }}
	return func(key string) (slot, int) {
		switch key {
		case "format":
			return slot{str: &f.Format}, 0
		case "providers":
			return slot{list: providers}, 1
		}
		return slot{}, -1
	}
}

// appendSink collects the items of a list of mappings (the providers of
// the file, the tables of a provider) into dst.
type appendSink[T any] struct {
	dst     *[]T
	cur     *T
	newItem func(pos diag.Pos) T              // a new item at pos
	fields  func(*T) func(string) (slot, int) // the fields of its mapping
}

func (l *appendSink[T]) start() {}
func (l *appendSink[T]) end()   {}

func (l *appendSink[T]) item(pos diag.Pos) func(string) (slot, int) {
	item := l.newItem(pos)
	l.cur = &item
	return l.fields(l.cur)
}

func (l *appendSink[T]) done() { *l.dst = append(*l.dst, *l.cur) }

// providerFields returns the fields of a provider's mapping.
func (s *subset) providerFields(p *Provider) func(string) (slot, int) {
	tables := &appendSink[Table]{dst: &p.Tables, fields: s.tableFields,
		newItem: func(pos diag.Pos) Table { return Table{Pos: pos} }}
	code := func(key string) (slot, int) {
		switch key {
		case "kind":
			return slot{str: &p.CodeKind}, 0
		case "width":
			return slot{str: &p.CodeWidth}, 1
		}
		return slot{}, -1
	}
	return func(key string) (slot, int) {
		switch key {
		case "id":
			return slot{str: &p.ID}, 0
		case "name":
			return slot{str: &p.Name}, 1
		case "go_package":
			return slot{str: &p.GoPackage}, 2
		case "description":
			return slot{str: &p.Description}, 3
		case "source":
			return slot{str: &p.Source}, 4
		case "code":
			return slot{mapping: code}, 5
		case "tables":
			return slot{list: tables}, 6
		}
		return slot{}, -1
	}
}

// tableFields returns the fields of a table's mapping.
func (s *subset) tableFields(t *Table) func(string) (slot, int) {
	rows := &rowSink{s: s, dst: &t.Rows}
	return func(key string) (slot, int) {
		switch key {
		case "id":
			return slot{str: &t.ID}, 0
		case "name":
			return slot{str: &t.Name}, 1
		case "description":
			return slot{str: &t.Description}, 2
		case "fallback":
			return slot{str: &t.Fallback}, 3
		case "rows":
			return slot{list: rows}, 4
		}
		return slot{}, -1
	}
}

// rowSink collects the rows of a table in the reader's scratch list, which
// every table reuses, and copies them out once, at their final size.
type rowSink struct {
	s      *subset
	dst    *[]Row
	cur    Row
	fields func(string) (slot, int)
}

func (l *rowSink) start() { l.s.rows = l.s.rows[:0] }

func (l *rowSink) end() {
	*l.dst = slices.Clone(l.s.rows)
	if *l.dst == nil {
		*l.dst = []Row{}
	}
}

func (l *rowSink) item(pos diag.Pos) func(string) (slot, int) {
	l.cur = Row{Pos: pos}
	if l.fields == nil {
		l.fields = rowFields(&l.cur)
	}
	return l.fields
}

func (l *rowSink) done() { l.s.rows = append(l.s.rows, l.cur) }

// rowFields returns the fields of a row's mapping, stored into *r.
func rowFields(r *Row) func(string) (slot, int) {
	return func(key string) (slot, int) {
		switch key {
		case "use":
			return slot{str: &r.Use}, 0
		case "name":
			return slot{str: &r.Name}, 1
		case "code":
			return slot{str: &r.Code}, 2
		case "http":
			return slot{str: &r.HTTP}, 3
		case "message":
			return slot{str: &r.Message}, 4
		case "match":
			return slot{strs: &r.Match}, 5
		case "description":
			return slot{str: &r.Description}, 6
		case "resolution":
			return slot{str: &r.Resolution}, 7
		case "doc_row":
			return slot{str: &r.DocRow}, 8
		case "inferred":
			return slot{strs: &r.Inferred}, 9
		case "note":
			return slot{str: &r.Note}, 10
		case "outcome":
			return slot{str: &r.Outcome}, 11
		case "retry":
			return slot{str: &r.Retry}, 12
		case "retry_after":
			return slot{str: &r.RetryAfter}, 13
		case "fault":
			return slot{str: &r.Fault}, 14
		case "category":
			return slot{str: &r.Category}, 15
		}
		return slot{}, -1
	}
}
