package load

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/codebookgen/codebook/internal/diag"
)

// yaml.v3 reports a syntax error with one line number and no column, and
// the line is where the enclosing block began (a list 20 lines up), not the
// mistake. The mistake is on the first line that makes the file unreadable:
// every prefix of the file that ends before it parses, every prefix that
// includes it fails. So the syntax pass looks for the shortest failing prefix
// (a binary search from the line yaml.v3 names), takes the column from the
// kind of error and that line's text, then neutralises the line and parses
// again, to report every mistake the parser can get past.

// maxSyntaxProblems bounds the parse-neutralise-parse rounds.
const maxSyntaxProblems = 20

// closeWindow is how many lines past an unclosed quote or bracket are tried
// to tell a legal multi-line value (it closes, and the file reads on) from a
// mistake (the file never reads again).
const closeWindow = 40

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// SyntaxError returns every YAML syntax problem of data (the file at path,
// any YAML, not only a codes file), each at the line and column of the
// mistake, as a *diag.Error; nil when data is well-formed YAML. The OpenAPI
// loader uses it when its parser fails on YAML syntax.
func SyntaxError(path string, data []byte) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return syntaxError(path, data, err)
	}
	return nil
}

// syntaxError returns every YAML syntax problem of data, positioned at the
// mistake, as a *diag.Error; err is yaml.v3's error for the whole of data.
func syntaxError(path string, data []byte, err error) error {
	var l diag.List
	lines := strings.SplitAfter(string(data), "\n")
	for range maxSyntaxProblems {
		p, ok := locate(lines, err)
		if !ok {
			l.Addf(diag.Pos{File: path, Line: yamlErrLine(err)}, "invalid YAML: %s", yamlMsg(err))
			break
		}
		l.Addf(diag.Pos{File: path, Line: p.line, Col: p.col}, "invalid YAML: %s", p.msg)
		lines = p.neutralise(lines)
		if err = parse(lines, len(lines)); err == nil {
			break
		}
	}
	return l.Err()
}

// mistake is one located syntax problem: its 1-based line and column, the
// message, and how to make the line harmless for the next round.
type mistake struct {
	line, col int
	msg       string
	fix       func(string) string // replaces the line; nil blanks it and its children
}

// locate finds the first line that makes lines unreadable, given err, the
// error of the whole.
func locate(lines []string, err error) (mistake, bool) {
	lo := max(yamlErrLine(err)-1, 1)
	if lo > len(lines) || parse(lines, lo-1) != nil {
		lo = 1
	}
	k := firstFailing(lines, lo)
	if k == 0 {
		return mistake{}, false
	}
	kerr := parse(lines, k)
	if isUnclosed(kerr) {
		if j := closesLater(lines, k); j > 0 {
			if k2 := firstFailing(lines, j+1); k2 > 0 {
				k, kerr = k2, parse(lines, k2)
			}
		}
	}
	return describe(lines[k-1], k, yamlMsg(kerr)), true
}

