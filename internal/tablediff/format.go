package tablediff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Report is the JSON form of a diff.
type Report struct {
	Old      string   `json:"old"`
	New      string   `json:"new"`
	Breaking int      `json:"breaking"` // how many changes break callers
	Changes  []Change `json:"changes"`
}

// NewReport counts the breaking changes.
func NewReport(oldPath, newPath string, changes []Change) Report {
	r := Report{Old: oldPath, New: newPath, Changes: changes}
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	for _, c := range changes {
		if c.Breaking {
			r.Breaking++
		}
	}
	return r
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes one line per change, breaking ones first marked
// BREAKING with the reason, then a summary line.
func WriteText(w io.Writer, r Report) error {
	var b strings.Builder
	for _, breaking := range []bool{true, false} {
		for _, c := range r.Changes {
			if c.Breaking == breaking {
				b.WriteString(line(c))
			}
		}
	}
	switch {
	case len(r.Changes) == 0:
		fmt.Fprintf(&b, "no changes between %s and %s\n", r.Old, r.New)
	default:
		fmt.Fprintf(&b, "%d changes, %d breaking\n", len(r.Changes), r.Breaking)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func line(c Change) string {
	where := c.Provider
	for _, s := range []string{c.Table, c.Row} {
		if s != "" {
			where += "/" + s
		}
	}
	mark := "change  "
	if c.Breaking {
		mark = "BREAKING"
	}
	s := fmt.Sprintf("%s %s: %s", mark, where, strings.ReplaceAll(string(c.Kind), "_", " "))
	switch {
	case c.Old != "" && c.New != "":
		s += fmt.Sprintf(" %q -> %q", c.Old, c.New)
	case c.Old != "":
		s += fmt.Sprintf(" %q", c.Old)
	case c.New != "":
		s += fmt.Sprintf(" %q", c.New)
	}
	if c.Why != "" {
		s += " (" + c.Why + ")"
	}
	if p := firstNonEmpty(c.NewPos, c.OldPos); p != "" {
		s += " at " + p
	}
	return s + "\n"
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
