// Package diag holds source positions and the problem lists that every stage
// of the generator reports, formatted as file:line:col: message.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file. Line and Col start at 1; zero means
// unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col, leaving out unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is one thing wrong with the input, and what to do about it.
type Problem struct {
	Pos Pos
	Msg string
}

// String formats the problem as file:line:col: message.
func (p Problem) String() string { return p.Pos.String() + ": " + p.Msg }

// List collects problems. The zero value is ready to use.
type List struct {
	problems []Problem
}

// Addf records a problem at pos.
func (l *List) Addf(pos Pos, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Append adds every problem of other.
func (l *List) Append(other List) { l.problems = append(l.problems, other.problems...) }

// Len reports how many problems were recorded.
func (l *List) Len() int { return len(l.problems) }

// Problems returns the problems sorted by file, line and column, then
// message, so that reports are stable.
func (l *List) Problems() []Problem {
	out := slices.Clone(l.problems)
	slices.SortStableFunc(out, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Msg, b.Msg))
	})
	return out
}

// Err returns nil when the list is empty, and an *Error holding every
// problem otherwise.
func (l *List) Err() error {
	if len(l.problems) == 0 {
		return nil
	}
	return &Error{Problems: l.Problems()}
}

// Error is returned by a stage that found problems in its input.
type Error struct {
	Problems []Problem
}

// Error prints one problem per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Join merges the problems of several stages into one *Error, sorted. An
// error that is not a *Error is returned as it is, before any other.
func Join(errs ...error) error {
	var l List
	for _, err := range errs {
		var de *Error
		switch {
		case err == nil:
		case errors.As(err, &de):
			l.problems = append(l.problems, de.Problems...)
		default:
			return err
		}
	}
	return l.Err()
}