// firstFailing returns the smallest k >= lo such that the first k lines do
// not parse (failure is taken as monotone from lo on), or 0.
func firstFailing(lines []string, lo int) int {
	hi := len(lines)
	if parse(lines, hi) == nil {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if parse(lines, mid) != nil {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// closesLater reports the first line j within closeWindow after k such that
// the first j lines parse again (the value opened at k was legal and
// closed), or 0.
func closesLater(lines []string, k int) int {
	for j := k + 1; j <= min(k+closeWindow, len(lines)); j++ {
		err := parse(lines, j)
		if err == nil {
			return j
		}
		if !isUnclosed(err) {
			return 0
		}
	}
	return 0
}

// parse parses the first n lines.
func parse(lines []string, n int) error {
	var root yaml.Node
	return yaml.Unmarshal([]byte(strings.Join(lines[:n], "")), &root)
}

// isUnclosed reports an error of a value still open at the end of the input.
func isUnclosed(err error) bool {
	m := yamlMsg(err)
	return strings.Contains(m, "unexpected end of stream") || strings.HasPrefix(m, "did not find expected ',' or") ||
		strings.Contains(m, "expected node content")
}

// opensBracket reports whether text leaves a `{` or `[` open.
func opensBracket(text string) bool {
	col, _ := unclosedBrackets(text)
	return col > 0
}

// describe positions and words the problem that line (number n) causes,
// given the parser's message for the file up to it.
func describe(line string, n int, msg string) mistake {
	text := strings.TrimRight(line, "\r\n")
	first := len(text) - len(strings.TrimLeft(text, " \t")) + 1
	m := mistake{line: n, col: first}
	switch {
	case strings.Contains(msg, "tab character"):
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			m.col = i + 1
		}
		m.msg = "a tab in the indentation: YAML indents with spaces only"
	case strings.Contains(msg, "cannot start any token"):
		if i := strings.IndexByte(text, '\t'); i >= 0 && i < first {
			m.col, m.msg = i+1, "a tab in the indentation: YAML indents with spaces only"
		} else {
			m.msg = "this value cannot start with " + strconv.Quote(text[first-1:first]) + ": put the value in quotes"
		}
	case strings.Contains(msg, "could not find expected ':'"):
		m.msg = "`" + strings.TrimSpace(text) + "` is not a `key: value` pair: a colon is missing"
	case strings.Contains(msg, "mapping values are not allowed"):
		m.col, m.msg = secondColon(text, first), "a second `: ` in a plain value: put the value in quotes"
	case strings.Contains(msg, "unexpected end of stream"):
		if col, q := unclosedQuote(text); col > 0 {
			m.col, m.msg = col, "the quote opened here is not closed: close it, or escape the quotes inside it"
			m.fix = func(s string) string { return strings.TrimRight(s, "\r\n") + q + "\n" }
		} else {
			m.msg = msg
		}
	case strings.HasPrefix(msg, "did not find expected ',' or") || strings.Contains(msg, "expected node content") && opensBracket(text):
		col, closers := unclosedBrackets(text)
		if col == 0 {
			m.msg = "a `,` between values, or a closing bracket, is missing"
			break
		}
		m.col, m.msg = col, "`"+text[col-1:col]+"` opened here is not closed: end it with `"+closers+"`"
		m.fix = func(s string) string { return strings.TrimRight(s, "\r\n") + closers + "\n" }
	default:
		m.msg = "this line's indentation (" + strconv.Itoa(first-1) + " spaces) fits no enclosing block: indent it like the lines it belongs with (the parser: " + msg + ")"
	}
	return m
}

// neutralise returns lines with the mistake made harmless: the line fixed,
// or blanked, and when it opens a block (ends with a colon), every line
// below it indented deeper (its children) blanked too.
func (m mistake) neutralise(lines []string) []string {
	out := append([]string(nil), lines...)
	line := out[m.line-1]
	if m.fix != nil {
		out[m.line-1] = m.fix(line)
		return out
	}
	out[m.line-1] = "\n"
	if !strings.HasSuffix(strings.TrimSpace(line), ":") {
		return out
	}
	for i := m.line; i < len(out) && (strings.TrimSpace(out[i]) == "" || indent(out[i]) > indent(line)); i++ {
		out[i] = "\n"
	}
	return out
}

// indent counts the leading blanks (spaces and tabs) of a line.
func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

// secondColon returns the column of the `:` that ends a key inside a value:
// the second key colon of the line, else the first, else first.
func secondColon(text string, first int) int {
	var cols []int
	inQuote := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inQuote != 0:
			if c == inQuote {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			inQuote = c
		case c == '#' && (i == 0 || text[i-1] == ' '):
			i = len(text)
		case c == ':' && (i+1 == len(text) || text[i+1] == ' '):
			cols = append(cols, i+1)
		}
	}
	switch {
	case len(cols) >= 2:
		return cols[1]
	case len(cols) == 1:
		return cols[0]
	}
	return first
}

// unclosedQuote returns the column of a quote left open at the end of the
// line, and the quote character, or 0.
func unclosedQuote(text string) (int, string) {
	open, q := 0, byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case q == '"' && c == '\\':
			i++
		case q != 0 && c == q:
			if q == '\'' && i+1 < len(text) && text[i+1] == '\'' {
				i++
				continue
			}
			q = 0
		case q == 0 && (c == '"' || c == '\'') && (i == 0 || strings.ContainsRune(" \t:,[{-", rune(text[i-1]))):
			open, q = i+1, c
		case q == 0 && c == '#' && (i == 0 || text[i-1] == ' '):
			i = len(text)
		}
	}
	if q == 0 {
		return 0, ""
	}
	return open, string(q)
}

// unclosedBrackets returns the column of the outermost `{` or `[` left open
// at the end of the line, and the closers that would close all of them.
func unclosedBrackets(text string) (int, string) {
	var stack []int
	q := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case q != 0:
			if c == '\\' && q == '"' {
				i++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '{' || c == '[':
			stack = append(stack, i)
		case (c == '}' || c == ']') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return 0, "}"
	}
	var closers strings.Builder
	for i := len(stack) - 1; i >= 0; i-- {
		if text[stack[i]] == '{' {
			closers.WriteByte('}')
		} else {
			closers.WriteByte(']')
		}
	}
	return stack[0] + 1, closers.String()
}

// yamlErrLine is the line yaml.v3's error names, or 0.
func yamlErrLine(err error) int {
	if m := yamlLine.FindStringSubmatch(firstLine(err)); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// yamlMsg is yaml.v3's message without its "yaml: line N: " prefix.
func yamlMsg(err error) string {
	s := firstLine(err)
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		return m[2]
	}
	return strings.TrimPrefix(s, "yaml: ")
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n"), "\n")
	return strings.TrimSpace(s)
}
