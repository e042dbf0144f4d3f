// Package tablediff compares two versions of a codes.yaml and says what
// changed for the code that uses them: providers, tables and rows added or
// removed, rows renamed (same code, new message or Go name), statuses and
// classes changed. A change that breaks callers is marked: a row, table or
// provider removed or renamed, a class moved toward less safe (uncertain or
// pending to a final outcome, anything to failed, reconcile to a resend), a
// category changed.
package tablediff

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/codebookgen/codebook/internal/diag"
	"github.com/codebookgen/codebook/internal/load"
	"github.com/codebookgen/codebook/internal/model"
	"github.com/codebookgen/codebook/internal/validate"
)

// Kind names a kind of change.
type Kind string

// The kinds of change.
const (
	ProviderAdded   Kind = "provider_added"
	ProviderRemoved Kind = "provider_removed"
	CodeKindChanged Kind = "code_kind_changed" // the Go type of the wire code changed
	PackageChanged  Kind = "go_package_changed"
	TableAdded      Kind = "table_added"
	TableRemoved    Kind = "table_removed"
	RowAdded        Kind = "row_added"
	RowRemoved      Kind = "row_removed"
	MessageChanged  Kind = "message_changed" // the row is renamed: same code, new message
	NameChanged     Kind = "name_changed"    // the row's Go name, hence its constant, changed
	StatusChanged   Kind = "status_changed"
	OutcomeChanged  Kind = "outcome_changed"
	RetryChanged    Kind = "retry_changed"
	DelayChanged    Kind = "retry_after_changed"
	FaultChanged    Kind = "fault_changed"
	CategoryChanged Kind = "category_changed"
)

// Change is one difference between the old and the new file.
type Change struct {
	Provider string `json:"provider"`
	Table    string `json:"table,omitempty"`
	Row      string `json:"row,omitempty"` // "code 2010", or "http 404 \"Not found\"" for a row without a code
	Kind     Kind   `json:"kind"`
	Breaking bool   `json:"breaking"`
	Old      string `json:"old,omitempty"`
	New      string `json:"new,omitempty"`
	Why      string `json:"why,omitempty"` // why a breaking change breaks callers
	OldPos   string `json:"old_pos,omitempty"`
	NewPos   string `json:"new_pos,omitempty"`
}

// Load reads and validates a codes file; its problems come with
// file:line:col.
func Load(path string) (*model.Spec, error) {
	f, err := load.ReadFile(path)
	if err != nil {
		return nil, err
	}
	spec, err := validate.Spec(f)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s is not a valid codes file: fix it (codebook lint %s) before diffing", err, path, path)
	}
	return spec, nil
}

// Compare returns the changes from old to new, sorted by provider, table,
// row and kind.
func Compare(old, new *model.Spec) []Change {
	var out []Change
	for _, op := range old.Providers {
		np := new.Provider(op.ID)
		if np == nil {
			out = append(out, Change{Provider: op.ID, Kind: ProviderRemoved, Breaking: true,
				Why: "its generated package and every constant in it disappear", OldPos: pos(op.Pos)})
			continue
		}
		out = append(out, compareProvider(op, np)...)
	}
	for _, np := range new.Providers {
		if old.Provider(np.ID) == nil {
			out = append(out, Change{Provider: np.ID, Kind: ProviderAdded, NewPos: pos(np.Pos)})
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Provider, b.Provider), cmp.Compare(a.Table, b.Table),
			cmp.Compare(a.Row, b.Row), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// Breaking reports whether any change breaks callers.
func Breaking(changes []Change) bool {
	return slices.ContainsFunc(changes, func(c Change) bool { return c.Breaking })
}

func compareProvider(op, np *model.Provider) []Change {
	var out []Change
	base := Change{Provider: op.ID, Breaking: true, OldPos: pos(op.Pos), NewPos: pos(np.Pos)}
	if ok, nk := kindName(op), kindName(np); ok != nk {
		c := base
		c.Kind, c.Old, c.New, c.Why = CodeKindChanged, ok, nk, "the generated Code type changes"
		out = append(out, c)
	}
	if op.GoPackage != np.GoPackage {
		c := base
		c.Kind, c.Old, c.New, c.Why = PackageChanged, op.GoPackage, np.GoPackage, "the generated package's import path changes"
		out = append(out, c)
	}
	for _, ot := range op.Tables {
		nt := np.Table(ot.ID)
		if nt == nil {
			out = append(out, Change{Provider: op.ID, Table: ot.ID, Kind: TableRemoved, Breaking: true,
				Why: "its Table constant and its rows' constants disappear", OldPos: pos(ot.Pos)})
			continue
		}
		out = append(out, compareTable(op.ID, ot, nt)...)
	}
	for _, nt := range np.Tables {
		if op.Table(nt.ID) == nil {
			out = append(out, Change{Provider: np.ID, Table: nt.ID, Kind: TableAdded, NewPos: pos(nt.Pos)})
		}
	}
	return out
}

// compareTable pairs the rows of two versions of a table: by code; rows
// without a code by status and message, then the rest by name.
func compareTable(provider string, ot, nt *model.Table) []Change {
	var out []Change
	matched := map[*model.Entry]bool{}
	pairs := map[*model.Entry]*model.Entry{}
	for _, pass := range []func(a, b *model.Entry) bool{sameCode, sameStatusMessage, sameNameNoCode} {
		for _, oe := range ot.Entries {
			if pairs[oe] != nil {
				continue
			}
			for _, ne := range nt.Entries {
				if !matched[ne] && pass(oe, ne) {
					pairs[oe], matched[ne] = ne, true
					break
				}
			}
		}
	}
	for _, oe := range ot.Entries {
		if ne := pairs[oe]; ne != nil {
			out = append(out, compareRows(provider, ot.ID, oe, ne)...)
			continue
		}
		out = append(out, Change{Provider: provider, Table: ot.ID, Row: rowKey(oe), Kind: RowRemoved, Breaking: true,
			Old: oe.Name, Why: "its constant disappears and a response with it is no longer recognised (uncertain)",
			OldPos: pos(oe.Pos)})
	}
	for _, ne := range nt.Entries {
		if !matched[ne] {
			out = append(out, Change{Provider: provider, Table: nt.ID, Row: rowKey(ne), Kind: RowAdded, New: ne.Name, NewPos: pos(ne.Pos)})
		}
	}
	return out
}

func sameCode(a, b *model.Entry) bool { return a.HasCode && b.HasCode && a.Code == b.Code }

func sameStatusMessage(a, b *model.Entry) bool {
	return !a.HasCode && !b.HasCode && a.HTTP == b.HTTP && strings.EqualFold(a.Message, b.Message)
}

func sameNameNoCode(a, b *model.Entry) bool { return !a.HasCode && !b.HasCode && a.Name == b.Name }

// rowKey names a row for people: its code, else its status and message.
func rowKey(e *model.Entry) string {
	if e.HasCode {
		return "code " + e.Code
	}
	k := "http " + strconv.Itoa(e.HTTP)
	if e.Message != "" {
		k += " " + strconv.Quote(e.Message)
	}
	return k
}

func pos(p diag.Pos) string {
	if p.Line == 0 {
		return ""
	}
	return p.String()
}

// kindName describes a provider's code type: "integer", "string" or
// "string, width 4".
func kindName(p *model.Provider) string {
	if p.CodeKind == model.CodeInteger {
		return "integer"
	}
	if p.CodeWidth > 0 {
		return "string, width " + strconv.Itoa(p.CodeWidth)
	}
	return "string"
}
